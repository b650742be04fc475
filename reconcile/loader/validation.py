"""Raw rows -> problems: the pandera schemas judge every value, and each failure becomes `file:line: code message`.

The raw rows are put in throw-away DataFrames only for pandera; nothing
downstream sees them. Their columns are ``object`` (``reconcile.frames``): the
schemas judge the very values the reader typed (a ``NumberLiteral``, a None, a
list), not what pandas' string inference would make of them. The schemas (``schemas/claims.py``) name each check, and
each name maps to its problem type in the catalogue (``reconcile.problems.SCHEMA_CHECKS``).
"""

from __future__ import annotations

import functools
import math

import pandas as pd
import pandera.errors

from reconcile.entities import registry
from reconcile.frames import object_frame
from reconcile.loader.reader import CLAIM_KEYS, DEFAULT_KEYS, SOURCE_KEYS, RawCorpus, Unreadable
from reconcile.loader.relations import FLAT_COLUMNS
from reconcile.numbers import NumberLiteral
from reconcile import problems as P
from reconcile.model import Problem

SOURCE_COLUMNS = ["file", "line", "key_lines", *SOURCE_KEYS]
RANKING_COLUMNS = ["id", "source", "file", "line", "description", "metric", "period", "order", "over",
                   "among", "subject", "quote", "quote_line", "key_lines"]  # fmt: skip
CLAIM_COLUMNS = [*CLAIM_KEYS[:-2], *FLAT_COLUMNS, "quote_line", "note", "source", "file", "line", "key_lines", "defaulted",
                 "inherited_lines"]
# pandera reports its built-in checks under these names; the catalogue knows them by ours.
BUILTIN_CHECKS = {"not_nullable": "required", "field_uniqueness": "id_unique"}


def validate(raw: RawCorpus) -> list[Problem]:
    """Every schema failure of every table, sorted by file and line; [] when the claims are usable."""
    from reconcile.schemas import claims as schemas

    ranking_ids = {r["id"] for r in raw.rankings}
    tables = [
        (object_frame(raw.sources, SOURCE_COLUMNS), schemas.sources_schema()),
        (object_frame(raw.rankings, RANKING_COLUMNS), schemas.rankings_schema()),
        (object_frame(raw.claims, CLAIM_COLUMNS), schemas.claims_schema(frozenset(ranking_ids))),
    ]
    problems = []
    for table, schema in tables:
        problems.extend(_schema_problems(table, schema))
    problems.extend(_rankings_of_other_files(raw))
    return sorted(once(problems), key=lambda p: (p.location.file, p.location.line, p.code))


