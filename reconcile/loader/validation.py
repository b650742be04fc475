"""Raw rows -> problems: the pandera schemas judge every value, and each failure becomes `file:line: code message`.

The raw rows are put in throw-away DataFrames only for pandera; nothing
downstream sees them. The schemas (``schemas/claims.py``) name each check, and
the check's message and hint live beside it there (``MESSAGES``).
"""

from __future__ import annotations

import difflib
import math

import pandas as pd
import pandera.errors

from reconcile.entities import registry
from reconcile.loader.reader import CLAIM_KEYS, DEFAULT_KEYS, SOURCE_KEYS, RawCorpus
from reconcile.model import Location, Problem

SOURCE_COLUMNS = ["file", "line", "key_lines", *SOURCE_KEYS]
RANKING_COLUMNS = ["id", "source", "file", "line", "description", "metric", "period", "order", "over",
                   "among", "subject", "quote", "quote_line", "key_lines"]  # fmt: skip
CLAIM_COLUMNS = [*CLAIM_KEYS[:-2], "quote_line", "note", "source", "file", "line", "key_lines", "defaulted"]
# pandera's built-in checks, under the names MESSAGES knows them by.
BUILTIN_CHECKS = {"not_nullable": "required", "field_uniqueness": "id_unique"}


def validate(raw: RawCorpus) -> list[Problem]:
    """Every schema failure of every table, sorted by file and line; [] when the claims are usable."""
    from reconcile.schemas import claims as schemas

    ranking_ids = {r["id"] for r in raw.rankings}
    tables = [
        (pd.DataFrame(raw.sources, columns=SOURCE_COLUMNS), schemas.sources_schema()),
        (pd.DataFrame(raw.rankings, columns=RANKING_COLUMNS), schemas.rankings_schema()),
        (pd.DataFrame(raw.claims, columns=CLAIM_COLUMNS), schemas.claims_schema(frozenset(ranking_ids))),
    ]
    problems = []
    for table, schema in tables:
        problems.extend(_schema_problems(table, schema, schemas))
    problems.extend(_rankings_of_other_files(raw))
    return sorted(problems, key=lambda p: (p.location.file, p.location.line, p.code))


def _schema_problems(table: pd.DataFrame, schema, schemas) -> list[Problem]:
    if table.empty:
        return []
    try:
        schema.validate(table, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return _problems_from(exc.failure_cases, table, schemas)
    return []


def _rankings_of_other_files(raw: RawCorpus) -> list[Problem]:
    """A claim may only name a ranking declared in its own file."""
    declared = {(r["file"], r["id"]) for r in raw.rankings}
    every = {r["id"] for r in raw.rankings}
    return [
        _at(row, "ranking", "RC028", f"ranking {row['ranking']!r} is declared in another file", "declare it in this file")
        for row in raw.claims
        if isinstance(row["ranking"], str) and row["ranking"] in every and (row["file"], row["ranking"]) not in declared
    ]


def _at(row, column: str, code: str, message: str, hint: str) -> Problem:
    lines = row.get("key_lines") or {}
    line = lines.get(column) or row.get("line") or 1
    return Problem(Location(row["file"], int(line)), code, message, hint)


def _problems_from(failures: pd.DataFrame, table: pd.DataFrame, schemas) -> list[Problem]:
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
            out.append(_problem(check, failure, row, table, schemas))
    return out


def _check_name(check: str) -> str:
    # pandera reports a named check as its name; built-ins look like "field_uniqueness(...)"
    return check.split("(")[0]


def _problem(check: str, failure: dict, row, table: pd.DataFrame, schemas) -> Problem:
    """One failure as a problem at the line of the key that failed."""
    column, value = failure["column"], failure["failure_case"]
    code, template, hint = schemas.MESSAGES.get(check, ("RC005", f"{column}: check {failure['check']} failed for {{value!r}}", ""))
    if check in schemas.ROW_PROBLEMS:  # cross-column checks word the row's own problem
        value = schemas.ROW_PROBLEMS[check](row)
        column = "kind" if check == "kind_keys" else "unit"
    message = template.format(value=value)
    if check == "required":
        message = f"{column} is missing"
        hint = f"add `{column}:`" + (" (or set it under defaults:)" if column in DEFAULT_KEYS else "")
    elif check == "known_entity":
        message, hint = _entity_problem(value, message, hint)
    elif check == "id_unique":
        hint = _duplicate_hint(table, row.name, value) or hint
    elif check in _choices():
        hint = _did_you_mean(value, _choices()[check]) or hint.format(choices=", ".join(_choices()[check]))
    where = column if column in (row.get("key_lines") or {}) else "id"
    return _at(row, where, code, message, hint)


def _choices() -> dict:
    from reconcile.schemas.claims import vocabulary

    v = vocabulary()
    return {
        "known_kind": v["kinds"], "known_unit": v["units"], "known_scale": v["scales"],
        "known_qualifier": v["qualifiers"], "known_lineage": v["lineages"],
        "known_perspective": v["perspectives"], "known_status": v["statuses"],
        "known_per": v["pers"], "known_metric": v["metrics"],
    }  # fmt: skip


def _did_you_mean(value, options) -> str | None:
    close = difflib.get_close_matches(str(value), list(options), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _entity_problem(value, message: str, hint: str) -> tuple[str, str]:
    """Name the first entity that does not resolve (a list of parts may hold several) and the closest known one."""
    names = value if isinstance(value, list) else [value]
    bad = [n for n in names if registry().resolve(n) is None] if isinstance(value, list) else names
    if not bad:
        return message, hint
    suggestion = registry().suggest(bad[0])
    return f"unknown entity {bad[0]!r}", (f"did you mean {suggestion!r}?" if suggestion else hint)


def _duplicate_hint(table: pd.DataFrame, index, value) -> str:
    others = table.index[table["id"] == value]
    places = [f"{table.loc[i, 'file']}:{table.loc[i, 'line']}" for i in others if i != index]
    return f"also at {', '.join(places)}; ids must be unique across all claim files" if places else ""
