"""an average per period times the number of periods must give the total.

What it does
    For each `kind: average` claim ("a 2024 average monthly deficit of around
    $100 billion"), finds the total for the whole period (the same source's
    first, then other sources'), or else the sum of every sub-period figure,
    and checks average × number of sub-periods = total within rounding and
    the qualifier's band.

Why is this bad?
    Averages are derived figures; a mismatch with the total means one of the
    two was computed over a different span or copied wrongly.

Example
    PASS: average monthly deficit around $100 billion; annual deficit $1.205 trillion (÷ 12 = 100.4).
    FAIL: average monthly deficit $90 billion; annual deficit $1.205 trillion (÷ 12 = 100.4).

Use instead
    Check `per:`, `period:` and `qualifier:` against the quote (an average
    over the months published so far is not an average over the year). If
    the claim is right, rely on the total rather than the average, and
    accept the finding in the baseline with that reason.
"""

from __future__ import annotations

from reconcile.causes import relational_cause
from reconcile.numbers import human_interval
from reconcile.rules._context import finding, interval, published
from reconcile.verdicts import stated_basis

CODE = "RC304"
NAME = "average-total"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "average claims"

PER_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_ADJ = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}


def check(ctx, options):
    if not ctx.of_kind("average"):
        return
    index = ctx.level_index
    for claim in ctx.of_kind("average"):
        months = (claim["period_end"].year - claim["period_start"].year) * 12 + claim["period_end"].month - claim["period_start"].month + 1
        n = months / PER_MONTHS[claim["per"]]
        level = index.level(claim["subject"], claim["metric"], claim["period"], claim["product"], claim["source"], stated_basis(claim))
        summed = level is None
        if summed and n == int(n):
            level = index.sum_over(
                claim["subject"], claim["metric"], claim["product"], claim["source"],
                claim["period_start"], claim["period_end"], claim["per"], int(n), stated_basis(claim),
            )  # fmt: skip
        if level is None:
            continue
        implied = interval(claim).scale(n)
        if implied.overlaps(level.interval):
            continue
        cause, soft = relational_cause(claim, [level])
        per_period = level.interval.scale(1 / n)
        yield finding(
            CODE, NAME,
            f"{claim['source']} gives an average of {published(claim)} per {claim['per']} for {claim['period']}, "
            + (f"but its {n:g} {_ADJ[claim['per']]} figures add up to {human_interval(level.interval, claim['unit'])}, which averages "
               if summed else f"but the total {level.said} over {n:g} {claim['per']}s averages ")
            + f"{human_interval(per_period, claim['unit'])}.",
            [claim["id"], *level.ids_from(claim["source"])], cause,
            context=level.ids,  # levels of other sources: evidence, not fingerprinted
            implied_total=human_interval(implied, claim["unit"]), average_from_total=human_interval(per_period, claim["unit"]),
            periods=n, soften=soft,
        )  # fmt: skip
