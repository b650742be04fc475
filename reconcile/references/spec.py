"""A reference source file (references/*.yaml) -> a checked ``ReferenceSpec``.

A reference source says how an official data table becomes figures: who
published it, on which basis, adjustment and vintage, which file it reads, and
which columns give the subject, the period and the values. It is declaration
only; ``reconcile.references.table`` reads the data it describes.

Everything is checked here, before any data is read, with the line of the key
at fault: unknown keys (with "did you mean"), missing keys, values outside the
vocabulary (schemas/vocabulary.yaml), periods and vintages that are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconcile import problems as P
from reconcile.loader import yaml_nodes
from reconcile.model import Problem
from reconcile.numbers import parse_period

TOP_KEYS = (
    "id", "title", "publisher", "url", "lineage", "basis", "adjustment", "vintage", "release", "data", "format",
    "unit", "scale", "precision", "subject", "period", "values", "recode", "drop_rows", "note",
)  # fmt: skip
REQUIRED = ("id", "title", "publisher", "lineage", "basis", "adjustment", "vintage", "data", "format", "unit", "scale", "subject", "period", "values")
FIELD_KEYS = ("value", "column", "recode")
SUBJECT_KEYS = ("value", "column", "codes", "map", "drop")
VALUE_KEYS = ("column", "metric", "months")
DROP_KEYS = ("value", "pattern", "reason")
DROP_ROW_KEYS = ("where", "reason")
FORMATS = ("csv", "json", "parquet")
CODE_KINDS = ("alpha-3", "name")
MAX_SPEC_BYTES = 256 * 1024  # a reference source is a page of YAML; the data lives in the data file
DROPPED = "drop"  # `map: {CODE: drop}` drops the rows of that subject, like a drop entry


class SpecError(Exception):
    """A reference source that cannot be used; carries its Problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class Field:
    """A value every row shares (``constant``) or one a column gives, recoded (``recode``: as written -> meant)."""

    constant: str | None = None
    column: str | None = None
    recode: dict[str, str] = field(default_factory=dict)
    line: int = 0

    def columns(self) -> list[str]:
        return [self.column] if self.column else []


@dataclass(frozen=True)
class Drop:
    """Rows of these subjects are not figures of any entity (aggregates, residuals): dropped, with the reason."""

    reason: str
    value: str | None = None
    pattern: re.Pattern | None = None
    line: int = 0

    def matches(self, code: str) -> bool:
        return code == self.value if self.pattern is None else bool(self.pattern.search(code))


@dataclass(frozen=True)
class DropRows:
    """Rows whose columns hold these values are dropped, with the reason (a partial year, a duplicate series)."""

    where: dict[str, str]
    reason: str
    line: int = 0


@dataclass(frozen=True)
class Subject:
    field: Field
    codes: str = "alpha-3"  # how the column names subjects: ISO alpha-3 codes, or names (resolved like claim subjects)
    map: dict[str, str] = field(default_factory=dict)  # as written -> entity id, or "drop"
    drops: tuple[Drop, ...] = ()


@dataclass(frozen=True)
class ValueColumn:
    """A column of figures: its metric (may name other columns, "{scope}_balance"), one number or 12 months."""

    column: str
    metric: str
    months: bool = False
    line: int = 0

    def template_columns(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.metric)


@dataclass(frozen=True)
class ReferenceSpec:
    id: str
    title: str
    publisher: str
    url: str | None
    lineage: Field
    basis: Field
    adjustment: Field
    vintage: Field
    release: Field
    data: str
    format: str
    unit: str
    scale: str
    precision: float  # half the rounding unit of the cells, in the table's scale
    subject: Subject
    period: Field
    values: tuple[ValueColumn, ...]
    recode: dict[str, dict[str, str]]  # column -> (as written -> meant), for metric templates
    drop_rows: tuple[DropRows, ...]
    file: str  # the reference source file
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def columns(self) -> list[str]:
        """Every column the mapping reads, to check the data file has them."""
        named = [*self.subject.field.columns(), *self.period.columns()]
        for f in (self.lineage, self.basis, self.adjustment, self.vintage, self.release):
            named += f.columns()
        for v in self.values:
            named += [v.column, *v.template_columns()]
        for d in self.drop_rows:
            named += list(d.where)
        return list(dict.fromkeys(named))


# --- YAML nodes -> plain data with the line of every key --------------------------------------------


class Lined(dict):
    """A mapping read from YAML that remembers its line and the line of each key."""

    line: int = 1
    lines: dict

    def at(self, key: str) -> int:
        return self.lines.get(key, self.line)


