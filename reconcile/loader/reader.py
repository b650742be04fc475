"""Claim files -> raw rows: each key's value as written, and the line it is on.

This layer knows YAML and the file's structure (which blocks and keys exist,
which are lists); it does not judge values — the pandera schemas do that in
``validation`` — and it does not interpret them — ``normalize`` does. A key it
cannot read is a Problem with its line; it never drops a claim silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconcile.loader.defaults import apply_defaults
from reconcile.loader.relative_periods import fill_missing_period
from reconcile.loader.relations import FLAT_COLUMNS, MAPPING_KEYS, read_mapping
from reconcile.loader.yaml_nodes import BREAK_NAMES, compose, foreign_tags, line_of, odd_line_breaks, typed_scalar, yaml_error_at
from reconcile import patterns
from reconcile import problems as P
from reconcile.model import Problem
from reconcile.numbers import NumberLiteral

MAX_FILE_BYTES = 5 * 1024 * 1024  # one document's claims are kilobytes; megabytes mean a wrong file
# Published figures have a dozen digits; a float keeps 15-17. 30 leaves room for decimals and
# leading zeros (0.000012) and still refuses a pasted run of digits (int() stops at 4,300).
MAX_DIGITS = 30
NUMERIC_KEYS = ("value", "precision", "line")  # keys read as numbers; a sha256 or an id of digits is text

TOP_KEYS = ("source", "defaults", "rankings", "skip", "claims")
SOURCE_KEYS = ("id", "title", "publisher", "url", "published", "document", "sha256", "lineage", "reporter")
# basis, adjustment, vintage: how the document says its figures were compiled (a whole report may cite one release).
DEFAULT_KEYS = ("unit", "scale", "qualifier", "period", "lineage", "perspective", "status", "basis", "adjustment", "vintage")
RANKING_KEYS = ("id", "description", "metric", "period", "order", "over", "among", "subject", "quote", "line")
SKIP_KEYS = ("line", "text", "pattern", "reason")
CLAIM_KEYS = (
    "id", "kind", "subject", "parts", "metric", "period", "from_period", "per", "ranking", "value",
    "unit", "scale", "qualifier", "perspective", "product", "of", "excluding", "lineage", "basis", "adjustment", "vintage",
    "precision", "status", "quote", "line", "note",
)  # fmt: skip
REQUIRED_SOURCE_KEYS = ("id", "title", "publisher", "document", "sha256")  # required by the sources schema


class Unreadable:
    """A value the reader could not take (a list where one value belongs, a number of 5,000 digits).

    The reader has already reported it at its line; the schemas see this marker
    instead of None, so that the same key is not reported again as missing or
    malformed. It never reaches a Claim: any problem stops the run before normalising.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "<unreadable>"


def readable(value):
    """The value, or None when the reader could not take it."""
    return None if isinstance(value, Unreadable) else value


@dataclass
class RawCorpus:
    """What the claim files say, key by key, before validation: dicts with a `file`, `line` and `key_lines`."""

    sources: list[dict] = field(default_factory=list)
    rankings: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    skips: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    claims_read: int = 0


