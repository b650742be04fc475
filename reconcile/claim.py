"""The one representation of a claim, from the loader to every report.

A ``Claim`` is made once, after validation, by ``reconcile.loader.normalize``;
rules, causes and every output format read the same object. Missing values are
``None`` (never NaN, never ""), except the two text fields that are always
text: ``product`` ("" means the whole product scope) and ``note``.

Where a claim comes from is its ``provenance``: a quote in a document (what an
analyst transcribed) or a cell of a data table (an official reference table).
Sources and rankings, the other two things a claim file declares, have their
own small records here so nothing downstream reads a raw YAML row.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from reconcile.numbers import Interval


@dataclass(frozen=True, slots=True)
class Quote:
    """The document's exact words that state the figure, and the line they are on."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell of a data table: the figure an official table gives."""

    file: str
    row: int
    column: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, column {self.column}"


@dataclass(frozen=True, slots=True)
class Derivation:
    """A figure computed from table cells: an official total over parts, a growth rate between two years, a rank."""

    formula: str  # in words: "sum of 12 months", "2024 over 2023", "rank among 228 countries"
    cells: tuple[Cell, ...]  # the cells it rests on (for a rank, the ranked figure's own cell)

    def __str__(self) -> str:
        shown = "; ".join(str(c) for c in self.cells[:3]) + (f"; and {len(self.cells) - 3} more" if len(self.cells) > 3 else "")
        return f"{self.formula} ({shown})" if shown else self.formula


Provenance = Quote | Cell | Derivation


@dataclass(frozen=True, slots=True)
class FigureRef:
    """Another figure a claim is stated relative to: a share's total, the total a residual scope is taken out of."""

    subject: str  # entity id (WORLD, CAN)
    subject_name: str
    metric: str
    period: str
    product: str  # "" is the whole product scope, as for a claim

    @property
    def key(self) -> str:
        """The figure as text, for grouping: shares of different totals never share a key."""
        return f"{self.subject} {self.metric} {self.period} {self.product or 'all goods'}"

    def to_record(self) -> dict[str, str]:
        return {"subject": self.subject, "metric": self.metric, "period": self.period, "product": self.product}


