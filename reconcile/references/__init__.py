"""Official reference tables as sources of claims.

A reference source (``references/*.yaml``, see docs/references.md) describes a
data file in the configured ``references`` folder and how its cells become
figures. ``load`` reads every reference source into one ``ReferenceSet``: a
columnar table of figures with an index by (subject, metric, period). A
figure becomes a ``Claim`` — the same representation as a transcribed claim,
with ``Cell`` provenance — only when something asks for it (``claims_for``),
so 90,000 official figures cost a table, not 90,000 objects.

Layers: ``spec`` (declaration: the YAML, checked) -> ``table`` (reading the
data with DuckDB) -> this module (the set, its index, claims on demand).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from reconcile import problems as P
from reconcile.claim import Cell, Claim
from reconcile.entities import registry
from reconcile.model import Problem
from reconcile.numbers import parse_period
from reconcile.references.spec import ReferenceSpec, SpecError, read_spec
from reconcile.references.table import FIGURE_COLUMNS, ReadCounts, check_periods, read_source

__all__ = ["ReferenceSet", "ReferenceSpec", "load"]


@dataclass
class ReferenceSet:
    """Every official figure, as columns; ``index`` maps (subject, metric, period) to row numbers."""

    specs: list[ReferenceSpec] = field(default_factory=list)
    counts: dict[str, ReadCounts] = field(default_factory=dict)  # reference source id -> what its data gave
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    folder: str | None = None

    def __len__(self) -> int:
        return len(self.columns.get("number", ()))

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def spec_by_id(self) -> dict[str, ReferenceSpec]:
        return {s.id: s for s in self.specs}

    @cached_property
    def index(self) -> KeyIndex:
        """(subject, metric, period) -> the rows that give that figure (of any source, basis or vintage)."""
        return KeyIndex(self.columns, ("subject", "metric", "period"), self._factorized)

    @cached_property
    def by_metric_period(self) -> KeyIndex:
        """(metric, period) -> rows, every partner: where a figure that fits no key may belong to another partner."""
        return KeyIndex(self.columns, ("metric", "period"), self._factorized)

    @cached_property
    def by_subject_metric(self) -> KeyIndex:
        """(subject, metric) -> rows, every period: a subject's whole series, to rank its years."""
        return KeyIndex(self.columns, ("subject", "metric"), self._factorized)

    @cached_property
    def subject_kinds(self) -> np.ndarray:
        """Every row's entity kind (country, group, world), resolved once per distinct code."""
        codes, uniques = pd.factorize(np.asarray(self.columns["subject"], dtype=object))
        kinds = np.array([_kind(registry().resolve(u)) for u in uniques.tolist()] + [None], dtype=object)
        return kinds[codes]

    def rows_for(self, subject: str | None, metric: str | None, period: str | None) -> np.ndarray:
        return self.index.rows((subject, metric, period))

    def claims_for(self, subject: str | None, metric: str | None, period: str | None) -> list[Claim]:
        """The official figures for one figure key, as claims (made once each, then kept)."""
        return [self.claim(int(i)) for i in self.rows_for(subject, metric, period)]

    def claims_within(self, subject: str | None, metric: str | None, period: str | None, interval) -> list[Claim]:
        """The official figures for one figure key whose interval meets ``interval`` (as ``Interval.overlaps``
        tells), as claims: the others are ruled out in numpy, and no claim is made for them."""
        rows = self.rows_for(subject, metric, period)
        lo, hi = self.bounds
        hit = (interval.lo <= hi[rows]) & (lo[rows] <= interval.hi)
        return [self.claim(int(i)) for i in rows[hit]]

    @cached_property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Every figure's interval (lo, hi) in units, computed as its claim computes it (the same float steps)."""
        codes, sources = self._factorized.of(self.columns, "source")
        specs = [self.spec_by_id[s] for s in sources]
        precision = np.array([s.precision for s in specs], dtype=float)[codes]
        factor = np.array([float(_scales()[s.scale]) for s in specs], dtype=float)[codes]
        number = self.columns["number"]
        return (number - precision) * factor, (number + precision) * factor

    def claim(self, i: int) -> Claim:
        if i not in self._claims:
            self._claims[i] = _as_claim(self, i)
        return self._claims[i]

    @cached_property
    def _claims(self) -> dict[int, Claim]:
        return {}

    @cached_property
    def _factorized(self) -> Factorized:
        return Factorized()

    @cached_property
    def _made_once(self) -> dict:
        """What every figure of a subject, period or source shares (its entity, its dates, its scale): found once."""
        return {"entity": {}, "period": {}, "factor": {}}

    @cached_property
    def normalized(self) -> np.ndarray:
        """Every figure in units (dollars), for comparisons across the whole table."""
        codes, sources = self._factorized.of(self.columns, "source")
        factors = np.array([float(_scales()[self.spec_by_id[s].scale]) for s in sources], dtype=float)
        return self.columns["number"] * factors[codes]


