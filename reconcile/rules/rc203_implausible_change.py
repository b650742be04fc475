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
    # One side per (series, source, year): a source's own repeats are RC202's business.
    sides: dict[tuple, list[dict]] = {}
    for r in ctx.values:
        if r["period_grain"] == "year" and r["unit"] == "USD":
            series = (r["subject"], r["metric"], r["product"], r["status"])
            sides.setdefault((series, r["period_start"].year, r["source"]), []).append(r)
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
            hb = hulls[(series, year + 1, source_b)]
            b_mag = hb.magnitude()
            # Some earlier side is too far from this one iff the nearest of them already is.
            if not (least_hi * (1 + bound) < b_mag.lo or most_lo * (1 - bound) > b_mag.hi):
                continue
            for source_a, a in earlier:
                ha = hulls[(series, year, source_a)]
                a_mag = ha.magnitude()
                if a_mag.hi <= 0:
                    continue
                lo_change = b_mag.lo / a_mag.hi - 1  # the least change compatible with rounding
                hi_change = b_mag.hi / a_mag.lo - 1 if a_mag.lo > 0 else float("inf")
                if -bound <= hi_change and lo_change <= bound:
                    continue
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
