"""What every rule sees: the corpus's claims and the per-run indexes rules share.

``Context`` declares everything a rule may use; each index is a cached
property, built on first use and shared by every rule of the run. Rules loop
over ``Claim`` records; where they need vectorised group-bys, joins and windows,
``columnar`` runs Ibis kernels over an Arrow view of the same claims on the run's
engine (reconcile.columnar), and ``value_table`` is the pandas view the python
engine keeps (both built from the records, joined back by id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from reconcile.claim import Claim, Ranking, Source
from reconcile.documents import DocumentStore
from reconcile.frames import columns_frame
from reconcile.loader import Corpus
from reconcile.model import Cause, Finding, Location
from reconcile.numbers import Interval, Tolerances, human, human_interval
from reconcile.numbers import hull as hull_of
from reconcile.numbers import meet as meet_of

# The identity of a figure: two claims with the same key state the same thing. A share's key holds its
# total (share_of), so shares of different totals are never compared; it is "" for every other claim.
FIGURE_KEY = ["subject", "metric", "period", "product", "status", "share_of"]
# The columns of the columnar view: what the vectorised rules group and compare on.
TABLE_COLUMNS = ["id", "source", *FIGURE_KEY, "value", "qualifier", "lo", "hi", "period_grain"]
# Its numeric columns; every other one keeps the claims' own objects (reconcile.frames).
NUMERIC_COLUMNS = ("lo", "hi")


@dataclass(eq=False)
class Context:
    corpus: Corpus
    documents: DocumentStore | None = None
    tolerances: Tolerances = field(default_factory=Tolerances)
    assessments: dict = field(default_factory=dict)  # claim id -> verdicts.Assessment, when official tables are given
    references: object = None  # the official tables (references.ReferenceSet), when given and usable
    engine: str = "python"  # where the kernels run (reconcile.columnar.ENGINES); "python": the rules' own loops

    @cached_property
    def columnar(self):
        """The claims as columns on the run's engine, with the rules' kernels (None for the python engine)."""
        if self.engine == "python":
            return None
        from reconcile.columnar import Columnar

        return Columnar(self, self.engine)

    @property
    def claims(self) -> list[Claim]:
        return self.corpus.claims

    def claim(self, claim_id: str) -> Claim:
        return self.corpus.claim(claim_id)

    @cached_property
    def by_kind(self) -> dict[str, list[Claim]]:
        groups: dict[str, list[Claim]] = {}
        for c in self.claims:
            groups.setdefault(c.kind, []).append(c)
        return groups

    def of_kind(self, kind: str) -> list[Claim]:
        return self.by_kind.get(kind, [])

    @property
    def values(self) -> list[Claim]:
        """Plain value claims: the figures other claims are checked against."""
        return self.of_kind("value")

    @cached_property
    def value_table(self) -> pd.DataFrame:
        """The value claims as columns, for group-bys and joins (one row per claim, in claim order)."""
        return claims_table(self.values, TABLE_COLUMNS)

    @cached_property
    def figure_table(self) -> pd.DataFrame:
        """value_table with the share claims: every claim that states one figure another source may state too."""
        shares = self.of_kind("share")
        return claims_table([*self.values, *shares], TABLE_COLUMNS) if shares else self.value_table

    @property
    def residuals(self) -> list[Claim]:
        """Value claims of a residual scope (a balance excluding energy): checked as total − part (RC309)."""
        return [c for c in self.values if c.excluding]

    @cached_property
    def level_index(self):
        """Plain values by (subject, metric, period, product): the levels relational claims relate."""
        from reconcile.rules._levels import LevelIndex

        return LevelIndex(self.values)

    @cached_property
    def values_by_series(self) -> dict[tuple, list[Claim]]:
        """Dated plain values by series (subject, metric, product, grain, share total): a figure's other years in one lookup."""
        series: dict[tuple, list[Claim]] = {}
        for c in self.values:
            if c.period_start is not None:
                series.setdefault(series_key(c), []).append(c)
        return series

    @cached_property
    def figure_sides(self) -> pd.DataFrame:
        """One row per source and figure: the hull of that source's claims of it."""
        from reconcile.rules._levels import figure_sides

        return figure_sides(self.values)

    @property
    def rankings(self) -> list[Ranking]:
        return self.corpus.rankings

    @cached_property
    def ranking_by_id(self) -> dict[str, Ranking]:
        return {r.id: r for r in self.rankings}

    def ranking(self, ranking_id: str) -> Ranking:
        return self.ranking_by_id[ranking_id]

    def items_of(self, ranking_id: str) -> list[Claim]:
        """The rank claims of one ranking, by position."""
        return self.rank_items.get(ranking_id, [])

    @cached_property
    def rank_items(self) -> dict[str, list[Claim]]:
        """ranking id -> its rank claims, by position."""
        groups: dict[str, list[Claim]] = {}
        for c in sorted(self.of_kind("rank"), key=lambda c: c.number):
            groups.setdefault(c.ranking, []).append(c)
        return groups

    @cached_property
    def provenance(self):
        """Quote, line, number and hash checks against the documents (None without documents)."""
        from reconcile.provenance import Provenance

        return Provenance(self.corpus, self.documents) if self.documents is not None else None

    @cached_property
    def skip_spans(self):
        """What each source's skip entries cover in its document, and the patterns too slow there (None without documents)."""
        from reconcile.coverage import skip_spans

        return skip_spans(self.corpus, self.documents) if self.documents is not None else None

    @cached_property
    def coverage(self) -> list:
        """Every number in each document with what covers it (None without documents)."""
        from reconcile.coverage import coverage

        if self.documents is None:
            return None
        return coverage(self.corpus, self.documents, self.provenance, self.skip_spans)

    def source(self, source_id: str) -> Source:
        return self.corpus.source_by_id[source_id]

    def source_location(self, source_id: str, key: str) -> Location:
        """Where a source block states `key` (its sha256, its document): for findings about a source, not a claim."""
        s = self.source(source_id)
        return Location(s.file, s.line_of(key))


