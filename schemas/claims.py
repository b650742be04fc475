"""pandera schemas for the three tables a claims folder becomes: sources, rankings, claims.

Declarative on purpose: the columns, vocabularies and cross-column rules of a
valid claim live here, apart from the loader that reads YAML and the engine that
runs rules. The vocabularies come from ``vocabulary.yaml`` beside this file.

Every check has a ``name``; each name is the key of its problem type in the
catalogue (``reconcile.problems.SCHEMA_CHECKS``), which words the message and
hint, and ``reconcile.loader.validation`` turns a failure into
``file:line: code message — hint``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import yaml

from reconcile.documents import document_name_fault
from reconcile.numbers import NumberLiteral, parse_literal, parse_period, parse_precision

# Ranking vocabularies, shared with the JSON Schema (reconcile/jsonschema.py) so the two cannot drift.
RANKING_ORDERS = ("ascending", "descending")
RANKING_AXES = ("subjects", "periods")
RANKING_POPULATIONS = ("countries", "partners")

ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict:
    text = (Path(__file__).parent / "vocabulary.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _named(name: str, fn, element_wise: bool = True, ignore_na: bool = True) -> pa.Check:
    # One Series.map per column instead of pandera's per-element machinery: the
    # same check, an order of magnitude faster on 100,000 claims.
    if element_wise:
        return pa.Check(lambda s: s.map(fn).astype(bool), name=name, ignore_na=ignore_na)
    return pa.Check(fn, name=name, ignore_na=ignore_na)


def _in(name: str, choices) -> pa.Check:
    allowed = list(choices)
    return pa.Check(lambda s: s.isin(allowed), name=name)


def _is_str(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


def _document_name(v) -> bool:
    # Only a plain relative name can be looked up in the documents folder (no '..', no absolute path);
    # a missing or blank one is the `required` check's to report.
    return not _is_str(v) or document_name_fault(v) is None


def _number_literal(v) -> bool:
    # A quoted "140.5" is a string in YAML: rejecting it keeps typos like "14O.5" out.
    # parse_literal reads plain digits only, so .inf and .nan are refused here too.
    return isinstance(v, NumberLiteral) and parse_literal(v) is not None


@functools.lru_cache(maxsize=4096)
def _period_text_ok(text: str) -> bool:
    # " 2024" would read as 2024 but never be grouped with the other sources' "2024".
    return text == text.strip() and parse_period(text) is not None


def is_iso_date(value) -> bool:
    """YYYY-MM-DD naming a day of the calendar: 2024-13-45 and 2023-02-29 have the form but are no day."""
    if not isinstance(value, str) or not DATE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_period(v) -> bool:
    return isinstance(v, str) and _period_text_ok(v)


_period = is_period


def _required(name: str, nullable: bool = False, checks=(), unique: bool = False) -> pa.Column:
    return pa.Column(
        None,
        checks=list(checks),
        nullable=nullable,
        unique=unique,
        required=True,
        coerce=False,
    )


def sources_schema() -> pa.DataFrameSchema:
    v = vocabulary()
    return pa.DataFrameSchema(
        {
            "id": _required("id", checks=[_named("id_format", lambda x: _is_str(x) and bool(ID.match(x)))], unique=True),
            "title": _required("title", checks=[_named("required", _is_str)]),
            "publisher": _required("publisher", checks=[_named("required", _is_str)]),
            "document": _required("document", checks=[_named("required", _is_str), _named("document_name", _document_name)]),
            "sha256": _required("sha256", checks=[_named("sha256_format", lambda x: isinstance(x, str) and bool(SHA256.match(x)))]),
            "published": _required("published", nullable=True, checks=[_named("date_format", is_iso_date)]),
            "lineage": _required("lineage", checks=[_named("known_lineage", lambda x: all(i in v["lineages"] for i in x))]),
            "reporter": _required("reporter", checks=[_named("known_entity", lambda x: _resolves(x))]),
        },
        strict=False,
        name="sources",
    )


def rankings_schema() -> pa.DataFrameSchema:
    v = vocabulary()
    return pa.DataFrameSchema(
        {
            "id": _required("id", checks=[_named("id_format", lambda x: _is_str(x) and bool(ID.match(x)))], unique=True),
            "metric": _required("metric", checks=[_in("known_metric", v["metrics"])]),
            "period": _required("period", nullable=True, checks=[_named("valid_period", _period)]),
            "order": _required("order", checks=[_in("known_order", RANKING_ORDERS)]),
            "over": _required("over", checks=[_in("known_over", RANKING_AXES)]),
            "among": _required("among", checks=[_named("known_among", _population_word), _named("known_group", _group_name),
                                                _named("group_members", _has_members)]),
            "subject": _required("subject", nullable=True, checks=[_named("known_entity", _resolves)]),
            "quote": _required("quote", checks=[_named("non_empty_quote", _is_str)]),
            "quote_line": _required("quote_line", checks=[_named("positive_line", _positive_int)]),
        },
        strict=False,
        name="rankings",
    )


def claims_schema(ranking_ids: frozenset[str] = frozenset()) -> pa.DataFrameSchema:
    v = vocabulary()
    return pa.DataFrameSchema(
        {
            "id": _required("id", checks=[_named("id_format", lambda x: _is_str(x) and bool(ID.match(x)))], unique=True),
            "kind": _required("kind", checks=[_in("known_kind", v["kinds"])]),
            "subject": _required("subject", nullable=True, checks=[_named("known_entity", _resolves)]),
            "parts": _required("parts", nullable=True, checks=[_named("known_entity", lambda x: all(_resolves(p) for p in x))]),
            "metric": _required("metric", nullable=True, checks=[_in("known_metric", v["metrics"])]),
            "period": _required("period", nullable=True, checks=[_named("valid_period", _period)]),
            "from_period": _required("from_period", nullable=True, checks=[_named("valid_period", _period)]),
            "per": _required("per", nullable=True, checks=[_in("known_per", v["pers"])]),
            "value": _required("value", checks=[_named("number_literal", _number_literal)]),
            "unit": _required("unit", checks=[_in("known_unit", v["units"])]),
            "scale": _required("scale", checks=[_in("known_scale", v["scales"])]),
            "qualifier": _required("qualifier", checks=[_in("known_qualifier", v["qualifiers"])]),
            "perspective": _required("perspective", checks=[_in("known_perspective", v["perspectives"])]),
            "lineage": _required("lineage", checks=[_in("known_lineage", v["lineages"])]),
            # Left out, the verdict prefers the basis of the claim's lineage, unadjusted figures and the latest vintage.
            "basis": _required("basis", nullable=True, checks=[_in("known_basis", v["bases"])]),
            "adjustment": _required("adjustment", nullable=True, checks=[_in("known_adjustment", v["adjustments"])]),
            "vintage": _required("vintage", nullable=True, checks=[_named("valid_vintage", is_iso_date)]),
            "status": _required("status", checks=[_in("known_status", v["statuses"])]),
            "ranking": _required("ranking", nullable=True, checks=[_in("known_ranking", ranking_ids)]),
            "precision": _required("precision", nullable=True, checks=[_named("valid_precision", lambda x: parse_precision(x) is not None)]),
            "quote": _required("quote", checks=[_named("non_empty_quote", _is_str)]),
            "quote_line": _required("quote_line", checks=[_named("positive_line", _positive_int)]),
            # A share's total (of:) is a figure key; what it leaves out defaults to the claim's own key.
            "of_subject": _required("of_subject", nullable=True, checks=[_named("known_share_entity", _resolves)]),
            "of_metric": _required("of_metric", nullable=True, checks=[_in("known_metric", v["metrics"])]),
            "of_period": _required("of_period", nullable=True, checks=[_named("valid_period", _period)]),
        },
        checks=[
            # Cross-column rules, vectorised; ROW_PROBLEMS words the failing rows.
            pa.Check(_kinds_ok, name="kind_keys"),
            pa.Check(_units_ok, name="metric_unit"),
            pa.Check(lambda df: _related_rows_ok(df, _share_total_problem), name="share_total"),
            pa.Check(lambda df: _related_rows_ok(df, _share_figure_problem), name="share_figure"),
            pa.Check(lambda df: _related_rows_ok(df, _residual_part_problem), name="residual_part"),
            pa.Check(lambda df: _related_rows_ok(df, _relation_kind_problem), name="relation_kind"),
        ],
        strict=False,
        name="claims",
    )


def _kinds_ok(df) -> pd.Series:
    ok = df["kind"].notna()
    for kind, needs in KIND_NEEDS.items():
        rows = df["kind"] == kind
        if not rows.any():
            continue
        for key in needs:
            ok &= ~rows | df[key].notna()
        if kind == "total":
            ok &= ~rows | df["parts"].map(lambda x: isinstance(x, list) and len(x) >= 2)
        if kind != "value":
            ok &= ~rows | (df["perspective"] != "partner")
    return ok


def _units_ok(df) -> pd.Series:
    metric_units = {m: spec.get("unit") for m, spec in vocabulary()["metrics"].items()}
    kind_units = {"growth": "percent", "share": "percent", "rank": "rank", "count": "count"}
    expected = df["kind"].map(kind_units)
    by_metric = df["metric"].map(metric_units)
    expected = expected.where(expected.notna(), by_metric)
    return expected.isna() | (expected == df["unit"])


def _positive_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= 1


def _resolves(name) -> bool:
    from reconcile.entities import registry

    return isinstance(name, str) and registry().resolve(name) is not None


# among: is countries, partners or a group with members. A value that resolves to nothing is an unknown
# population when written in lower case (a keyword gone wrong: "nations") and an unknown group otherwise
# ("ASEAN+3"); a country or a group without a membership list (World) names no population to rank within.
def _population_word(x) -> bool:
    return x in RANKING_POPULATIONS or _resolves(x) or not (isinstance(x, str) and x.islower())


def _group_name(x) -> bool:
    return x in RANKING_POPULATIONS or _resolves(x) or (isinstance(x, str) and x.islower())


def _has_members(x) -> bool:
    from reconcile.entities import ranking_group

    return x in RANKING_POPULATIONS or not _resolves(x) or ranking_group(x) is not None


def _present(x) -> bool:
    if x is None:
        return False
    if isinstance(x, float) and math.isnan(x):
        return False
    return True


# kind -> keys it needs
KIND_NEEDS = {
    "value": ("subject", "metric", "period"),
    "total": ("parts", "metric", "period"),
    "change": ("subject", "metric", "period"),
    "growth": ("subject", "metric", "period"),
    "average": ("subject", "metric", "period", "per"),
    "rank": ("subject", "ranking"),
    "count": ("ranking",),
    "bound": ("ranking",),
    "share": ("metric", "period"),  # the part (subject: or parts:) and the total (of:) are share_figure's and share_total's
}


def _kind_problem(row) -> str:
    needs = KIND_NEEDS.get(row["kind"])
    if needs is None:
        return ""
    missing = [k for k in needs if not _present(row.get(k))]
    if missing:
        return f"a {row['kind']} claim needs {', '.join(missing)}"
    if row["kind"] == "total" and len(row["parts"]) < 2:
        return "a total claim needs at least two parts"
    if row["kind"] != "value" and row.get("perspective") == "partner":
        return "perspective: partner is only for plain value claims"
    return ""


def _unit_problem(row) -> str:
    kind, unit = row["kind"], row["unit"]
    if kind in ("growth", "share"):
        return "" if unit == "percent" else f"a {kind} claim is in percent, not {unit}"
    if kind == "rank":
        return "" if unit == "rank" else f"a rank claim has unit rank, not {unit}"
    if kind == "count":
        return "" if unit == "count" else f"a count claim has unit count, not {unit}"
    metric = row.get("metric")
    expected = vocabulary()["metrics"].get(metric, {}).get("unit") if _present(metric) else None
    if expected and unit != expected:
        return f"metric {metric} is measured in {expected}, not {unit}"
    return ""


# --- shares and residual scopes: of: and excluding: (reconcile/loader/relations.py reads them) -----------------

def _written(x) -> bool:
    """The key was written and read (True for a readable of:/excluding: mapping); an unreadable one is reported already."""
    from reconcile.loader.reader import Unreadable

    return _present(x) and not isinstance(x, Unreadable)


def _related_rows_ok(df, problem) -> pd.Series:
    """True for rows `problem` finds nothing wrong with; only shares and rows with of:/excluding: are asked,
    so 100,000 plain values cost one vectorised mask."""
    ok = pd.Series(True, index=df.index)
    related = (df["kind"] == "share") | df["of"].notna() | df["excluding"].notna()
    if related.any():
        ok[related] = [not problem(row) for _, row in df[related].iterrows()]
    return ok


def _share_total_problem(row) -> str:
    if row["kind"] != "share" or _present(row["of"]):
        return ""
    return "a share claim needs of: naming its total"


def _share_figure_problem(row) -> str:
    """The share's part must be one figure or one group, and its total another figure."""
    if row["kind"] != "share":
        return ""
    has_subject, has_parts = _present(row["subject"]), isinstance(row["parts"], list)
    if not has_subject and not has_parts:
        return "a share claim needs its part: subject: (one figure) or parts: (a group of subjects)"
    if has_subject and has_parts:
        return "a share claim names its part once: subject: or parts:, not both"
    if has_parts and len(row["parts"]) < 2:
        return "a share of one subject names it under subject:, not parts:"
    if has_parts and _written(row["of"]) and not _present(row["of_subject"]):
        return "a share of a group names its total's subject under of: (of: {subject: World})"
    if _written(row["of"]) and _total_is_part(row):
        return "the share's total (of:) is its part itself: name the total's subject, metric, period or product"
    return ""


