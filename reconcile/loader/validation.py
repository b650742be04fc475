"""Raw rows -> problems: the pandera schemas judge every value, and each failure becomes `file:line: code message`.

The raw rows are put in throw-away DataFrames only for pandera; nothing
downstream sees them. Their columns are ``object`` (``reconcile.frames``): the
schemas judge the very values the reader typed (a ``NumberLiteral``, a None, a
list), not what pandas' string inference would make of them. The schemas (``schemas/claims.py``) name each check, and
each name maps to its problem type in the catalogue (``reconcile.problems.SCHEMA_CHECKS``).
"""

from __future__ import annotations

import difflib
import functools
import math

import pandas as pd
import pandera.errors

from reconcile.entities import registry
from reconcile.frames import object_frame
from reconcile.loader.reader import CLAIM_KEYS, DEFAULT_KEYS, SOURCE_KEYS, RawCorpus
from reconcile import problems as P
from reconcile.model import Problem

SOURCE_COLUMNS = ["file", "line", "key_lines", *SOURCE_KEYS]
RANKING_COLUMNS = ["id", "source", "file", "line", "description", "metric", "period", "order", "over",
                   "among", "subject", "quote", "quote_line", "key_lines"]  # fmt: skip
CLAIM_COLUMNS = [*CLAIM_KEYS[:-2], "quote_line", "note", "source", "file", "line", "key_lines", "defaulted"]
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
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.code))


def _schema_problems(table: pd.DataFrame, schema) -> list[Problem]:
    if table.empty:
        return []
    try:
        schema.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _problems_from(exc.failure_cases, table)
    return []


def _rankings_of_other_files(raw: RawCorpus) -> list[Problem]:
    """A claim may only name a ranking declared in its own file."""
    declared = {(r["file"], r["id"]) for r in raw.rankings}
    every = {r["id"] for r in raw.rankings}
    return [
        P.UNDECLARED_RANKING.at(row["file"], _line(row, "ranking"), variant="other-file", value=row["ranking"])
        for row in raw.claims
        if isinstance(row["ranking"], str) and row["ranking"] in every and (row["file"], row["ranking"]) not in declared
    ]


def _line(row, column: str) -> int:
    """The line of the key that failed, or the claim's own line when the key is not written."""
    lines = row.get("key_lines") or {}
    return int(lines.get(column) or row.get("line") or 1)


def _problems_from(failures: pd.DataFrame, table: pd.DataFrame) -> list[Problem]:
    out, seen = [], set()
    for failure in failures.to_dict("records"):
        index = failure["index"]
        if index is None or (isinstance(index, float) and math.isnan(index)):
            continue  # dtype-level notes carry no row; the row-level failures say it all
        row = table.loc[index]
        check = BUILTIN_CHECKS.get(_check_name(str(failure["check"])), _check_name(str(failure["check"])))
        key = (row["file"], index, check, failure["column"])
        if key not in seen:
            seen.add(key)
            out.append(_problem(check, failure, row, table))
    return out


def _check_name(check: str) -> str:
    # pandera reports a named check as its name; built-ins look like "field_uniqueness(...)"
    return check.split("(")[0]


def _problem(check: str, failure: dict, row, table: pd.DataFrame) -> Problem:
    """One failure as the catalogue's problem for its check, at the line of the key that failed."""
    from reconcile.schemas.claims import ROW_PROBLEMS

    ptype = P.SCHEMA_CHECKS.get(check, P.CHECK_FAILED)
    column, value = failure["column"], failure["failure_case"]
    fields = {"value": value, "column": column, "check": failure["check"], "key": column}
    wording: dict = {}
    if check in ROW_PROBLEMS:  # cross-column checks word the row's own problem
        fields["detail"] = ROW_PROBLEMS[check](row)
        column = "kind" if check == "kind_keys" else "unit"
    if check == "required" and column in DEFAULT_KEYS:
        wording["variant"] = "defaults"
    elif check == "known_entity":
        fields["value"], wording["suggest"] = _unknown_entity(value)
    elif check == "id_unique":
        fields["places"] = _other_places(table, row.name, value)
        wording["variant"] = "also-at" if fields["places"] else None
    elif check in _choices():
        fields["choices"] = ", ".join(_choices()[check])
        wording["suggest"] = _closest(value, _choices()[check])
    where = column if column in (row.get("key_lines") or {}) else "id"
    declared = {k: v for k, v in fields.items() if k in ptype.fields}
    return ptype.at(row["file"], _line(row, where), **wording, **declared)


@functools.lru_cache(maxsize=1)
def _choices() -> dict:
    """Check name -> its vocabulary, built once (it is asked for every failing value)."""
    from reconcile.schemas.claims import vocabulary

    v = vocabulary()
    return {
        "known_kind": v["kinds"], "known_unit": v["units"], "known_scale": v["scales"],
        "known_qualifier": v["qualifiers"], "known_lineage": v["lineages"],
        "known_perspective": v["perspectives"], "known_status": v["statuses"],
        "known_per": v["pers"], "known_metric": v["metrics"],
    }  # fmt: skip


def _closest(value, options) -> str | None:
    close = difflib.get_close_matches(str(value), list(options), n=1, cutoff=0.6)
    return close[0] if close else None


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