def _plain(node, check: _Checker):
    """Plain data from a node tree; a key given twice is refused (YAML would keep the last one silently)."""
    if isinstance(node, yaml.MappingNode):
        out = Lined()
        out.line, out.lines = yaml_nodes.line_of(node), {}
        for key_node, value_node in node.value:
            key = str(_plain(key_node, check))
            if key in out:
                check.fail(P.INVALID_REFERENCE_SOURCE, yaml_nodes.line_of(key_node), detail=f"duplicate key {key!r} (first at line {out.lines[key]})")
            out[key] = _plain(value_node, check)
            out.lines[key] = yaml_nodes.line_of(key_node)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(n, check) for n in node.value]
    value = yaml_nodes.typed_scalar(node)
    return value


# --- reading and checking ------------------------------------------------------------------------------


class _Checker:
    """Checks one reference source's mapping; ``fail`` raises the first problem with its line."""

    def __init__(self, file: str):
        self.file = file

    def fail(self, ptype: P.ProblemType, line: int, **fields):
        raise SpecError(ptype.at(self.file, line, **fields))

    def keys(self, data: Lined, allowed, what: str) -> None:
        for key in data:
            if key not in allowed:
                close = P.closest(key, allowed)
                self.fail(P.UNKNOWN_REFERENCE_KEY, data.at(key), key=key, what=what, keys=", ".join(allowed), suggest=close)

    def required(self, data: Lined, keys, what: str) -> None:
        for key in keys:
            if data.get(key) in (None, ""):
                self.fail(P.MISSING_REFERENCE_KEY, data.at(key) if key in data else data.line, what=what, key=key)

    def mapping(self, value, line: int, key: str) -> Lined:
        if not isinstance(value, Lined):
            self.fail(P.INVALID_REFERENCE_VALUE, line, key=key, value=value, detail="is not a mapping", choices="write a mapping of keys to values")
        return value

    def text(self, value, line: int, key: str) -> str:
        if not isinstance(value, str) or isinstance(value, bool) or not value.strip():
            self.fail(P.INVALID_REFERENCE_VALUE, line, key=key, value=value, detail="is not a text", choices="write a word or a quoted text")
        return str(value)

    def choice(self, value, line: int, key: str, choices, what: str) -> str:
        text = self.text(value, line, key)
        if text not in choices:
            close = P.closest(text, choices)
            self.fail(P.INVALID_REFERENCE_VALUE, line, key=key, value=text, detail=f"is not a known {what}",
                      choices=f"use one of: {', '.join(choices)}", suggest=close)  # fmt: skip
        return text

    def strings(self, value, line: int, key: str) -> dict[str, str]:
        """A mapping of text to text (a recode or a subject map)."""
        data = self.mapping(value, line, key)
        return {str(k): self.text(v, data.at(k), f"{key}.{k}") for k, v in data.items()}


def read_spec(path: Path, shown: str) -> ReferenceSpec:
    """The checked spec of the reference source file at ``path`` (``shown`` is its name in messages)."""
    check = _Checker(shown)
    data = check.mapping(_parse(path, check), 1, "the file")
    check.keys(data, TOP_KEYS, "the reference source")
    check.required(data, REQUIRED, "the reference source")
    vocab = _vocabulary()
    return ReferenceSpec(
        id=_identifier(check, data),
        title=check.text(data["title"], data.at("title"), "title"),
        publisher=check.text(data["publisher"], data.at("publisher"), "publisher"),
        url=check.text(data["url"], data.at("url"), "url") if data.get("url") is not None else None,
        lineage=_field(check, data, "lineage", vocab["lineages"], "lineage"),
        basis=_field(check, data, "basis", vocab["bases"], "basis"),
        adjustment=_field(check, data, "adjustment", vocab["adjustments"], "adjustment"),
        vintage=_field(check, data, "vintage", None, "date", parse=_vintage),
        release=_field(check, data, "release", None, "text") if "release" in data else Field(constant=None),
        data=_data_path(check, data),
        format=check.choice(data["format"], data.at("format"), "format", FORMATS, "format"),
        unit=check.choice(data["unit"], data.at("unit"), "unit", list(vocab["units"]), "unit"),
        scale=check.choice(data["scale"], data.at("scale"), "scale", list(vocab["scales"]), "scale"),
        precision=_precision(check, data),
        subject=_subject(check, data),
        period=_field(check, data, "period", None, "period", parse=_period),
        values=_values(check, data, vocab["metrics"]),
        recode={k: check.strings(v, data["recode"].at(k), f"recode.{k}") for k, v in check.mapping(data.get("recode") or Lined(), data.at("recode"), "recode").items()},
        drop_rows=_drop_rows(check, data),
        file=shown, line=1, key_lines=dict(data.lines),
    )  # fmt: skip


