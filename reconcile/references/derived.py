"""Official figures for relational claims, computed from the tables with the claims' interval arithmetic.

The tables state levels: a partner's balance in a year, the world's imports in
a month. A transcribed claim often relates levels instead: a total over five
partners, the growth from 2023 to 2024, an average month, a rank, the number
of partners in deficit, a figure over a range of months. For each *series* (one
reference source, basis, adjustment and vintage) that states every level such
a claim needs, this module computes the official value of the claim itself, as
an interval from the cells' declared precision, so "a deficit of $620 billion
with the top five Asian partners" is judged by the sum of the five official
balances just as "-$295.4 billion" is judged by China's.

A computed figure is a ``Claim`` like a cell's, with a ``Derivation`` for
provenance (the formula in words, the cells it rests on): verdicts, causes and
every report treat it as one more official figure. Levels of different series
are never mixed: a sum of Census-basis balances is not completed with a BOP one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from reconcile.claim import Cell, Claim, Derivation
from reconcile.entities import group_members, ranking_group
from reconcile.numbers import Interval, total

PER_MONTHS = {"month": 1, "quarter": 3, "year": 12}
MIN_RANKED_PERIODS = 5  # "the largest on record" needs a record: a table's single year, or two, is not one
COUNTED_BALANCE = {"partners_in_deficit": ("goods_balance", -1), "partners_in_surplus": ("goods_balance", 1)}


@dataclass(frozen=True)
class Level:
    """One series' figure for a level a claim needs: its interval and point in units, the cells behind it."""

    base: Claim  # a cell of the series (its source, basis, adjustment, vintage, unit, scale)
    interval: Interval
    point: float
    cells: tuple[Cell, ...]
    formula: str = ""  # how the level was made, when it is not one cell ("sum of 12 months")


def series(ref: Claim) -> tuple:
    return (ref.source, ref.basis, ref.adjustment, ref.vintage)


@dataclass(frozen=True)
class Setting:
    """What a claim file says around its claims that a derivation needs: its rankings, and when it was written."""

    rankings: dict = dataclasses.field(default_factory=dict)  # ranking id -> Ranking
    ranked: dict = dataclasses.field(default_factory=dict)  # ranking id -> the entity ids the document ranks in it
    as_of: dict = dataclasses.field(default_factory=dict)  # source id -> the last period a record can include (ISO)

    @classmethod
    def of(cls, claims, rankings=(), sources=()) -> Setting:
        ranked: dict[str, set] = {}
        for c in claims:
            if c.ranking and c.subject:
                ranked.setdefault(c.ranking, set()).add(c.subject)
        # A document's record ends before its date; undated, with the last period it states an actual figure for.
        as_of = {**_latest_periods(claims), **{s.id: _day_before(s.published) for s in sources if s.published}}
        return cls({r.id: r for r in rankings}, ranked, as_of)


def _latest_periods(claims) -> dict[str, str]:
    """Per source, the end of the latest month it states a figure for, else of its latest year: an undated
    document that quotes May 2025 was written after May 2025 (a statement about "2025" may be a forecast)."""
    months: dict[str, str] = {}
    years: dict[str, str] = {}
    for c in claims:
        if c.period_end is None or c.kind != "value" or c.status != "actual":
            continue
        latest = months if c.period_grain == "month" else years
        latest[c.source] = max(latest.get(c.source, ""), c.period_end.isoformat())
    return {**years, **months}


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(str(iso)[:10]) - dt.timedelta(days=1)).isoformat()


def official_figures(claim: Claim, refs, setting: Setting | None = None) -> list[Claim]:
    """The official figures for what the claim states, one per series that states every level it needs."""
    setting = setting or Setting()
    if claim.unit == "count" and claim.metric in COUNTED_BALANCE and claim.kind in ("value", "bound"):
        return counted_partners(claim, refs)
    derive = DERIVATIONS.get(claim.kind)
    return derive(claim, refs, setting) if derive else []


# --- levels: a cell, or a sum of months, or exports + imports ------------------------------------------


def levels(refs, subject: str | None, metric: str | None, period: str | None) -> dict[tuple, Level]:
    """Per series, the level of one figure key: the cell itself, else what the tables' finer cells add up to."""
    if not subject or not metric or not period:
        return {}
    cells = {}
    for ref in refs.claims_for(subject, metric, period):
        cells.setdefault(series(ref), _cell_level(ref))
    return cells or _summed_months(refs, subject, metric, period) or _turnover(refs, subject, metric, period)


