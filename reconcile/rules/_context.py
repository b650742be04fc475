"""What every rule sees: the claims table and the helpers rules share.

The helpers work on whole tables (group-by, merges) so rules stay fast on
100,000 claims; a rule only loops over the few groups that already disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from reconcile.documents import DocumentStore
from reconcile.loader import Corpus
from reconcile.model import Cause, Finding, Location
from reconcile.numbers import Interval, Tolerances, human, human_interval

# The identity of a figure: two claims with the same key state the same thing.
FIGURE_KEY = ["subject", "metric", "period", "product", "status"]


@dataclass
class Context:
    corpus: Corpus
    documents: DocumentStore | None = None
    tolerances: Tolerances = field(default_factory=Tolerances)
    checked: dict[str, int] = field(default_factory=dict)  # rule code -> how many things it checked

    @property
    def claims(self) -> pd.DataFrame:
        return self.corpus.claims

    def values(self) -> pd.DataFrame:
        """Plain value claims: the figures other claims are checked against (filtered once per run)."""
        cached = getattr(self, "_values", None)
        if cached is None:
            c = self.claims
            cached = self._values = c[c["kind"] == "value"]
        return cached

    def records(self) -> list[dict]:
        """Every claim as a dict, built once per run: rules that loop read these, not DataFrame rows."""
        cached = getattr(self, "_records", None)
        if cached is None:
            cached = self._records = self.corpus.rows or self.claims.to_dict("records")
        return cached

    def value_records(self) -> list[dict]:
        cached = getattr(self, "_value_records", None)
        if cached is None:
            cached = self._value_records = [r for r in self.records() if r["kind"] == "value"]
        return cached

    def row(self, claim_id: str) -> dict:
        """One claim as a dict: a look-up, not a DataFrame slice (rules call this in loops)."""
        rows = getattr(self, "_rows", None)
        if rows is None:
            rows = self._rows = {r["id"]: r for r in self.records()}
        return rows[claim_id]

    def source_location(self, source_id: str, key: str) -> Location:
        """Where a source block states `key` (its sha256, its document): for findings about a source, not a claim."""
        row = self.corpus.sources.set_index("id", drop=False).loc[source_id]
        return Location(row["file"], int(row["key_lines"].get(key, row["line"])))

    def count(self, code: str, n: int) -> None:
        self.checked[code] = self.checked.get(code, 0) + int(n)


def interval(row) -> Interval:
    return Interval(float(row["lo"]), float(row["hi"]))


def hull(rows) -> Interval:
    ivs = [interval(r) for r in rows]
    return Interval(min(i.lo for i in ivs), max(i.hi for i in ivs))


def meet(rows) -> Interval | None:
    """Intersection of the claims' intervals, or None when they disagree."""
    ivs = [interval(r) for r in rows]
    lo, hi = max(i.lo for i in ivs), min(i.hi for i in ivs)
    return Interval(lo, hi) if lo <= hi else None


def inconsistent_groups(table: pd.DataFrame, keys: list[str]) -> list[pd.DataFrame]:
    """Groups (by keys) whose intervals cannot all hold at once, found without pairwise loops."""
    if table.empty:
        return []
    agg = table.groupby(keys, dropna=False, sort=False).agg(lo=("lo", "max"), hi=("hi", "min"), n=("id", "size"))
    bad = agg[(agg["lo"] > agg["hi"]) & (agg["n"] > 1)]
    if bad.empty:
        return []
    marked = table.merge(bad[[]].reset_index(), on=keys, how="inner")
    return [g.set_index("id", drop=False) for _, g in marked.groupby(keys, dropna=False, sort=True)]


def describe(row) -> str:
    """A claim as an analyst would say it: 'China goods balance 2024: -$295.4 billion (usimportdata)'."""
    return f"{figure_name(row)}: {published(row)} ({row['source']})"


def metric_label(metric) -> str:
    return str(metric).replace("gs_", "goods and services ").replace("_", " ")


def figure_name(row) -> str:
    metric = metric_label(row["metric"])
    product = f" ({row['product']})" if row.get("product") else ""
    subject = row["subject_name"] if row["subject"] != "WORLD" else "total"
    return f"{subject} {metric}{product} {row['period']}"


def published(row) -> str:
    """The figure with its qualifier, in the claim's own scale and sign."""
    words = {"exact": "", "about": "about ", "over": "over ", "at_least": "at least ", "under": "under ",
             "at_most": "at most ", "nearly": "nearly "}  # fmt: skip
    q = words.get(row["qualifier"], "")
    value = str(row["value"])
    if row.get("perspective") == "partner" and row["number"] != float(value.replace(",", "")):
        value = f"{row['number']:g}"
    unit, scale = row["unit"], row["scale"]
    neg = value.startswith("-")
    digits = value.lstrip("+-")
    if unit == "USD":
        text = f"{'-' if neg else ''}${digits}" + ("" if scale == "one" else f" {scale}")
    elif unit == "percent":
        text = f"{value}%"
    elif unit == "rank":
        text = f"#{digits}"
    else:
        text = value + ("" if scale == "one" else f" {scale}")
    return q + text


def finding(code: str, name: str, message: str, claims, cause: Cause | None = None, **details) -> Finding:
    return Finding(code=code, name=name, severity=None, message=message, claims=list(claims), cause=cause, details=details)


__all__ = [
    "Context", "FIGURE_KEY", "interval", "hull", "meet", "inconsistent_groups",
    "describe", "figure_name", "metric_label", "published", "finding", "human", "human_interval", "Interval",
]  # fmt: skip
