"""a combined figure must equal the sum of its named parts.

What it does
    For each `kind: total` claim ("a combined deficit of $620 billion with
    China, Japan, South Korea, Taiwan and Vietnam"), adds up the figures of
    the named parts for the same metric and period — the document's own where
    it has them, other sources' otherwise — and compares the sum, as an
    interval, with the stated total.

Why is this bad?
    Combined figures are computed by the writer, often from a list printed a
    few lines above; a total that its own parts do not add up to is an
    arithmetic error a reader can check in seconds, and will.

Example
    PASS: total -$628 billion over parts -295, -69, -66, -74, -124.
    FAIL: total -$620 billion over parts -295, -69, -66, -74, -124 (sum -628 ± 2.5).

Use instead
    Check `parts:` against the document's words (a part left out or added
    changes the sum) and each part's figure. If the total is mis-added, quote
    the parts rather than the total, and accept the finding in the baseline
    with that reason.
"""

from __future__ import annotations

from reconcile.causes import parts_total_cause
from reconcile.numbers import human_interval, total
from reconcile.rules._context import finding, interval, metric_label, published
from reconcile.verdicts import stated_basis

CODE = "RC303"
NAME = "total-over-parts"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "total claims"


def check(ctx, options):
    if not ctx.of_kind("total"):
        return
    index = ctx.level_index
    names = {c.subject: c.subject_name for c in ctx.claims}
    for claim in ctx.of_kind("total"):
        levels = [index.level(p, claim["metric"], claim["period"], claim["product"], claim["source"], stated_basis(claim)) for p in claim["parts"]]
        missing = [p for p, lv in zip(claim["parts"], levels) if lv is None]
        if missing:
            continue  # nothing to add up: coverage of the parts is not this rule's business
        summed = total(lv.interval for lv in levels)
        stated = interval(claim)
        if summed.overlaps(stated):
            continue
        cause, soft = parts_total_cause(claim, levels, summed, published(claim))
        parts_said = ", ".join(f"{names.get(p, p)} {lv.said}" for p, lv in zip(claim["parts"], levels))
        yield finding(
            CODE, NAME,
            f"{claim['source']} states a combined {metric_label(claim['metric'])} of {published(claim)} for "
            f"{claim['period']}, but its parts add up to {human_interval(summed, claim['unit'])} ({parts_said}).",
            [claim["id"], *[i for lv in levels for i in lv.ids_from(claim["source"])]], cause,
            context=[i for lv in levels for i in lv.ids],  # parts from other sources: evidence, not fingerprinted
            computed_sum=human_interval(summed, claim["unit"]), sum_lo=summed.lo, sum_hi=summed.hi, soften=soft,
        )  # fmt: skip