def _cell_level(ref: Claim) -> Level:
    return Level(ref, ref.interval, ref.normalized, (ref.provenance,))


def _summed_months(refs, subject, metric, period) -> dict[tuple, Level]:
    """A quarter, a half, a range of months or a year no table states whole: the sum of its months."""
    months = months_of(period)
    if len(months) < 2:
        return {}
    per_month = [{series(r): _cell_level(r) for r in refs.claims_for(subject, metric, m)} for m in months]
    return {key: _sum(parts, f"sum of {len(months)} months") for key, parts in _common(per_month).items()}


def _turnover(refs, subject, metric, period) -> dict[tuple, Level]:
    """Trade value (turnover) is exports + imports of the same scope."""
    if not metric.endswith("trade_value"):
        return {}
    scope = metric[: -len("trade_value")] or "goods_"
    flows = [levels(refs, subject, f"{scope}{flow}", period) for flow in ("exports", "imports")]
    return {key: _sum(parts, f"{scope.rstrip('_')} exports + imports") for key, parts in _common(flows).items()}


def months_of(period: str | None) -> list[str]:
    from reconcile.numbers import parse_period

    parsed = parse_period(period) if period else None
    if parsed is None or parsed.start.day != 1:
        return []
    months, day = [], parsed.start
    while day <= parsed.end:
        months.append(f"{day.year:04d}-{day.month:02d}")
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    last = months and dt.date(int(months[-1][:4]), int(months[-1][5:]), 1)
    return months if last and _month_end(last) == parsed.end else []


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _common(tables: list[dict[tuple, Level]]) -> dict[tuple, list[Level]]:
    """The series that give every one of the levels, each with its levels in order."""
    if not tables or not all(tables):
        return {}
    shared = set(tables[0]).intersection(*tables[1:])
    return {key: [t[key] for t in tables] for key in sorted(shared, key=str)}


def _sum(parts: list[Level], formula: str) -> Level:
    return Level(parts[0].base, total(p.interval for p in parts), sum(p.point for p in parts),
                 tuple(c for p in parts for c in p.cells), formula)  # fmt: skip


# --- relational claims ---------------------------------------------------------------------------------


def _value(claim, refs, setting) -> list[Claim]:
    found = levels(refs, claim.subject, claim.metric, claim.period)
    return [lv.base if not lv.formula else as_claim(claim, lv.base, lv.interval, lv.point, lv.formula, lv.cells)
            for lv in found.values() if lv.base.unit == claim.unit]  # fmt: skip


def _total(claim, refs, setting) -> list[Claim]:
    if not claim.parts:
        return []
    per_part = [levels(refs, part, claim.metric, claim.period) for part in claim.parts]
    words = f"sum of {len(claim.parts)} partners"
    return [_made(claim, _sum(parts, words)) for parts in _common(per_part).values()]


def _change(claim, refs, setting) -> list[Claim]:
    out = []
    for later, earlier in _two_levels(claim, refs):
        iv = later.interval - earlier.interval
        out.append(_made(claim, Level(later.base, iv, later.point - earlier.point, later.cells + earlier.cells,
                                      f"{claim.period} minus {claim.from_period}")))  # fmt: skip
    return out


def _growth(claim, refs, setting) -> list[Claim]:
    """Growth of the magnitude, |later| / |earlier| - 1, in percent (a deficit from 797 to 918 grew 15.2 %)."""
    out = []
    for later, earlier in _two_levels(claim, refs):
        ratio = later.interval.magnitude().divide(earlier.interval.magnitude())
        if ratio is None or not earlier.point:
            continue
        iv = Interval((ratio.lo - 1) * 100, (ratio.hi - 1) * 100)
        point = (abs(later.point) / abs(earlier.point) - 1) * 100
        out.append(as_claim(claim, later.base, iv, point, f"growth from {claim.from_period} to {claim.period}",
                            later.cells + earlier.cells, unit="percent"))  # fmt: skip
    return out


def _two_levels(claim, refs):
    if not claim.from_period:
        return []
    both = [levels(refs, claim.subject, claim.metric, p) for p in (claim.period, claim.from_period)]
    return [tuple(pair) for pair in _common(both).values()]


