"""a stated absolute change must match the two levels.

What it does
    For each `kind: change` claim with a `from_period` ("an $11.3 billion jump
    from April"), finds both levels and checks later − earlier = change within
    rounding. When the earlier level is not stated anywhere, nothing is
    checked (the implied level is shown in the report's details of related
    findings instead).

Why is this bad?
    "Up $11.3 billion from April" is a claim about two numbers; if either is
    revised or mistyped, the change stops adding up.

Example
    PASS: May deficit $71.5 billion, April $60.2 billion, "an $11.3 billion jump".
    FAIL: May deficit $71.5 billion, April $61.6 billion, "an $11.3 billion jump".

Use instead
    Check `from_period:` and the change's sign (a deficit that grows by 11.3
    is a change of −11.3). If the claim is right, one level was revised:
    quote the levels of one release, and accept the finding in the baseline
    with a reason naming them.
"""

from __future__ import annotations

from reconcile.causes import relational_cause
from reconcile.numbers import human_interval
from reconcile.rules._context import finding, interval, metric_label, published
from reconcile.rules._levels import between_periods

CODE = "RC306"
NAME = "change-between-levels"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "change claims"


def check(ctx, options):
    for claim, later, earlier in between_periods(ctx, "change"):
        computed = later.interval - earlier.interval
        if computed.overlaps(interval(claim)):
            continue
        cause, soft = relational_cause(claim, [later, earlier])
        yield finding(
            CODE, NAME,
            f"{claim['source']} says {metric_label(claim['metric'])} changed by {published(claim)} from "
            f"{claim['from_period']} to {claim['period']}, but the levels {earlier.said} and "
            f"{later.said} differ by {human_interval(computed, claim['unit'])}.",
            [claim["id"], *later.ids_from(claim["source"]), *earlier.ids_from(claim["source"])], cause,
            context=[*later.ids, *earlier.ids],  # levels of other sources: evidence, not fingerprinted
            computed_change=human_interval(computed, claim["unit"]), soften=soft,
        )  # fmt: skip