def _parse(path: Path, check: _Checker):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        check.fail(P.INVALID_REFERENCE_SOURCE, 1, detail=f"cannot be read: {exc.strerror or exc}")
    if len(raw) > MAX_SPEC_BYTES:
        check.fail(P.INVALID_REFERENCE_SOURCE, 1, detail=f"is {len(raw) // 1024} KB; a reference source is a page of YAML (at most {MAX_SPEC_BYTES // 1024} KB)")
    try:
        text = raw.decode("utf-8")
        documents = yaml_nodes.compose(text)
    except UnicodeDecodeError:
        check.fail(P.INVALID_REFERENCE_SOURCE, 1, detail="is not UTF-8 text")
    except yaml.YAMLError as exc:
        line, _, detail = yaml_nodes.yaml_error_at(text, exc)
        check.fail(P.INVALID_REFERENCE_SOURCE, line, detail=f"invalid YAML: {detail}")
    except RecursionError:
        check.fail(P.INVALID_REFERENCE_SOURCE, 1, detail="is nested too deeply")
    if len(documents) != 1 or documents[0] is None:
        check.fail(P.INVALID_REFERENCE_SOURCE, 1, detail=f"holds {len(documents)} YAML documents; a reference source is one mapping")
    for bad in yaml_nodes.foreign_tags(documents[0]):
        check.fail(P.INVALID_REFERENCE_SOURCE, yaml_nodes.line_of(bad), detail=f"the tag {bad.tag} is not plain data")
    return _plain(documents[0], check)


def _vocabulary() -> dict:
    from reconcile.schemas.claims import vocabulary

    return vocabulary()


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _identifier(check: _Checker, data: Lined) -> str:
    text = check.text(data["id"], data.at("id"), "id")
    if not _ID.match(text):
        check.fail(P.INVALID_REFERENCE_VALUE, data.at("id"), key="id", value=text, detail="is not an id",
                   choices="lower-case letters, digits, '.', '_' and '-'")  # fmt: skip
    return text


def _data_path(check: _Checker, data: Lined) -> str:
    return _relative_path(check, data["data"], data.at("data"), "data")


def _relative_path(check: _Checker, value, line: int, key: str) -> str:
    """A file relative to the references folder: never absolute, never climbing out of it (checked again, with
    symlinks resolved, when the data is read)."""
    text = check.text(value, line, key)
    if Path(text).is_absolute() or ".." in Path(text).parts or "\\" in text or "\x00" in text or re.match(r"^[A-Za-z]:", text):
        check.fail(P.INVALID_REFERENCE_VALUE, line, key=key, value=text, detail="is not a path inside the references folder",
                   choices="write a path relative to the references folder, without '..'")  # fmt: skip
    return text


def _precision(check: _Checker, data: Lined) -> float:
    value = data.get("precision", 0)
    try:
        number = float(value) if not isinstance(value, bool) else -1.0
    except (TypeError, ValueError):
        number = -1.0
    if not 0 <= number < float("inf"):
        check.fail(P.INVALID_REFERENCE_VALUE, data.at("precision"), key="precision", value=value, detail="is not a non-negative number",
                   choices="half the rounding unit of the cells, in the table's scale: 0.05 for values rounded to 0.1")  # fmt: skip
    return number