# What a rule examines, by the name its module gives in CHECKS: the engine counts the
# same way for every rule (how many items its scope holds), so "checked 0 change
# claims" and "not run" are never confused.
SCOPES = {
    "value claims": lambda ctx: len(ctx.values),
    "quotes": lambda ctx: len(ctx.provenance.quotes),
    "sources": lambda ctx: len(ctx.corpus.sources),
    "document numbers": lambda ctx: sum(len(r.numbers) for r in ctx.coverage),
    "rankings": lambda ctx: len(ctx.rankings),
    "assessed claims": lambda ctx: sum(a.status != "unverified" for a in ctx.assessments.values()),
    "relational claims": lambda ctx: sum(len(ctx.of_kind(k)) for k in ("growth", "change", "average", "rank")),
    **{f"{kind} claims": (lambda ctx, kind=kind: len(ctx.of_kind(kind))) for kind in ("total", "average", "growth", "change", "rank", "count", "bound", "share")},
    "residual claims": lambda ctx: len(ctx.residuals),
}


def scope_size(ctx: Context, scope: str) -> int:
    return SCOPES[scope](ctx)


def series_key(claim) -> tuple:
    """What a figure's values in other periods share: everything that names the figure but its period."""
    return claim.subject, claim.metric, claim.product, claim.period_grain, claim.share_of


def claims_table(claims: list[Claim], columns: list[str]) -> pd.DataFrame:
    """A columnar view of claims: built from the records, never a second source of truth."""
    return columns_frame({col: [getattr(c, col) for c in claims] for col in columns}, numeric=NUMERIC_COLUMNS)


def interval(claim) -> Interval:
    return Interval(float(claim["lo"]), float(claim["hi"]))


def hull(claims) -> Interval:
    return hull_of(interval(c) for c in claims)


def meet(claims) -> Interval | None:
    """Intersection of the claims' intervals, or None when they disagree."""
    return meet_of(interval(c) for c in claims)