# eq=False: claims are compared and hashed by identity; two claims with the same
# fields are still two statements.
@dataclass(frozen=True, slots=True, eq=False)
class Claim:
    id: str
    source: str
    file: str  # where the claim is declared (a claim file, or a reference source)
    line: int
    kind: str  # value, total, change, growth, average, rank, count, bound, share
    subject: str | None  # entity id after alias resolution (DEU, WORLD, EU)
    subject_name: str | None  # the entity's display name (Germany)
    subject_as_written: str | None
    subject_kind: str | None  # country, group, world
    parts: tuple[str, ...]  # entity ids a total adds up
    metric: str | None  # from the reporter's side (a partner's exports are US imports)
    stated_metric: str | None  # as the document states it
    period: str | None
    from_period: str | None
    per: str | None
    ranking: str | None
    value: str  # the published literal, exactly as written ("63.0", "1,058")
    number: float  # the literal's number, in its scale, from the reporter's side
    unit: str
    scale: str
    factor: float  # the scale as a multiplier
    normalized: float  # number * factor
    lo: float  # the interval of true values the figure allows, in units
    hi: float
    precision: float | None  # a stated precision override, in the claim's scale
    qualifier: str
    perspective: str
    product: str
    lineage: str
    status: str
    provenance: Provenance
    note: str
    period_start: dt.date | None
    period_end: dt.date | None
    period_grain: str | None
    defaulted: dict[str, str] = field(default_factory=dict)  # key -> where its value came from
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> its line in the claim file
    # How the statistic was compiled, when known (official tables always say; a document may):
    basis: str | None = None  # census, bop (schemas/vocabulary.yaml bases)
    adjustment: str | None = None  # sa, nsa
    vintage: str | None = None  # the release date (ISO) of the figure
    release: str | None = None  # the release's name ("first published, Feb 2025")
    # A share's total (kind share), or the total a residual scope is taken out of (a value with excluding):
    of: FigureRef | None = None
    excluding: str | None = None  # the product scope a residual leaves out (its `product` is then "excluding energy")
    # A claim read from a claims table (CSV, Parquet): its row there, which is also its `line` (a CSV row's line
    # in the file, a Parquet row's number from 1). None for a YAML claim. The quote keeps its own document line.
    row: int | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.lo, self.hi)

    @property
    def quote(self) -> str | None:
        return self.provenance.text if isinstance(self.provenance, Quote) else None

    @property
    def quote_line(self) -> int | None:
        return self.provenance.line if isinstance(self.provenance, Quote) else None

    @property
    def period_resolved(self) -> str | None:
        """How a period the claim does not state was read from its quote ('relative: "last year" ...'), else None."""
        origin = self.defaulted.get("period")
        return origin if origin is not None and origin.startswith("relative:") else None

    def line_of(self, key: str) -> int:
        """The claim file line that states `key` (the claim's first line when defaulted)."""
        return self.key_lines.get(key, self.line)

    @property
    def share_of(self) -> str:
        """What a share is of, and of which group, as text; "" for every other claim (part of the figure key)."""
        if self.kind != "share" or self.of is None:
            return ""
        group = f" by {'+'.join(self.parts)}" if self.parts else ""
        return f"share of {self.of.key}{group}"

    def to_record(self) -> dict[str, Any]:
        """The claim as JSON-ready data: every output format builds on this one record."""
        record = {name: _plain(getattr(self, name)) for name in RECORD_FIELDS}
        record["provenance"] = _provenance_record(self.provenance)
        if self.row is not None:  # only tabular claims have it, so the records of YAML claims are unchanged
            record["row"] = self.row
        return record

    # Transitional: a few callers still read claims by key. New code reads attributes.
    def __getitem__(self, key: str):
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)


# The record's keys, in the order reports show them (the JSON contract).
RECORD_FIELDS = (
    "id", "source", "file", "line", "subject", "subject_name", "metric", "period", "value", "unit",
    "scale", "normalized", "quote", "kind", "qualifier", "quote_line", "lineage", "product",
    "from_period", "ranking", "perspective", "lo", "hi", "note", "basis", "adjustment", "vintage", "period_resolved",
    "of", "excluding",
)  # fmt: skip


def _provenance_record(p: Provenance) -> dict[str, Any]:
    if isinstance(p, Quote):
        return {"kind": "quote", "line": p.line, "text": p.text}
    if isinstance(p, Derivation):
        return {"kind": "derived", "formula": p.formula, "cells": [_provenance_record(c) for c in p.cells]}
    return {"kind": "cell", "file": p.file, "row": p.row, "column": p.column}


def _plain(value):
    """JSON has no infinity and no tuples: unbounded ends are "inf"/"-inf", tuples lists."""
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, FigureRef):
        return value.to_record()
    return value


@dataclass(frozen=True, slots=True, eq=False)
class Source:
    """A claim file's source block: the document and who published it."""

    id: str
    title: str
    publisher: str
    url: str | None
    published: str | None  # ISO date
    document: str  # file name inside the documents folder
    sha256: str
    lineage: tuple[str, ...]
    reporter: str
    file: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def to_record(self) -> dict[str, Any]:
        keys = ("id", "title", "publisher", "url", "published", "document", "lineage", "file")
        return {k: _plain(getattr(self, k)) for k in keys}


@dataclass(frozen=True, slots=True, eq=False)
class Ranking:
    """A ranked list a document states ("top 10 deficits"), which rank claims point into."""

    id: str
    source: str
    file: str
    line: int
    description: str | None
    metric: str
    period: str | None
    order: str  # ascending (most negative first) or descending
    over: str  # subjects or periods
    among: str  # partners, countries, or a group id (EU, ASEAN): the population ranked
    subject: str | None  # entity id, for rankings over periods
    subject_as_written: str | None
    quote: str
    quote_line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, key: str):
        return getattr(self, key)
