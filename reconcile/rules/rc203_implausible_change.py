"""RC203 implausible-change: a figure changes more between adjacent years than is plausible.

What it does
    For each entity, metric and product, compares annual figures of adjacent
    years (from any sources) and reports changes of the magnitude beyond
    ``max_relative_change`` even at the most favourable end of both rounding
    intervals. It names the likely cause: a different data lineage (OEC mirror
    data vs Census), a wrong figure, or a real break.

Why
    Trade balances rarely halve or double in a year. When a 2023 figure from
    one source and a 2024 figure from another are that far apart, the two are
    probably not comparable — or one is wrong — and a reader combining them
    will draw the wrong trend.

Options
    max_relative_change: 0.35 (35 % of the earlier magnitude)

Example
    PASS: China goods balance 2023 -$282.7 billion (OEC), 2024 -$295.4 billion (Census): +4 %.
    FAIL: Canada goods balance 2023 -$140.5 billion (OEC), 2024 -$63.3 billion: -55 %.
"""

from __future__ import annotations

from reconcile.causes import explain
from reconcile.rules._context import figure_name, finding, hull, published

CODE = "RC203"
NAME = "implausible-change"
DEFAULT_SEVERITY = "warning"
OPTIONS = {"max_relative_change": 0.35}


def check(ctx, options):
    bound = float(options["max_relative_change"])
    v = ctx.values()
    v = v[(v["period_grain"] == "year") & (v["unit"] == "USD")]
    if v.empty:
        return
    v = v.assign(year=v["period_start"].map(lambda d: d.year))
    # One side per (source, year): a source's own repeats are RC202's business.
    sides = v.groupby(["subject", "metric", "product", "status", "source", "year"], sort=True)
    table = sides.agg(lo=("lo", "min"), hi=("hi", "max"), ids=("id", list)).reset_index()
    nxt = table.assign(year=table["year"] - 1)
    pairs = table.merge(nxt, on=["subject", "metric", "product", "status", "year"], suffixes=("_a", "_b"))
    ctx.count(CODE, len(pairs))
    for p in pairs.to_dict("records"):
        a_mag = _magnitude(p["lo_a"], p["hi_a"])
        b_mag = _magnitude(p["lo_b"], p["hi_b"])
        if a_mag[1] <= 0:
            continue
        lo_change = b_mag[0] / a_mag[1] - 1  # least change compatible with rounding
        hi_change = b_mag[1] / a_mag[0] - 1 if a_mag[0] > 0 else float("inf")
        if -bound <= hi_change and lo_change <= bound:
            continue
        a = v[v["id"].isin(p["ids_a"])]
        b = v[v["id"].isin(p["ids_b"])]
        before = hull(a.to_dict("records")).mid
        change = hull(b.to_dict("records")).mid / before - 1 if before else float("inf")
        cause = explain(a, b, ctx.corpus, across_periods=True)
        first = a.iloc[0]
        yield finding(
            CODE, NAME,
            f"{figure_name(first).rsplit(' ', 1)[0]} moves from {published(a.iloc[0])} "
            f"in {p['year']} ({p['source_a']}) to {published(b.iloc[0])} in {p['year'] + 1} "
            f"({p['source_b']}), " + (f"a {change:+.0%} change in a year" if before else "from about zero")
            + ": the two are probably not comparable.",
            [*p["ids_a"], *p["ids_b"]], cause,
            relative_change=round(change, 4) if before else None, bound=bound,
        )  # fmt: skip


def _magnitude(lo, hi):
    a, b = abs(lo), abs(hi)
    if lo <= 0 <= hi:
        return 0.0, max(a, b)
    return min(a, b), max(a, b)