def read_file(path: Path, raw: RawCorpus, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Add one claim file's rows (or the problems that make it unreadable) to `raw`."""
    reader = _FileReader(str(path), raw)
    text = reader.text(path, max_bytes)
    root = reader.root_node(text) if text is not None else None
    if root is not None:
        reader.document(root)


def read_text(text: str, file: str, raw: RawCorpus) -> None:
    """The same for a claim file's text from elsewhere (an older git revision of it)."""
    reader = _FileReader(file, raw)
    root = reader.root_node(text) if text.strip() else None
    if root is not None:
        reader.document(root)


def _closest(word, choices) -> str | None:
    return P.closest(word, choices)


def _as_line(value):
    """A `line:` value as an int when it is a plain positive integer; else as written, for the schema to reject."""
    if isinstance(value, NumberLiteral) and value.isdigit() and len(value) <= MAX_DIGITS:
        return int(value)
    return value


def digit_count(literal: str) -> int:
    return sum(ch.isdigit() for ch in literal)


def _key_lines(fields: dict) -> dict[str, int]:
    """key -> line; the document line a quote is on is stored as `quote_line` (the claim's own line is `line`)."""
    return {("quote_line" if k == "line" else k): line_of(v) for k, v in fields.items()}


class _FileReader:
    """Reads one file; every problem it finds names this file."""

    def __init__(self, file: str, raw: RawCorpus):
        self.file, self.raw = file, raw
        self.default_lines: dict[str, int] = {}  # key -> its line under defaults:

    def problem(self, ptype: P.ProblemType, line: int, **fields) -> None:
        """Record a problem of the catalogue's `ptype` at this file's `line` (fields fill its message)."""
        self.raw.problems.append(ptype.at(self.file, line, **fields))

    # --- the file as a whole ---------------------------------------------------

    def root_node(self, text: str):
        if self.refuses_line_breaks(text):
            return None
        try:
            nodes = [n for n in compose(text) if n is not None]
        except yaml.YAMLError as exc:
            line, variant, detail = yaml_error_at(text, exc)
            self.problem(P.INVALID_YAML, line, variant=variant, detail=detail)
            return None
        if not nodes:  # only comments, or only '---'
            self.problem(P.EMPTY_FILE, 1, variant="no-yaml")
            return None
        if len(nodes) != 1:
            self.problem(P.SEVERAL_YAML_DOCUMENTS, 1, count=len(nodes))
            return None
        return None if self.refuses_tags(nodes[0], text) else nodes[0]

    def text(self, path: Path, max_bytes: int) -> str | None:
        size = path.stat().st_size
        if size > max_bytes:
            self.problem(P.FILE_TOO_LARGE, 1, size_mb=size / 1e6, limit_mb=max_bytes / 1e6)
            return None
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(P.NOT_UTF8, line, byte=f"0x{data[exc.start]:02x}")
            return None
        if not text.strip():
            self.problem(P.EMPTY_FILE, 1)
            return None
        return text

    def refuses_line_breaks(self, text: str) -> bool:
        """YAML would end lines where an editor does not (U+2028, a lone CR): refuse rather than read another file."""
        found = odd_line_breaks(text)
        for line, column, char in found:
            self.problem(P.UNUSUAL_LINE_BREAK, line, column_no=column, **{"break": f"U+{ord(char):04X} ({BREAK_NAMES[char]})"})
        return bool(found)

    def refuses_tags(self, root, text: str) -> bool:
        tagged = foreign_tags(root) if "!" in text else []  # no '!', no explicit tag
        for node in tagged:
            self.problem(P.YAML_TAG_NOT_ALLOWED, line_of(node), tag=node.tag.replace("tag:yaml.org,2002:", "!!"))
        return bool(tagged)

    # --- node shapes -------------------------------------------------------------

    def mapping(self, node, what: str, keys) -> dict | None:
        """A mapping node as {key: value node}; unknown and repeated keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(P.NOT_A_MAPPING, line_of(node), what=what, keys=", ".join(keys))
            return None
        out: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                self.problem(P.UNKNOWN_KEY, line_of(key_node), key=key, what=what, keys=", ".join(keys), suggest=_closest(key, keys))
            elif key in out:
                self.problem(P.DUPLICATE_KEY, line_of(key_node), key=key, what=what)
            else:
                out[key] = value_node
        return out

    def scalar(self, node, what: str):
        """The node's typed value; Unreadable (reported here) for a list or mapping, or a number (NUMERIC_KEYS) too long to be one."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(P.NOT_A_SINGLE_VALUE, line_of(node), what=what)
            return Unreadable()
        value = typed_scalar(node)
        numeric = what.rpartition(".")[2] in NUMERIC_KEYS
        if numeric and isinstance(value, NumberLiteral) and digit_count(value) > MAX_DIGITS:
            shown = value if len(value) <= 20 else value[:15] + "…"
            self.problem(P.NUMBER_TOO_LONG, line_of(node), key=what, number=shown, digits=digit_count(value), limit=MAX_DIGITS)
            return Unreadable()
        return value

    def string_list(self, node, what: str) -> list | Unreadable:
        if isinstance(node, yaml.ScalarNode):
            return [self.scalar(node, what)]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(P.NOT_A_LIST, line_of(node), what=what)
            return Unreadable()
        items = []
        for item in node.value:
            items.append(self.scalar(item, what))
            if isinstance(items[-1], Unreadable):
                return items[-1]  # the key is reported once, at its first unreadable item
        return items

    def items(self, node, what: str) -> list:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(P.NOT_A_LIST, line_of(node), variant="section", what=what)
            return []
        return node.value

    def scalars(self, fields: dict, keys, what: str) -> dict:
        """{key: typed value} for every key in `keys` (None when absent)."""
        return {k: self.scalar(fields[k], f"{what}.{k}") if k in fields else None for k in keys}

    # --- the blocks of a claim file ---------------------------------------------------

    def document(self, root) -> None:
        top = self.mapping(root, "the file", TOP_KEYS)
        if top is None:
            return
        for required in ("source", "claims"):
            if required not in top:
                self.problem(P.MISSING_BLOCK, 1, block=required)
        source, defaults, rankings = self.header(top)
        for node in self.items(top.get("claims"), "claims"):
            self.raw.claims_read += 1
            self.claim(node, source, defaults, rankings)

    def header(self, top: dict) -> tuple[dict | None, dict, dict]:
        """The blocks every claim of the file reads (source, defaults, rankings), and its skips.

        A YAML claim file and a claims table's sidecar (reconcile.loader.tabular) both have them."""
        source = self.source(top["source"]) if "source" in top else None
        defaults = self.defaults(top.get("defaults"))
        rankings = {}
        for node in self.items(top.get("rankings"), "rankings"):
            ranking = self.ranking(node, source)
            if ranking and ranking["id"]:
                rankings[ranking["id"]] = ranking
        for node in self.items(top.get("skip"), "skip"):
            self.skip(node, source)
        return source, defaults, rankings

    def source(self, node) -> dict | None:
        fields = self.mapping(node, "source", SOURCE_KEYS)
        if fields is None:
            return None
        row = {"file": self.file, "line": line_of(node), "key_lines": _key_lines(fields)}
        row.update(self.scalars(fields, [k for k in SOURCE_KEYS if k != "lineage"], "source"))
        row["lineage"] = self.string_list(fields["lineage"], "source.lineage") if "lineage" in fields else ["unknown"]
        row["reporter"] = row["reporter"] or "United States"
        # A missing id, title, ... is the sources schema's to report (REQUIRED_SOURCE_KEYS), once.
        row["id"] = _as_text(row["id"])
        row["published"] = _as_text(row["published"])
        self.raw.sources.append(row)
        return row

    def defaults(self, node) -> dict:
        if node is None:
            return {}
        fields = self.mapping(node, "defaults", DEFAULT_KEYS) or {}
        self.default_lines = {k: line_of(v) for k, v in fields.items()}
        values = {k: self.scalar(v, f"defaults.{k}") for k, v in fields.items()}
        if "period" in values:
            values["period"] = self.default_period(values["period"], self.default_lines["period"])
        return values

    def default_period(self, value, line: int):
        """defaults.period is judged where it is written, even when no claim takes it (a bare 2024 is a period)."""
        from reconcile.schemas.claims import is_period

        value = str(value) if isinstance(value, NumberLiteral) else value
        if value is None or isinstance(value, Unreadable) or is_period(value):
            return value
        self.problem(P.INVALID_PERIOD, line, value=value)
        return Unreadable()

    def ranking(self, node, source: dict | None) -> dict | None:
        fields = self.mapping(node, "a ranking", RANKING_KEYS)
        if fields is None:
            return None
        row = self.scalars(fields, RANKING_KEYS, "ranking")
        row.update(source=_source_id(source), file=self.file, line=line_of(node), quote_line=_as_line(row.pop("line")), key_lines=_key_lines(fields))
        row["over"] = row["over"] or "subjects"
        row["among"] = row["among"] or "partners"
        row["order"] = row["order"] or "ascending"
        row["id"] = _as_text(row["id"])
        self.raw.rankings.append(row)
        return row

    def skip(self, node, source: dict | None) -> None:
        fields = self.mapping(node, "a skip entry", SKIP_KEYS)
        if fields is None:
            return
        row = self.scalars(fields, SKIP_KEYS, "skip")
        row.update(source=_source_id(source), file=self.file, yaml_line=line_of(node))
        if self.usable_skip(row, fields):
            self.raw.skips.append(row)

    def usable_skip(self, row: dict, fields: dict) -> bool:
        """A skip needs a reason, and either a valid pattern or a line and its text; compiles the pattern."""
        if any(isinstance(row[k], Unreadable) for k in SKIP_KEYS):
            return False  # reported where it was read
        if not row["reason"] or not str(row["reason"]).strip():
            self.problem(P.SKIP_WITHOUT_REASON, row["yaml_line"])
            return False
        if row["pattern"] is not None:
            return self.usable_pattern(row, line_of(fields["pattern"]))
        if row["text"] is None or row["line"] is None:
            self.problem(P.INCOMPLETE_SKIP, row["yaml_line"])
            return False
        number = _as_line(row["line"])
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            self.problem(P.LINE_NOT_A_NUMBER, line_of(fields["line"]), variant="skip", value=row["line"])
            return False
        row["line"], row["text"] = number, str(row["text"])
        return True

    def usable_pattern(self, row: dict, line: int) -> bool:
        """Compile the skip pattern within the bounds of reconcile.patterns, or say which one it breaks."""
        refused = patterns.refusal(str(row["pattern"]))
        if refused is not None:
            variant, fields = refused
            self.problem(P.INVALID_SKIP_PATTERN, line, variant=variant, **fields)
            return False
        row["regex"] = patterns.compile_pattern(str(row["pattern"]))
        row["pattern_line"] = line  # a pattern too slow over a document is reported here
        return True

    def claim(self, node, source: dict | None, defaults: dict, rankings: dict) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(P.NOT_A_MAPPING, line_of(node), variant="claim")
            return
        fields = self.mapping(node, "a claim", CLAIM_KEYS)
        row: dict = dict.fromkeys((*CLAIM_KEYS, *FLAT_COLUMNS))
        nested_lines: dict[str, int] = {}
        for key, value_node in fields.items():
            if key in MAPPING_KEYS:  # of:, excluding: name another figure (reconcile.loader.relations)
                nested_lines.update(read_mapping(self, key, value_node, row))
            else:
                row[key] = self.string_list(value_node, "parts") if key == "parts" else self.scalar(value_node, key)
        row["quote_line"] = _as_line(row.pop("line"))
        row.update(source=_source_id(source), file=self.file, line=line_of(node), key_lines={**_key_lines(fields), **nested_lines})
        self.finish_claim(row, source, defaults, rankings)

    def finish_claim(self, row: dict, source: dict | None, defaults: dict, rankings: dict) -> None:
        """Type ids and periods, take what the claim leaves out from its defaults, and add the row (YAML and tables alike)."""
        row["id"] = _as_text(row["id"])
        for key in ("period", "from_period"):  # a bare 2024 is a period, not a number
            if isinstance(row[key], NumberLiteral):
                row[key] = str(row[key])
        lineage = (source or {}).get("lineage")
        lineage = lineage if isinstance(lineage, list) and lineage else ["unknown"]
        row["defaulted"] = apply_defaults(row, defaults, lineage, rankings)
        relative = fill_missing_period(row, source)  # "last year" in the quote, when no period is stated anywhere
        if relative is not None:
            self.raw.problems.append(relative)
        # A wrong value under defaults: is reported once, at its line, not at every claim that takes it.
        row["inherited_lines"] = {k: self.default_lines[k] for k, origin in row["defaulted"].items() if origin == "defaults" and k in self.default_lines}
        self.raw.claims.append(row)


def _source_id(source: dict | None) -> str | None:
    return source["id"] if source else None


def _as_text(value):
    """An id or a date as text (a bare 2024 is read as a number); None and Unreadable stay what they are."""
    return value if value is None or isinstance(value, Unreadable) else str(value)
