"""Finding the level a relational claim refers to, and arithmetic over whole tables.

A relational claim (a total, a growth rate, an average) is checked against the
plain figures it relates to. The document's own figures are preferred; when it
has none, figures from other sources are used and the finding says so.

Figures compiled on two bases (Census and balance of payments) are two
statistics, not one figure told twice: a relational claim is checked against the
figures of its own basis (its `basis:`, or its lineage's) when there are any,
and figures of different bases never narrow each other down.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reconcile.frames import columns_frame
from reconcile.numbers import Interval, total
from reconcile.numbers import hull as hull_of
from reconcile.numbers import meet as meet_of
from reconcile.verdicts import stated_basis


@dataclass
class Level:
    interval: Interval
    rows: list  # the claims it rests on
    same_source: bool

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.rows]

    def ids_from(self, source: str) -> list[str]:
        """The ids of the rows the given source states: a relational finding's subject (other sources' are its context)."""
        return [r["id"] for r in self.rows if r["source"] == source]

    @property
    def said(self) -> str:
        """The figures as published: "-$903 billion / -$918 billion" when the source gives several."""
        from reconcile.rules._context import published

        return " / ".join(dict.fromkeys(published(r) for r in self.rows))

    @property
    def sources(self) -> set[str]:
        return {r["source"] for r in self.rows}


class LevelIndex:
    """Plain value claims indexed by (subject, metric, period, product) for fast look-ups.

    One pass over the claims, then dictionary look-ups.
    """

    def __init__(self, values: list[dict]):
        self._groups: dict[tuple, list[dict]] = {}
        self._series: dict[tuple, set[str]] = {}  # (subject, metric, product) -> periods stated
        for row in values:
            self._groups.setdefault((row["subject"], row["metric"], row["period"], row["product"]), []).append(row)
            self._series.setdefault((row["subject"], row["metric"], row["product"]), set()).add(row["period"])

    def level(self, subject, metric, period, product, source, basis: str | None = None) -> Level | None:
        """The level for a claim of `source` compiled on `basis` (verdicts.stated_basis of the claim, None when unsaid)."""
        group = self._groups.get((subject, metric, period, product or ""))
        if not group:
            return None
        own = [r for r in group if r["source"] == source]
        rows = _on_basis(own, basis) or _on_basis(group, basis) or own or group
        return Level(_interval_of(rows), rows, bool(own) and rows[0]["source"] == source)


    def sum_over(self, subject, metric, product, source, start, end, grain: str, expected: int,
                 basis: str | None = None) -> Level | None:
        """The sum of the sub-period levels (months of a year...) when every one of them is stated."""
        levels = []
        for period in sorted(self._series.get((subject, metric, product or ""), ())):
            rows = self._groups[(subject, metric, period, product or "")]
            first = rows[0]
            if first["period_grain"] == grain and start <= first["period_start"] and first["period_end"] <= end:
                levels.append(self.level(subject, metric, period, product, source, basis))
        if len(levels) != expected:
            return None
        summed = total(lv.interval for lv in levels)
        return Level(summed, [r for lv in levels for r in lv.rows], all(lv.same_source for lv in levels))


def _on_basis(rows: list, basis: str | None) -> list:
    """The rows that may be on `basis`: those that say it, and those that say no basis. All of them when basis is None."""
    if basis is None:
        return rows
    return [r for r in rows if stated_basis(r) in (basis, None)]


def _interval_of(rows: list) -> Interval:
    """Claims that agree narrow each other down (the meet); when a side disagrees with itself (RC202's business) we
    take the hull, so an arithmetic finding never rests on picking one of its figures. Figures of different bases are
    met within their basis only, and the level is the hull of the bases' levels: it may be either statistic."""
    by_basis: dict[str | None, list[Interval]] = {}
    for r in rows:
        by_basis.setdefault(stated_basis(r), []).append(r.interval)
    levels = [meet_of(ivs) or hull_of(ivs) for ivs in by_basis.values()]
    return levels[0] if len(levels) == 1 else hull_of(levels)


def between_periods(ctx, kind: str):
    """(claim, later level, earlier level) for each change/growth claim whose two levels are both stated."""
    index = ctx.level_index
    for claim in ctx.of_kind(kind):
        if claim.from_period is None:
            continue
        basis = stated_basis(claim)
        later = index.level(claim["subject"], claim["metric"], claim["period"], claim["product"], claim["source"], basis)
        earlier = index.level(claim["subject"], claim["metric"], claim["from_period"], claim["product"], claim["source"], basis)
        if later is not None and earlier is not None:
            yield claim, later, earlier


SIDE_KEYS = ("source", "subject", "metric", "period", "product", "status")
# How a figure was compiled, as far as its claims say: an identity holds only among figures compiled alike
# (Census-basis goods plus BOP-basis services is not the BOP goods-and-services total).
COMPILATION = ("basis", "adjustment")


def figure_sides(values: list) -> pd.DataFrame:
    """One row per (source, subject, metric, period, product, status) and compilation: the hull of that source's claims."""
    sides: dict[tuple, dict] = {}
    for r in values:
        key = (*(r[k] for k in SIDE_KEYS), stated_basis(r), r["adjustment"])
        side = sides.get(key)
        if side is None:
            sides[key] = dict(zip((*SIDE_KEYS, *COMPILATION), key), lo=r["lo"], hi=r["hi"], ids=[r["id"]])
        else:
            side["lo"], side["hi"] = min(side["lo"], r["lo"]), max(side["hi"], r["hi"])
            side["ids"].append(r["id"])
    columns = [*SIDE_KEYS, *COMPILATION, "lo", "hi", "ids"]
    return columns_frame({col: [side[col] for side in sides.values()] for col in columns}, numeric=("lo", "hi"))


def identity_rows(ctx, target: str, terms: list[tuple[float, str]]) -> pd.DataFrame:
    """Rows where a source states the target and every term, compiled alike, joined on one row each (no loops)."""
    sides = ctx.figure_sides
    keys = ["source", "subject", "period", "product", "status"]
    out = _renamed(sides[sides["metric"] == target], "t_")
    for n, (_, metric) in enumerate(terms):
        out = out.merge(_renamed(sides[sides["metric"] == metric], "", str(n)), on=keys, how="inner")
    out = out[_compiled_alike(out, len(terms))] if not out.empty else out
    if out.empty:
        return out
    lo = sum((coef * out[f"lo{n}"] if coef > 0 else coef * out[f"hi{n}"]) for n, (coef, _) in enumerate(terms))
    hi = sum((coef * out[f"hi{n}"] if coef > 0 else coef * out[f"lo{n}"]) for n, (coef, _) in enumerate(terms))
    return out.assign(c_lo=lo, c_hi=hi)


def _renamed(sides: pd.DataFrame, prefix: str, suffix: str = "") -> pd.DataFrame:
    """A term's sides with its own column names (t_lo, lo0, basis0 …) for the join."""
    names = {c: f"{prefix}{c}{suffix}" for c in ("lo", "hi", "ids", *COMPILATION)}
    return sides.rename(columns=names).drop(columns="metric")


def _compiled_alike(rows: pd.DataFrame, n_terms: int) -> list[bool]:
    """Per joined row: whether the target and its terms say at most one basis and one adjustment (unsaid is any)."""
    columns = [[f"t_{what}", *(f"{what}{n}" for n in range(n_terms))] for what in COMPILATION]
    said = [rows[cols].to_numpy().tolist() for cols in columns]
    return [all(len({v for v in row if isinstance(v, str)}) <= 1 for row in per_row) for per_row in zip(*said, strict=True)]  # NaN, None: unsaid