def once(problems: list[Problem]) -> list[Problem]:
    """The same problem at the same place is one problem (a ranking's period and the rank claims that inherit it)."""
    seen, out = set(), []
    for p in problems:
        key = (p.location.file, p.location.line, p.code, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _schema_problems(table: pd.DataFrame, schema) -> list[Problem]:
    if table.empty:
        return []
    try:
        schema.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _problems_from(exc.failure_cases, table, schema.name)
    return []


def _rankings_of_other_files(raw: RawCorpus) -> list[Problem]:
    """A claim may only name a ranking declared in its own file."""
    # A claims table's rankings are declared in its sidecar (reconcile.loader.tabular), for the table.
    declared = {(r.get("declared_for", r["file"]), r["id"]) for r in raw.rankings}
    every = {r["id"] for r in raw.rankings}
    return [
        P.UNDECLARED_RANKING.at(row["file"], _line(row, "ranking"), variant="other-file", value=row["ranking"])
        for row in raw.claims
        if isinstance(row["ranking"], str) and row["ranking"] in every and (row["file"], row["ranking"]) not in declared
    ]


def _line(row, column: str) -> int:
    """The line of the key that failed, or of the defaults: or ranking it was taken from; else the claim's id line."""
    written, inherited = row.get("key_lines") or {}, row.get("inherited_lines") or {}
    if not isinstance(inherited, dict):  # sources and rankings inherit nothing
        inherited = {}
    return int(written.get(column) or inherited.get(column) or written.get("id") or row.get("line") or 1)


def _problems_from(failures: pd.DataFrame, table: pd.DataFrame, table_name: str) -> list[Problem]:
    out, seen = [], set()
    for failure in failures.to_dict("records"):
        index = failure["index"]
        if index is None or (isinstance(index, float) and math.isnan(index)):
            continue  # dtype-level notes carry no row; the row-level failures say it all
        row = table.loc[index]
        if _already_reported(failure, row):
            continue
        check = BUILTIN_CHECKS.get(_check_name(str(failure["check"])), _check_name(str(failure["check"])))
        key = (row["file"], index, check, failure["column"])
        if key not in seen:
            seen.add(key)
            out.append(_problem(check, failure, row, table, table_name))
    return out


def _already_reported(failure: dict, row) -> bool:
    """The reader reported this value (Unreadable), or another block's schema does: one problem per key, not one per layer.

    A check on one column fails on the marker itself; a check across columns
    (kind_keys, metric_unit) cannot judge a row whose keys were not all read.
    """
    if isinstance(failure["failure_case"], Unreadable):
        return True
    if _judged_where_written(row, failure["column"]):
        return True
    return failure["column"] not in row.index and any(isinstance(v, Unreadable) for v in row.values)


def _judged_where_written(row, column) -> bool:
    """A claim's value taken from its ranking or its source block: that block's own schema reports it, at its line."""
    origin = (row.get("defaulted") or {}).get(column) if isinstance(row.get("defaulted"), dict) else None
    return isinstance(origin, str) and (origin.startswith("ranking ") or origin.startswith("source."))


def _check_name(check: str) -> str:
    # pandera reports a named check as its name; built-ins look like "field_uniqueness(...)"
    return check.split("(")[0]


def _problem(check: str, failure: dict, row, table: pd.DataFrame, table_name: str) -> Problem:
    """One failure as the catalogue's problem for its check, at the line of the key that failed."""
    from reconcile.schemas.claims import ROW_COLUMNS, ROW_PROBLEMS

    ptype = P.SCHEMA_CHECKS.get(check, P.CHECK_FAILED)
    column, value = failure["column"], failure["failure_case"]
    fields = {"value": value, "column": column, "check": failure["check"], "key": column}
    wording: dict = {"variant": _variant(check, value)}
    if check in ROW_PROBLEMS:  # cross-column checks word the row's own problem
        fields["detail"] = ROW_PROBLEMS[check](row)
    if check in ROW_COLUMNS:  # ... and are reported at the line of the key that makes it
        column = ROW_COLUMNS[check](row)
    if check == "required" and table_name == "sources":
        wording["variant"] = "source"
    elif check == "required" and column in DEFAULT_KEYS:
        wording["variant"] = "defaults"
    elif check == "known_entity":
        fields["value"], wording["suggest"] = _unknown_entity(value)
    elif check == "known_share_entity":
        fields["value"], wording["suggest"] = _unknown_entity(value)
        wording["variant"] = "entity"
    elif check == "id_unique":
        fields["places"] = _other_places(table, row.name, value)
        wording["variant"] = "also-at" if fields["places"] else None
    elif check in ("known_among", "known_group"):
        wording["suggest"] = _closest(value, _population_names())
    elif check in _choices():
        fields["choices"] = ", ".join(_choices()[check])
        wording["suggest"] = _closest(value, _choices()[check])
    declared = {k: v for k, v in fields.items() if k in ptype.fields}
    return ptype.at(row["file"], _line(row, column), **wording, **declared)


_NOT_FINITE = {".inf", "+.inf", "-.inf", ".nan"}


def _variant(check: str, value) -> str | None:
    """The catalogue's wording for what is wrong with this value, where its type has several."""
    from reconcile.schemas.claims import DATE

    text = str(value).lower()
    if check in ("number_literal", "valid_precision") and isinstance(value, NumberLiteral):
        if text in _NOT_FINITE or not math.isfinite(_as_float(text)):
            return "not-finite"
        if check == "number_literal" and "e" in text:
            return "exponent"
    if check in ("date_format", "valid_vintage") and isinstance(value, str) and DATE.match(value):
        return "calendar"  # the form is right, the day does not exist
    return None


def _as_float(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # YAML calls "." and "1__0" numbers; they are no float, and not infinite either
        return 0.0


@functools.lru_cache(maxsize=1)
def _choices() -> dict:
    """Check name -> its vocabulary, built once (it is asked for every failing value)."""
    from reconcile.schemas.claims import vocabulary

    v = vocabulary()
    return {
        "known_kind": v["kinds"], "known_unit": v["units"], "known_scale": v["scales"],
        "known_qualifier": v["qualifiers"], "known_lineage": v["lineages"],
        "known_perspective": v["perspectives"], "known_status": v["statuses"],
        "known_per": v["pers"], "known_metric": v["metrics"], "known_basis": v["bases"],
        "known_adjustment": v["adjustments"],
    }  # fmt: skip


@functools.lru_cache(maxsize=1)
def _population_names() -> tuple[str, ...]:
    """What among: may say: the two populations and every group with members, by id and by name."""
    from reconcile.entities import POPULATIONS

    groups = [registry().group(gid) for gid in registry().group_ids()]
    return (*POPULATIONS, *(g.id for g in groups), *(g.name for g in groups))


def _closest(value, options) -> str | None:
    return P.closest(value, options)


def _unknown_entity(value) -> tuple:
    """The first name that does not resolve (a list of parts may hold several) and the closest known one."""
    names = value if isinstance(value, list) else [value]
    bad = [n for n in names if registry().resolve(n) is None] if isinstance(value, list) else names
    if not bad:
        return value, None
    return bad[0], registry().suggest(bad[0])


def _other_places(table: pd.DataFrame, index, value) -> str:
    others = table.index[table["id"] == value]
    return ", ".join(f"{table.loc[i, 'file']}:{table.loc[i, 'line']}" for i in others if i != index)