def load(source_folder: Path | None, data_folder: Path | None, shown_base: Path | None = None) -> ReferenceSet:
    """Every reference source in ``source_folder`` (*.yaml), its data read from ``data_folder``."""
    refs = ReferenceSet(folder=str(data_folder) if data_folder else None)
    files = sorted(source_folder.glob("*.yaml")) if source_folder and source_folder.is_dir() else []
    if not files:
        return refs
    import duckdb

    con = duckdb.connect()
    parts = []
    for path in files:
        shown = _shown(path, shown_base)
        try:
            spec = read_spec(path, shown)
            _unique_id(refs, spec)
            figures, counts = read_source(spec, data_folder, con)
            for f in figures:
                check_periods(f, spec)
        except SpecError as exc:
            refs.problems.append(exc.problem)
            continue
        refs.specs.append(spec)
        refs.counts[spec.id] = counts
        parts.extend(figures)
    refs.columns = {name: _concatenate([p.columns[name] for p in parts]) for name in FIGURE_COLUMNS}
    refs.columns["number"] = refs.columns["number"].astype(float)
    refs.problems.extend(_duplicates(refs))
    return refs


def _concatenate(arrays: list[np.ndarray]) -> np.ndarray:
    if len(arrays) == 1:
        return arrays[0]  # np.concatenate would copy it: at 10^6 figures, 100 MB more at the peak
    return np.concatenate(arrays) if arrays else np.empty(0, dtype=object)


def _shown(path: Path, base: Path | None) -> str:
    try:
        return str(path.relative_to(base)) if base else str(path)
    except ValueError:
        return str(path)


def _unique_id(refs: ReferenceSet, spec: ReferenceSpec) -> None:
    for other in refs.specs:
        if other.id == spec.id:
            raise SpecError(P.INVALID_REFERENCE_VALUE.at(spec.file, spec.line_of("id"), key="id", value=spec.id,
                                                         detail=f"is already the id of {other.file}", choices="give each reference source its own id"))  # fmt: skip


FIGURE_IDENTITY = ("source", "subject", "metric", "period", "basis", "adjustment", "vintage")


def _key_text(value) -> str | None:
    return None if value is None else str(value)


class Factorized:
    """Each column as integer codes and its distinct values, made once for all the indexes that use it
    (three indexes share subject, metric and period). An entry is for one array object: a column replaced
    since is factorised anew, never answered from the old one."""

    def __init__(self):
        self._done: dict[str, tuple[np.ndarray, np.ndarray, list]] = {}

    def of(self, columns: dict[str, np.ndarray], name: str) -> tuple[np.ndarray, list]:
        column = columns[name]
        done = self._done.get(name)
        if done is None or done[0] is not column:
            # pandas factorises by hashing: one pass over the column, no sort of Python strings.
            inverse, uniques = pd.factorize(np.asarray(column, dtype=object), use_na_sentinel=False)
            done = self._done[name] = (column, inverse, uniques.tolist())
        return done[1], done[2]