def _average(claim, refs, setting) -> list[Claim]:
    months = len(months_of(claim.period))
    n = months / PER_MONTHS.get(claim.per or "month", 1) if months else 0
    if not n:
        return []
    out = []
    for lv in levels(refs, claim.subject, claim.metric, claim.period).values():
        out.append(_made(claim, Level(lv.base, lv.interval.scale(1 / n), lv.point / n, lv.cells,
                                      f"{lv.formula or claim.period} / {n:g} {claim.per or 'month'}s")))  # fmt: skip
    return out


def _share(claim, refs, setting) -> list[Claim]:
    """A share of a total, in percent: the part's official level (or the sum of its parts') over the total's."""
    total = claim.of
    if total is None or total.product:
        return []
    if claim.parts:
        per_part = [levels(refs, p, claim.metric, claim.period) for p in claim.parts]
        part = {key: _sum(parts, f"sum of {len(parts)} partners") for key, parts in _common(per_part).items()}
    else:
        part = levels(refs, claim.subject, claim.metric, claim.period)
    out = []
    for p, t in _common([part, levels(refs, total.subject, total.metric, total.period)]).values():
        ratio = p.interval.divide(t.interval)
        if ratio is None or not t.point:
            continue
        out.append(as_claim(claim, p.base, ratio.scale(100), p.point / t.point * 100,
                            f"share of {total.subject_name} {total.metric.replace('_', ' ')} {total.period}", p.cells + t.cells,
                            unit="percent"))  # fmt: skip
    return out


def _made(claim: Claim, lv: Level) -> Claim:
    return as_claim(claim, lv.base, lv.interval, lv.point, lv.formula, lv.cells)


def as_claim(claim: Claim, base: Claim, iv: Interval, point: float, formula: str, cells, unit: str | None = None) -> Claim:
    """The official counterpart of ``claim``: its kind and key, the series' attributes, the computed value."""
    unit = unit or base.unit
    factor = base.factor if unit == base.unit else 1.0
    point, iv = float(point), Interval(float(iv.lo), float(iv.hi))  # plain floats: numpy scalars are not JSON
    number = point / factor
    return dataclasses.replace(
        base, id=f"{base.source}:{formula}:{claim.subject or '+'.join(claim.parts)}:{claim.metric}:{claim.period}:"
        f"{base.basis}-{base.adjustment}@{base.vintage}", kind=claim.kind, subject=claim.subject,
        subject_name=claim.subject_name, subject_as_written=claim.subject_as_written, subject_kind=claim.subject_kind,
        parts=claim.parts, metric=claim.metric, stated_metric=claim.metric, period=claim.period,
        from_period=claim.from_period, per=claim.per, ranking=claim.ranking, value=_literal(number), number=number,
        unit=unit, scale=base.scale if unit == base.unit else "one", factor=factor, normalized=point, lo=iv.lo,
        hi=iv.hi, precision=None, provenance=Derivation(formula, tuple(cells)), period_start=claim.period_start,
        period_end=claim.period_end, period_grain=claim.period_grain,
    )  # fmt: skip


def _literal(number: float) -> str:
    return f"{number:.4g}" if abs(number) < 1000 else f"{number:.1f}"


# --- ranks and counts over the whole table ---------------------------------------------------------------


def _rank(claim, refs, setting) -> list[Claim]:
    ranking = setting.rankings.get(claim.ranking)
    if ranking is None or not claim.subject:
        return []
    if ranking.over == "periods":
        return _rank_of_period(claim, refs, ranking, setting.as_of.get(claim.source))
    period = claim.period or ranking.period
    if not period:
        return []
    rows = refs.by_metric_period.rows((ranking.metric, period))
    members = group_members(ranking.among, period)
    if members is not None:  # among EU members: the official figures of the members only
        if claim.subject not in members:
            return []  # a non-member has no rank among them (RC404 says so)
        inside = np.isin(_entity_ids(refs, refs.columns["subject"][rows]), sorted(members))
        return _ranks_within(claim, refs, ranking, rows[inside], refs.columns["subject"], claim.subject)
    population = refs.subject_kinds[rows] == "country"
    if ranking.among != "countries":  # a ranking of partners also ranks the groups the document ranks
        population |= np.isin(refs.columns["subject"][rows], sorted(_codes(refs, setting.ranked.get(ranking.id, ()))))
    return _ranks_within(claim, refs, ranking, rows[population], refs.columns["subject"], claim.subject)


def _codes(refs, entity_ids) -> set[str]:
    """The table's subject codes for entity ids (a table may write a group as its own code)."""
    from reconcile.entities import registry

    wanted = set(entity_ids)
    return {code for code in np.unique(refs.columns["subject"]).tolist() if (e := registry().resolve(code)) and e.id in wanted}


