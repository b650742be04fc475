"""a figure changes more between adjacent years than is plausible.

What it does
    For each entity, metric and product, compares annual figures of adjacent
    years (from any sources) and reports changes of the magnitude beyond
    `max-relative-change` even at the most favourable end of both rounding
    intervals. It names the likely cause: a different data lineage (OEC mirror
    data vs Census), a wrong figure, or a real break.

Why is this bad?
    Trade balances rarely halve or double in a year. When a 2023 figure from
    one source and a 2024 figure from another are that far apart, the two are
    probably not comparable — or one is wrong — and a reader combining them
    will draw the wrong trend.

Example
    PASS: China goods balance 2023 -$282.7 billion (OEC), 2024 -$295.4 billion (Census): +4 %.
    FAIL: Canada goods balance 2023 -$140.5 billion (OEC), 2024 -$63.3 billion: -55 %.

Use instead
    Compare like with like: take both years from one lineage, and record each
    source's `lineage:` so the cause is named. If the break is real (a
    tariff, a recession), accept the finding in the baseline with the reason;
    for series that are volatile by nature, raise `max-relative-change`.
"""

from __future__ import annotations

from reconcile.causes import explain
from reconcile.numbers import percent
from reconcile.options import Option
from reconcile.rules._context import figure_name, finding, hull, published

CODE = "RC203"
NAME = "implausible-change"
DEFAULT_SEVERITY = "warning"
OPTIONS = {
    "max_relative_change": Option(
        float, 0.35, "largest plausible change in a year, as a fraction of the earlier magnitude (0.35 = 35 %)", min=0.0, max=100.0
    ),
}
CHECKS = "value claims"


def check(ctx, options):
    bound = float(options["max_relative_change"])
    pairs = _pairs_columnar(ctx, bound) if ctx.columnar is not None else _pairs(ctx, bound)
    for year, source_a, a, source_b, b in pairs:
        ha, hb = hull(a), hull(b)
        before = ha.mid
        change = hb.mid / before - 1 if before else float("inf")
        cause = explain(a, b, ctx.corpus, across_periods=True)
        first = a[0]
        yield finding(
            CODE, NAME,
            f"{figure_name(first).rsplit(' ', 1)[0]} moves from {published(a[0])} "
            f"in {year} ({source_a}) to {published(b[0])} in {year + 1} "
            f"({source_b}), " + (f"a {percent(change, '+.0%')} change in a year" if before else "from about zero")
            + ": the two are probably not comparable.",
            [r["id"] for r in a] + [r["id"] for r in b], cause,
            relative_change=round(change, 4) if before else None, bound=bound,
        )  # fmt: skip


def _series_sides(ctx) -> dict[tuple, list]:
    """One side per (series, year, source) of annual dollar figures: a source's own repeats are RC202's business."""
    sides: dict[tuple, list] = {}
    for r in ctx.values:
        if r["period_grain"] == "year" and r["unit"] == "USD":
            series = (r["subject"], r["metric"], r["product"], r["status"])
            sides.setdefault((series, r["period_start"].year, r["source"]), []).append(r)
    return sides


def _pairs(ctx, bound: float):
    """(year, source a, its claims, source b, its claims) for each change beyond `bound`, in series and year order."""
    sides = _series_sides(ctx)
    by_year: dict[tuple, list] = {}
    for (series, year, source), rows in sides.items():
        by_year.setdefault((series, year), []).append((source, rows))
    hulls = {key: hull(rows) for key, rows in sides.items()}
    for (series, year), earlier in sorted(by_year.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        later = by_year.get((series, year + 1))
        if not later:
            continue
        mags = [hulls[(series, year, source)].magnitude() for source, _ in earlier]
        least_hi, most_lo = min(m.hi for m in mags), max(m.lo for m in mags)
        for source_b, b in later:
            b_mag = hulls[(series, year + 1, source_b)].magnitude()
            # Some earlier side is too far from this one iff the nearest of them already is.
            if not (least_hi * (1 + bound) < b_mag.lo or most_lo * (1 - bound) > b_mag.hi):
                continue
            for source_a, a in earlier:
                if _beyond(hulls[(series, year, source_a)].magnitude(), b_mag, bound):
                    yield year, source_a, a, source_b, b


def _beyond(a_mag, b_mag, bound: float) -> bool:
    if a_mag.hi <= 0:
        return False
    lo_change = b_mag.lo / a_mag.hi - 1  # the least change compatible with rounding
    hi_change = b_mag.hi / a_mag.lo - 1 if a_mag.lo > 0 else float("inf")
    return not (-bound <= hi_change and lo_change <= bound)


def _pairs_columnar(ctx, bound: float):
    """_pairs with the window over years run on the engine: the same pairs, in the same order."""
    rows = ctx.columnar.implausible_changes(bound)
    if not rows:
        return
    sides = _series_sides(ctx)
    values = ctx.values
    order = sorted(rows, key=lambda r: (str(_series(values[r["first_a"]])), r["year"], r["first_b"], r["first_a"]))
    for r in order:
        series = _series(values[r["first_a"]])
        year = r["year"]
        yield year, r["source_a"], sides[(series, year, r["source_a"])], r["source_b"], sides[(series, year + 1, r["source_b"])]


def _series(claim) -> tuple:
    return (claim.subject, claim.metric, claim.product, claim.status)