def inconsistent_groups(ctx: Context, keys: list[str], table: pd.DataFrame | None = None) -> list[list[Claim]]:
    """Groups of claims (by keys; value claims unless `table` says otherwise) whose intervals cannot all hold at
    once, found without pairwise loops."""
    table = ctx.value_table if table is None else table
    if table.empty:
        return []
    agg = table.groupby(keys, dropna=False, sort=False).agg(lo=("lo", "max"), hi=("hi", "min"), n=("id", "size"))
    bad = agg[(agg["lo"] > agg["hi"]) & (agg["n"] > 1)]
    if bad.empty:
        return []
    marked = table.merge(bad[[]].reset_index(), on=keys, how="inner")
    return [[ctx.claim(i) for i in g["id"]] for _, g in marked.groupby(keys, dropna=False, sort=True)]


def conflict_groups(ctx: Context, keys: list[str], figures: bool = False) -> list[list[Claim]]:
    """inconsistent_groups on the run's engine: value claims (with share claims when `figures`), in the same order."""
    if ctx.columnar is not None:
        return ctx.columnar.conflict_groups(keys, figures)
    return inconsistent_groups(ctx, keys, ctx.figure_table if figures else None)


def describe(claim) -> str:
    """A claim as an analyst would say it: 'China goods balance 2024: -$295.4 billion (usimportdata)'."""
    return f"{figure_name(claim)}: {published(claim)} ({claim['source']})"


def metric_label(metric) -> str:
    return str(metric).replace("gs_", "goods and services ").replace("_", " ")


def figure_name(claim) -> str:
    if getattr(claim, "kind", None) == "share" and claim.of is not None:
        return share_name(claim)
    metric = metric_label(claim["metric"])
    product = f" ({claim['product']})" if claim["product"] else ""
    subject = claim["subject_name"] if claim["subject"] != "WORLD" else "total"
    return f"{subject} {metric}{product} {claim['period']}"


def share_name(claim) -> str:
    """'Canada's share of total goods exports 2024', 'Canada + Mexico's share of total goods exports (vehicles) 2024'."""
    of = claim.of
    from reconcile.rules._shares import part_label

    part = part_label(claim)
    part_product = f" ({claim.product})" if claim.product else ""
    if not claim.parts and claim.subject == of.subject and claim.product:
        part, part_product = claim.product, ""  # a product's share of its subject's whole trade: "energy's share"
    whole = of.subject_name if of.subject != "WORLD" else "total"
    of_product = f" ({of.product})" if of.product else ""
    of_period = f" {of.period}" if of.period != claim.period else ""
    return f"{part}{part_product}'s share of {whole} {metric_label(of.metric)}{of_product}{of_period} {claim.period}"


_QUALIFIER_WORDS = {"exact": "", "about": "about ", "over": "over ", "at_least": "at least ", "under": "under ",
                    "at_most": "at most ", "nearly": "nearly "}  # fmt: skip


def published(claim) -> str:
    """The figure with its qualifier, in the claim's own scale and sign."""
    q = _QUALIFIER_WORDS.get(claim["qualifier"], "")
    value = str(claim["value"])
    if claim["perspective"] == "partner" and claim["number"] != float(value.replace(",", "")):
        value = f"{claim['number']:g}"
    unit, scale = claim["unit"], claim["scale"]
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


def finding(code: str, name: str, message: str, claims, cause: Cause | None = None, *, context=(),
            key: str = "", soften: bool = False, location: Location | None = None, **details) -> Finding:
    """A rule's finding about `claims` (its subject: what the fingerprint covers).

    `context`: claims consulted as evidence only (competitors, other sources' levels); listed
    after the subject, never fingerprinted, and a claim in both counts as subject;
    `key` tells apart findings on the same claims (part of the fingerprint);
    `soften`: the finding rests on other sources' figures, so it is reported one severity milder;
    `location`: for findings that no claim carries (a source block, a document line)."""
    subject = list(claims)
    about = set(subject)
    evidence = [c for c in dict.fromkeys(context) if c not in about]
    return Finding(code=code, name=name, message=message, claims=subject + evidence, context=evidence, cause=cause,
                   details=details, key=key, soften=soften, location=location)  # fmt: skip


__all__ = [
    "Context", "FIGURE_KEY", "Interval", "claims_table", "conflict_groups", "describe", "figure_name", "finding", "hull", "human",
    "human_interval", "inconsistent_groups", "interval", "meet", "metric_label", "published",
]  # fmt: skip