class KeyIndex:
    """Rows by the values of some columns, in numpy: each column factorised once, the codes combined into one
    integer key and sorted, so a lookup is a binary search and no Python object is made per row or group."""

    def __init__(self, columns: dict[str, np.ndarray], names: tuple[str, ...], factorized: Factorized | None = None):
        n = len(columns.get("number", ()))
        factorized = factorized or Factorized()
        self.codes: list[dict] = []
        key = np.zeros(n, dtype=np.int64)
        for name in names:
            inverse, uniques = factorized.of(columns, name)
            self.codes.append({_key_text(u): i for i, u in enumerate(uniques)})
            key = key * max(len(uniques), 1) + inverse
        self.sizes = [max(len(c), 1) for c in self.codes]
        self.order = np.argsort(key, kind="stable")
        self.sorted = key[self.order]

    def key(self, values: tuple) -> int | None:
        key = 0
        for value, codes, size in zip(values, self.codes, self.sizes, strict=True):
            code = codes.get(_key_text(value))
            if code is None:
                return None
            key = key * size + code
        return key

    def rows(self, values: tuple) -> np.ndarray:
        key = self.key(values)
        if key is None:
            return np.empty(0, dtype=int)
        lo, hi = np.searchsorted(self.sorted, key, "left"), np.searchsorted(self.sorted, key, "right")
        return self.order[lo:hi]

    def repeated(self) -> list[np.ndarray]:
        """The row sets that share one key (in file order), for keys given more than once."""
        starts = np.flatnonzero(np.r_[True, self.sorted[1:] != self.sorted[:-1]])
        sizes = np.diff(np.r_[starts, len(self.sorted)])
        return [np.sort(self.order[a : a + size]) for a, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True)]


def _duplicates(refs: ReferenceSet) -> list[Problem]:
    """One table cannot state two values of one statistic (same figure, basis, adjustment and vintage)."""
    out = []
    c = refs.columns
    if not len(refs):
        return out
    for rows in KeyIndex(c, FIGURE_IDENTITY, refs._factorized).repeated()[:20]:
        first, i = int(rows[0]), int(rows[1])
        spec = refs.spec_by_id[c["source"][i]]
        figure = f"{c['subject'][i]} {c['metric'][i]} {c['period'][i]} ({c['basis'][i]}, {c['adjustment'][i]}, {c['vintage'][i]})"
        out.append(P.DUPLICATE_REFERENCE_FIGURE.at(spec.file, spec.line_of("values"), data=c["data"][i], value=figure,
                                                   row=int(c["row"][first]), detail=f"row {c['row'][i]} ({c['data'][i]}, column {c['column'][i]!r})"))  # fmt: skip
    return out


def _literal(number: float) -> str:
    """The figure as a literal: 717.3 -> "717.3", 414083.0 -> "414083"."""
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


def claim_id(refs: ReferenceSet, i: int) -> str:
    c = refs.columns
    return f"{c['source'][i]}:{c['subject'][i]}:{c['metric'][i]}:{c['period'][i]}:{c['basis'][i]}-{c['adjustment'][i]}@{c['vintage'][i]}"


def _as_claim(refs: ReferenceSet, i: int) -> Claim:
    c = refs.columns
    spec = refs.spec_by_id[c["source"][i]]
    made = refs._made_once
    factor = _once(made["factor"], spec.scale, lambda scale: float(_scales()[scale]))
    number = float(c["number"][i])
    entity = _once(made["entity"], c["subject"][i], registry().resolve)
    period = _once(made["period"], c["period"][i], parse_period)
    return Claim(
        id=claim_id(refs, i), source=spec.id, file=spec.file, line=spec.line_of("values"), kind="value",
        subject=entity.id, subject_name=entity.name, subject_as_written=c["subject"][i], subject_kind=entity.kind,
        parts=(), metric=c["metric"][i], stated_metric=c["metric"][i], period=c["period"][i], from_period=None, per=None,
        ranking=None, value=_literal(number), number=number, unit=spec.unit, scale=spec.scale, factor=factor,
        normalized=number * factor, lo=(number - spec.precision) * factor, hi=(number + spec.precision) * factor,
        precision=spec.precision, qualifier="exact", perspective="reporter", product="", lineage=c["lineage"][i],
        status="actual", provenance=Cell(c["data"][i], int(c["row"][i]), c["column"][i]), note="",
        period_start=period.start, period_end=period.end, period_grain=period.grain,
        basis=c["basis"][i], adjustment=c["adjustment"][i], vintage=c["vintage"][i], release=c["release"][i],
    )  # fmt: skip


def _kind(entity) -> str | None:
    return entity.kind if entity is not None else None


def _once(made: dict, key, make):
    if key not in made:
        made[key] = make(key)
    return made[key]


def _scales() -> dict:
    from reconcile.schemas.claims import vocabulary

    return vocabulary()["scales"]