def _rank_of_period(claim, refs, ranking, as_of: str | None) -> list[Claim]:
    """A period's rank among the subject's periods of the same length in the table, up to the document's date:
    "the largest on record" is judged by the years the table has (the message says which)."""
    if not claim.period:
        return []
    rows = refs.by_subject_metric.rows((claim.subject, ranking.metric))
    periods = refs.columns["period"][rows].astype(str)
    keep = np.char.str_len(periods) == len(claim.period)
    if as_of:  # a period not over by the document's date is not on its record
        ends = np.char.add(periods, "-12-31" if len(claim.period) == 4 else "-31")
        keep &= ends <= as_of
    return _ranks_within(claim, refs, ranking, rows[keep], refs.columns["period"], claim.period, at_least=MIN_RANKED_PERIODS)


def _ranks_within(claim, refs, ranking, rows: np.ndarray, key: np.ndarray, target: str, at_least: int = 2) -> list[Claim]:
    """Per series, the claim's rank among ``rows``: from the cells that certainly come before it to those that may."""
    out = []
    lo, hi = refs.bounds
    over_periods = ranking.over == "periods"
    for found in _by_series(refs, rows):
        if len(found) < at_least:  # a table of one year ranks nothing
            continue
        own = found[_entity_ids(refs, key[found]) == target] if not over_periods else found[key[found].astype(str) == target]
        if len(own) != 1:
            continue
        i, others = int(own[0]), found[found != own[0]]
        ahead = (hi[others] < lo[i]) if ranking.order == "ascending" else (lo[others] > hi[i])
        maybe = (lo[others] <= hi[i]) if ranking.order == "ascending" else (hi[others] >= lo[i])
        before = (refs.normalized[others] < refs.normalized[i]) if ranking.order == "ascending" else (refs.normalized[others] > refs.normalized[i])
        base = refs.claim(i)
        span = _span(refs, found) if over_periods else f"{len(found)} {_population_word(ranking.among)}"
        out.append(as_claim(claim, base, Interval(1 + ahead.sum(), 1 + maybe.sum()), 1 + before.sum(),
                            f"rank among {span}", (base.provenance,), unit="rank"))  # fmt: skip
    return out


def _population_word(among: str) -> str:
    """"countries", "partners", or "European Union members" for a rank among a group."""
    group = ranking_group(among)
    return f"{group.name} members" if group is not None else among


def _entity_ids(refs, codes: np.ndarray) -> np.ndarray:
    from reconcile.entities import registry

    return np.array([(e.id if (e := registry().resolve(c)) else c) for c in codes.tolist()], dtype=object)


def _span(refs, rows) -> str:
    periods = sorted(refs.columns["period"][rows].astype(str))
    return f"the years {periods[0]}-{periods[-1]}" if periods else "no years"


def _by_series(refs, rows: np.ndarray) -> list[np.ndarray]:
    """``rows`` split by series (source, basis, adjustment, vintage), in a stable order."""
    if not len(rows):
        return []
    c = refs.columns
    keys = np.array(["\x1f".join(str(c[name][i]) for name in ("source", "basis", "adjustment", "vintage")) for i in rows])
    return [rows[keys == k] for k in sorted(set(keys.tolist()))]


def counted_partners(claim: Claim, refs) -> list[Claim]:
    """How many countries the US had a goods deficit (surplus) with: from those certainly so to those possibly so."""
    metric, sign = COUNTED_BALANCE[claim.metric]
    if not claim.period:
        return []
    rows = refs.by_metric_period.rows((metric, claim.period))
    rows = rows[refs.subject_kinds[rows] == "country"]
    lo, hi = refs.bounds
    out = []
    for found in _by_series(refs, rows):
        certain = (hi[found] < 0) if sign < 0 else (lo[found] > 0)
        possible = (lo[found] < 0) if sign < 0 else (hi[found] > 0)
        point = (refs.normalized[found] * sign > 0).sum()
        base = refs.claim(int(found[0]))
        out.append(as_claim(claim, base, Interval(float(certain.sum()), float(possible.sum())), float(point),
                            f"count of {len(found)} countries", (), unit="count"))  # fmt: skip
    return out


DERIVATIONS = {
    "value": _value, "bound": _value, "total": _total, "change": _change, "growth": _growth,
    "average": _average, "rank": _rank, "share": _share,
}  # fmt: skip