def _vintage(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _period(text: str) -> str | None:
    return text if parse_period(text) else None


def _field(check: _Checker, data: Lined, key: str, choices, what: str, parse=None) -> Field:
    """A constant (``key: value`` or ``key: {value: v}``) or a column (``key: {column: name, recode: {...}}``)."""
    value, line = data[key], data.at(key)
    if not isinstance(value, Lined):
        return Field(constant=_check_value(check, _scalar_text(check, value, line, key), line, key, choices, what, parse), line=line)
    check.keys(value, FIELD_KEYS, f"`{key}`")
    if "value" in value:
        text = _scalar_text(check, value["value"], value.at("value"), key)
        return Field(constant=_check_value(check, text, value.at("value"), key, choices, what, parse), line=line)
    column = check.text(value.get("column"), value.at("column"), f"{key}.column")
    recode = check.strings(value.get("recode") or Lined(), value.at("recode"), f"{key}.recode")
    for meant in recode.values():
        _check_value(check, meant, value.at("recode"), key, choices, what, parse)
    return Field(column=column, recode=recode, line=line)


def _scalar_text(check: _Checker, value, line: int, key: str) -> str:
    """Years are written bare (period: 2024): a number is its text here."""
    if isinstance(value, str) and not isinstance(value, bool):
        return check.text(value, line, key)
    return check.text(None, line, key)


def _check_value(check: _Checker, text: str, line: int, key: str, choices, what: str, parse) -> str:
    if choices is not None:
        return check.choice(text, line, key, list(choices), what)
    if parse is not None and parse(text) is None:
        check.fail(P.INVALID_REFERENCE_VALUE, line, key=key, value=text, detail=f"is not a valid {what}",
                   choices="write an ISO date (2025-04-03)" if what == "date" else "write 2024, 2024-05 or 2024-Q2")  # fmt: skip
    return parse(text) if parse is not None else text


def _subject(check: _Checker, data: Lined) -> Subject:
    value = data["subject"]
    if not isinstance(value, Lined):
        return Subject(field=_field(check, data, "subject", None, "subject"))
    check.keys(value, SUBJECT_KEYS, "`subject`")
    drops = _list(check, value.get("drop"), value.at("drop"), "subject.drop")
    return Subject(
        field=_subject_field(check, value, data.at("subject")),
        codes=_codes(check, value),
        map=check.strings(value.get("map") or Lined(), value.at("map"), "subject.map"),
        drops=tuple(_drop(check, d, value.at("drop")) for d in drops),
    )


def _subject_field(check: _Checker, value: Lined, line: int) -> Field:
    if "value" in value:
        return Field(constant=check.text(value["value"], value.at("value"), "subject.value"), line=line)
    return Field(column=check.text(value.get("column"), value.at("column"), "subject.column"), line=line)


def _codes(check: _Checker, value: Lined) -> str:
    return check.choice(value.get("codes", "alpha-3"), value.at("codes"), "subject.codes", CODE_KINDS, "kind of subject code")


def _list(check: _Checker, value, line: int, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        check.fail(P.INVALID_REFERENCE_VALUE, line, key=key, value=value, detail="is not a list", choices="write a list of entries (- ...)")
    return value


def _drop(check: _Checker, entry, line: int) -> Drop:
    entry = check.mapping(entry, line, "subject.drop")
    check.keys(entry, DROP_KEYS, "a drop entry")
    check.required(entry, ("reason",), "a drop entry")
    reason = check.text(entry["reason"], entry.at("reason"), "reason")
    if "pattern" in entry:
        text = check.text(entry["pattern"], entry.at("pattern"), "pattern")
        try:
            return Drop(reason=reason, pattern=re.compile(text), line=entry.line)
        except re.error as exc:
            check.fail(P.INVALID_REFERENCE_VALUE, entry.at("pattern"), key="pattern", value=text, detail=f"is not a regular expression ({exc})", choices="write a Python regular expression")
    if "value" not in entry:
        check.fail(P.MISSING_REFERENCE_KEY, entry.line, what="a drop entry", key="value` or `pattern")
    return Drop(reason=reason, value=check.text(str(entry["value"]), entry.at("value"), "value"), line=entry.line)


def _drop_rows(check: _Checker, data: Lined) -> tuple[DropRows, ...]:
    out = []
    for entry in _list(check, data.get("drop_rows"), data.at("drop_rows"), "drop_rows"):
        entry = check.mapping(entry, data.at("drop_rows"), "drop_rows")
        check.keys(entry, DROP_ROW_KEYS, "a drop_rows entry")
        check.required(entry, DROP_ROW_KEYS, "a drop_rows entry")
        out.append(DropRows(check.strings(entry["where"], entry.at("where"), "where"), check.text(entry["reason"], entry.at("reason"), "reason"), entry.line))
    return tuple(out)


def _values(check: _Checker, data: Lined, metrics: dict) -> tuple[ValueColumn, ...]:
    entries = _list(check, data["values"], data.at("values"), "values")
    if not entries:
        check.fail(P.MISSING_REFERENCE_KEY, data.at("values"), what="`values`", key="column")
    return tuple(_value(check, e, data.at("values"), metrics) for e in entries)


def _value(check: _Checker, entry, line: int, metrics: dict) -> ValueColumn:
    entry = check.mapping(entry, line, "values")
    check.keys(entry, VALUE_KEYS, "a values entry")
    check.required(entry, ("column", "metric"), "a values entry")
    metric = check.text(entry["metric"], entry.at("metric"), "metric")
    if "{" not in metric and metric not in metrics:
        check.fail(P.INVALID_REFERENCE_VALUE, entry.at("metric"), key="metric", value=metric, detail="is not a known metric",
                   choices="see the metric vocabulary in docs/claim-format.md", suggest=P.closest(metric, metrics))  # fmt: skip
    months = entry.get("months", False)
    if not isinstance(months, bool):
        check.fail(P.INVALID_REFERENCE_VALUE, entry.at("months"), key="months", value=months, detail="is not true or false", choices="months: true reads 12 monthly values")
    return ValueColumn(check.text(entry["column"], entry.at("column"), "column"), metric, months, entry.line)
