"""The rules' relational heavy lifting, written once in Ibis and run on whichever backend holds the table.

Each kernel takes an Ibis table of claims (reconcile.columnar.table) and returns an expression whose
rows are claim ids (with their `row`, the claim order) or a small table; the rules keep their messages
and causes in Python and only ask the engine which claims to look at.
"""

from __future__ import annotations

import ibis


def conflict_members(t, keys: list[str]):
    """The claims of every figure (grouped by `keys`) whose intervals cannot all hold: max lo > min hi, n > 1."""
    agg = t.group_by(keys).aggregate(max_lo=t.lo.max(), min_hi=t.hi.min(), n=t.count())
    bad = agg.filter((agg.max_lo > agg.min_hi) & (agg.n > 1)).select(*keys)
    return t.inner_join(bad, keys).select("id", "row")


def repeated_series_members(t, min_repeats: int, min_digits: int, min_series: int):
    """RC204: exact figures with enough digits whose value recurs in `min_repeats` periods of a series of
    at least `min_series` periods (the series' length counts every period it states)."""
    series = ["source", "subject", "metric", "product"]
    lengths = t.group_by(series).aggregate(series_len=t.period.nunique())
    said = t.filter((t.sig_digits >= min_digits) & (t.qualifier == "exact"))
    repeats = said.group_by([*series, "value"]).aggregate(periods=said.period.nunique())
    repeats = repeats.filter(repeats.periods >= min_repeats)
    long_enough = lengths.filter(lengths.series_len >= min_series)
    return said.inner_join(repeats, [*series, "value"]).inner_join(long_enough, series).select("id", "row")


SERIES = ["subject", "metric", "product", "status"]


def change_sides(t):
    """RC203's sides: one per (series, year, source) of annual dollar figures, with the hull of its claims,
    the hull's magnitude and where it first appears (claim order)."""
    annual = t.filter((t.period_grain == "year") & (t.unit == "USD"))
    sides = annual.group_by([*SERIES, "year", "source"]).aggregate(lo=annual.lo.min(), hi=annual.hi.max(), first=annual.row.min())
    return sides.mutate(
        mag_lo=ibis.cases((sides.lo >= 0, sides.lo), (sides.hi <= 0, -sides.hi), else_=0.0),
        mag_hi=ibis.cases((sides.lo >= 0, sides.hi), (sides.hi <= 0, -sides.lo), else_=ibis.greatest(-sides.lo, sides.hi)),
    )


def implausible_changes(t, bound: float):
    """RC203: pairs of sides a year apart (any two sources) whose change, at the most favourable ends of both
    rounding intervals, is beyond `bound`: the window of each series over its years."""
    sides = change_sides(t)
    a = sides.rename(**{f"{c}_a": c for c in ("source", "lo", "hi", "first", "mag_lo", "mag_hi")})
    b = sides.rename(**{f"{c}_b": c for c in ("source", "lo", "hi", "first", "mag_lo", "mag_hi", "year")})
    pairs = a.inner_join(b, [*(a[k] == b[k] for k in SERIES), a.year + 1 == b.year_b])
    pairs = pairs.filter(pairs.mag_hi_a > 0)
    lo_change = pairs.mag_lo_b / pairs.mag_hi_a - 1
    hi_change = ibis.cases((pairs.mag_lo_a > 0, pairs.mag_hi_b / pairs.mag_lo_a - 1), else_=float("inf"))
    beyond = (hi_change < -bound) | (lo_change > bound)
    return pairs.filter(beyond).select(*SERIES, "year", "source_a", "first_a", "source_b", "first_b")
