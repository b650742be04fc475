"""a stated growth rate must match the change between the two levels.

What it does
    For each `kind: growth` claim with a `from_period` ("up 24.7% from 2023"),
    finds the levels at both periods (the same source's first, then other
    sources') and computes the growth of the magnitude, |later| / |earlier| − 1,
    as an interval from both rounding intervals; reports when the stated rate
    lies outside it. The finding also gives the earlier level the stated rate
    implies.

Why is this bad?
    Growth rates are the most quoted and least checked figures in an article;
    a rate that its own levels contradict misleads every reader who repeats it.

Example
    PASS: $918 billion in 2024, $784.9 billion in 2023, "up 17.0%".
    FAIL: $918 billion in 2024, $797 billion in 2023, "up 24.7%" (the levels give 15.2 %).

Use instead
    Check `from_period:` and the metric (a rate of the balance, of exports or
    of imports). Look for the earlier level the finding says the rate
    implies: a revised or another source's level often explains the rate. If
    none does, quote the levels rather than the rate, and accept the finding
    in the baseline with that reason.
"""

from __future__ import annotations

from reconcile.causes import relational_cause
from reconcile.numbers import Interval, human_interval, percent_points
from reconcile.rules._context import finding, interval, metric_label, published
from reconcile.rules._levels import between_periods

CODE = "RC305"
NAME = "growth-rate"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "growth claims"


def check(ctx, options):
    for claim, later, earlier in between_periods(ctx, "growth"):
        ratio = later.interval.magnitude().divide(earlier.interval.magnitude())
        if ratio is None:
            continue
        computed = Interval((ratio.lo - 1) * 100, (ratio.hi - 1) * 100)
        stated = interval(claim)
        if computed.overlaps(stated):
            continue
        implied = later.interval.magnitude().divide(Interval(1 + stated.hi / 100, 1 + stated.lo / 100))
        cause, soft = relational_cause(claim, [later, earlier])
        yield finding(
            CODE, NAME,
            f"{claim['source']} says {metric_label(claim['metric'])} changed by {published(claim)} from "
            f"{claim['from_period']} to {claim['period']}, but the levels {earlier.said} and "
            f"{later.said} give {percent_points(computed)}.",
            [claim["id"], *later.ids_from(claim["source"]), *earlier.ids_from(claim["source"])], cause,
            context=[*later.ids, *earlier.ids],  # levels of other sources: evidence, not fingerprinted
            computed_growth=percent_points(computed, ".2f"),
            implied_earlier_level=human_interval(implied, later.rows[0]["unit"]) if implied else None,
            soften=soft,
        )  # fmt: skip