def _total_is_part(row) -> bool:
    from reconcile.entities import registry

    if isinstance(row["parts"], list):
        return False
    def entity(name):
        found = registry().resolve(name) if isinstance(name, str) else None
        return found.id if found else None
    part = (entity(row["subject"]), row["metric"], row["period"], row["product"] or "")
    total = (entity(_or(row["of_subject"], row["subject"])), _or(row["of_metric"], row["metric"]),
             _or(row["of_period"], row["period"]), row["of_product"] or "")  # fmt: skip
    return part[0] is not None and part == total


def _or(value, fallback):
    return value if _present(value) else fallback


def _residual_part_problem(row) -> str:
    if not _written(row["excluding"]):
        return ""
    return "" if _is_str(row["excluding_product"]) else "excluding: needs product: naming the part left out"


def _relation_kind_problem(row) -> str:
    if _written(row["of"]) and row["kind"] != "share":
        return "of: is only for share claims (kind: share); a plain figure names its own subject and metric"
    if _written(row["excluding"]) and row["kind"] != "value":
        return f"excluding: is only for plain value claims, not {row['kind']} claims"
    if _written(row["excluding"]) and _is_str(row["excluding_product"]) and row["excluding_product"] == row["product"]:
        return "excluding: names the claim's own product, which leaves nothing: name the part left out of it"
    return ""


def _relation_column(row) -> str:
    return "of" if _written(row["of"]) and row["kind"] != "share" else "excluding"


# Cross-column checks that fail with a row-specific text: the loader asks these for it,
# and ROW_COLUMNS for the key whose line the problem is reported at.
ROW_PROBLEMS = {"kind_keys": _kind_problem, "metric_unit": _unit_problem, "share_figure": _share_figure_problem,
                "relation_kind": _relation_kind_problem}  # fmt: skip
ROW_COLUMNS = {"kind_keys": lambda r: "kind", "metric_unit": lambda r: "unit", "share_total": lambda r: "kind",
               "share_figure": lambda r: "of" if _present(r["subject"]) or isinstance(r["parts"], list) else "kind",
               "residual_part": lambda r: "excluding", "relation_kind": _relation_column}  # fmt: skip
