"""YAML claim files -> validated tables, keeping file:line for every value.

Only safe YAML is read, node by node (``yaml.compose``), so each key and value
keeps its line. Every claim read becomes one row of the claims table, or a
Problem says why it could not; nothing is dropped silently.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from reconcile.entities import registry
from reconcile.model import Location, Problem
from reconcile.numbers import NumberLiteral, Tolerances, claim_interval, parse_literal, parse_period, parse_precision

# libyaml's base loader composes nodes (with their marks) in C and resolves no
# types; plain scalars are typed below with YAML 1.1's own rules. Much faster than
# the pure-Python safe loader, and just as safe: nothing is ever constructed.
class _SafeLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
    _DEFAULT = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map"}

    def resolve(self, kind, value, implicit):  # untagged nodes are plain data; typing happens in scalar()
        return self._DEFAULT[kind]


_SAFE_LOADER = _SafeLoader
_YAML_NUMBER = re.compile(
    r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_YAML_NULLS = {"", "~", "null", "Null", "NULL"}
_YAML_BOOLS = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False),
}
MAX_FILE_BYTES = 5 * 1024 * 1024  # one document's claims are kilobytes; megabytes mean a wrong file

TOP_KEYS = ("source", "defaults", "rankings", "skip", "claims")
SOURCE_KEYS = ("id", "title", "publisher", "url", "published", "document", "sha256", "lineage", "reporter")
DEFAULT_KEYS = ("unit", "scale", "qualifier", "period", "lineage", "perspective", "status")
RANKING_KEYS = ("id", "description", "metric", "period", "order", "over", "among", "subject", "quote", "line")
SKIP_KEYS = ("line", "text", "pattern", "reason")
CLAIM_KEYS = (
    "id", "kind", "subject", "parts", "metric", "period", "from_period", "per", "ranking", "value",
    "unit", "scale", "qualifier", "perspective", "product", "lineage", "precision", "status",
    "quote", "line", "note",
)  # fmt: skip
KIND_UNITS = {"growth": "percent", "rank": "rank", "count": "count"}
UNSCALED_UNITS = {"percent", "rank", "count"}

# The columns of the claims table, in order. The JSON contract, the reports and
# the rules all read these; there is no other shape of a claim.
CLAIM_COLUMNS = [
    "id", "source", "file", "line", "kind", "subject", "subject_name", "subject_as_written",
    "subject_kind", "parts", "metric", "stated_metric", "period", "from_period", "per", "ranking",
    "value", "number", "unit", "scale", "factor", "normalized", "lo", "hi", "precision",
    "qualifier", "perspective", "product", "lineage", "status", "quote", "quote_line", "note",
    "defaulted", "key_lines", "period_start", "period_end", "period_grain",
]  # fmt: skip


@dataclass
class Corpus:
    """Everything a claims folder says, as tables, plus the problems that make it unusable."""

    sources: pd.DataFrame
    rankings: pd.DataFrame
    claims: pd.DataFrame
    skips: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    claims_read: int = 0
    # The claims table's rows as dicts, in table order: the same objects the table was
    # built from, kept so rules loop over dicts without DataFrame.to_dict on every run.
    rows: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class UsageError(Exception):
    """A command-line mistake (no such path): exit 2 with the message."""


def discover(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or directory")
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            files.append(path)
    if not files:
        raise UsageError(f"{', '.join(paths)}: no claim files (*.yaml) found")
    # A file named twice (`claims/ claims/a.yaml`, `a.yaml ./a.yaml`) is read once: its ids are not duplicates.
    unique = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


@contextlib.contextmanager
def long_lived_objects():
    """Pause the cyclic garbage collector while building objects that live until exit.

    Loading makes millions of small objects and no cycles; every full collection
    rescans all of them, which doubled the time of a 100,000-claim run. What was
    built is then frozen out of later collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load(paths: list[str], tolerances: Tolerances = Tolerances(), max_bytes: int = MAX_FILE_BYTES) -> Corpus:
    files = discover(paths)
    with long_lived_objects():
        reader = _Reader()
        for path in files:
            reader.read_file(path, max_bytes)
        return reader.finish([str(f) for f in files], tolerances)


# --- reading ------------------------------------------------------------------


def _as_line(value):
    """A `line:` value as an int when it is a plain positive integer; else as written, for the schema to reject."""
    if isinstance(value, NumberLiteral) and value.isdigit():
        return int(value)
    return value


def _line(node) -> int:
    return node.start_mark.line + 1


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}


def _foreign_tags(root) -> list:
    """Nodes carrying a tag plain YAML data does not use (!!python/object, !custom): such a file is refused."""
    out, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            out.append(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(out, key=_line)


def _suggest(word: str, choices) -> str:
    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else f"known keys: {', '.join(choices)}"


class _Reader:
    def __init__(self):
        self.problems: list[Problem] = []
        self.sources: list[dict] = []
        self.rankings: list[dict] = []
        self.claims: list[dict] = []
        self.skips: list[dict] = []
        self.claims_read = 0

    def problem(self, file: str, line: int, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(Location(file, line), code, message, hint))

    # file level
    def read_file(self, path: Path, max_bytes: int) -> None:
        file = str(path)
        size = path.stat().st_size
        if size > max_bytes:
            self.problem(
                file, 1, "RC001",
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for a claim file",
                "claim files hold one document's claims; check that this is the right file, or split it",
            )  # fmt: skip
            return
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem(file, line, "RC001", f"not UTF-8 text (byte 0x{data[exc.start]:02x})", "save the file as UTF-8")
            return
        if not text.strip():
            self.problem(file, 1, "RC003", "empty file", "a claim file needs a source block and a claims list, or delete it")
            return
        try:
            nodes = list(yaml.compose_all(text, Loader=_SAFE_LOADER))
        except yaml.YAMLError as exc:
            self._yaml_problem(file, text, exc)
            return
        nodes = [n for n in nodes if n is not None]
        if not nodes:  # only comments, or only '---'
            self.problem(file, 1, "RC003", "empty file (no YAML content)", "a claim file needs a source block and a claims list, or delete it")
            return
        if len(nodes) != 1:
            self.problem(file, 1, "RC003", f"{len(nodes)} YAML documents in one file", "keep one document (remove '---' separators)")
            return
        tagged = _foreign_tags(nodes[0]) if "!" in text else []  # no '!', no explicit tag
        if tagged:
            for node in tagged:
                self.problem(
                    file, _line(node), "RC002", f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')!r} is not allowed",
                    "only plain YAML is allowed: no tags such as !!python/object",
                )  # fmt: skip
            return
        self.read_document(file, nodes[0])

    def _yaml_problem(self, file: str, text: str, exc: yaml.YAMLError) -> None:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark and mark and context_mark.line != mark.line:
            # "[census" unclosed is noticed a line later: say where the construct began.
            what = f"{what} ({context} that starts on line {context_mark.line + 1})"
        hint = "fix the YAML syntax at this line"
        bad_line = text.splitlines()[line - 1] if mark and line - 1 < len(text.splitlines()) else ""
        if "\t" in what or "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())]:
            what, hint = "a tab character in indentation", "YAML indents with spaces only: replace the tab with spaces"
        elif isinstance(exc, yaml.constructor.ConstructorError):
            hint = "only plain YAML is allowed: no tags such as !!python/object"
        self.problem(file, line, "RC002", f"invalid YAML: {what}", hint)

    def mapping(self, file: str, node, what: str, keys) -> dict | None:
        """A mapping node as {key: value node}; unknown and repeated keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(file, _line(node), "RC003", f"{what} must be a mapping of key: value", f"known keys: {', '.join(keys)}")
            return None
        out: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in keys:
                self.problem(file, _line(key_node), "RC004", f"unknown key {key!r} in {what}", _suggest(key, keys))
                continue
            if key in out:
                self.problem(file, _line(key_node), "RC004", f"key {key!r} appears twice in {what}", "keep one of them")
                continue
            out[key] = value_node
        return out

    def scalar(self, file: str, node, what: str):
        """The Python value of a scalar node; numbers keep their exact text."""
        if not isinstance(node, yaml.ScalarNode):
            self.problem(file, _line(node), "RC003", f"{what} must be a single value, not a list or mapping", "")
            return None
        text = node.value
        if node.style not in (None, ""):  # quoted or block: always a string, "140.5" included
            return text
        if _YAML_NUMBER.match(text):
            return NumberLiteral(text)
        if text in _YAML_NULLS:
            return None
        if text in _YAML_BOOLS:
            return _YAML_BOOLS[text]
        return text  # dates stay ISO text, as the schemas expect

    def string_list(self, file: str, node, what: str) -> list | None:
        if isinstance(node, yaml.ScalarNode):
            return [self.scalar(file, node, what)]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(file, _line(node), "RC003", f"{what} must be a list", "")
            return None
        return [self.scalar(file, item, what) for item in node.value]

    def read_document(self, file: str, root) -> None:
        top = self.mapping(file, root, "the file", TOP_KEYS)
        if top is None:
            return
        for required in ("source", "claims"):
            if required not in top:
                self.problem(
                    file, 1, "RC003", f"missing `{required}:` block",
                    "see docs/claim-format.md: every claim file has a source block and a claims list",
                )  # fmt: skip
        source = self.read_source(file, top["source"]) if "source" in top else None
        defaults = self.read_defaults(file, top.get("defaults"))
        source_id = source["id"] if source else None
        lineage = (source or {}).get("lineage") or ["unknown"]
        rankings = {}
        for node in self.items(file, top.get("rankings"), "rankings"):
            ranking = self.read_ranking(file, node, source_id)
            if ranking:
                rankings[ranking["id"]] = ranking
        for node in self.items(file, top.get("skip"), "skip"):
            self.read_skip(file, node, source_id)
        claim_nodes = self.items(file, top.get("claims"), "claims") if "claims" in top else []
        for node in claim_nodes:
            self.claims_read += 1
            self.read_claim(file, node, source_id, defaults, lineage, rankings)

    def items(self, file: str, node, what: str) -> list:
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(file, _line(node), "RC003", f"`{what}` must be a list (items start with '- ')", "")
            return []
        return node.value

    def read_source(self, file: str, node) -> dict | None:
        fields = self.mapping(file, node, "source", SOURCE_KEYS)
        if fields is None:
            return None
        row = {"file": file, "line": _line(node), "key_lines": {k: _line(v) for k, v in fields.items()}}
        for key in SOURCE_KEYS:
            if key == "lineage":
                row[key] = self.string_list(file, fields[key], "source.lineage") if key in fields else ["unknown"]
            else:
                row[key] = self.scalar(file, fields[key], f"source.{key}") if key in fields else None
        row["reporter"] = row["reporter"] or "United States"
        for key in ("id", "title", "publisher", "document", "sha256"):
            if row[key] is None:
                self.problem(file, row["line"], "RC012", f"source.{key} is missing", f"add `{key}:` to the source block")
        row["id"] = str(row["id"]) if row["id"] is not None else f"<missing id in {file}>"
        row["published"] = None if row["published"] is None else str(row["published"])
        self.sources.append(row)
        return row

    def read_defaults(self, file: str, node) -> dict:
        if node is None:
            return {}
        fields = self.mapping(file, node, "defaults", DEFAULT_KEYS)
        return {k: self.scalar(file, v, f"defaults.{k}") for k, v in (fields or {}).items()}

    def read_ranking(self, file: str, node, source_id) -> dict | None:
        fields = self.mapping(file, node, "a ranking", RANKING_KEYS)
        if fields is None:
            return None
        row = {k: self.scalar(file, fields[k], f"ranking.{k}") if k in fields else None for k in RANKING_KEYS}
        row.update(
            source=source_id, file=file, line=_line(node), quote_line=row.pop("line"),
            key_lines={("quote_line" if k == "line" else k): _line(v) for k, v in fields.items()},
        )  # fmt: skip
        row["quote_line"] = _as_line(row["quote_line"])
        row["over"] = row["over"] or "subjects"
        row["among"] = row["among"] or "partners"
        row["order"] = row["order"] or "ascending"
        row["id"] = str(row["id"]) if row["id"] is not None else None
        self.rankings.append(row)
        return row if row["id"] else None

    def read_skip(self, file: str, node, source_id) -> None:
        fields = self.mapping(file, node, "a skip entry", SKIP_KEYS)
        if fields is None:
            return
        row = {k: self.scalar(file, fields[k], f"skip.{k}") if k in fields else None for k in SKIP_KEYS}
        line = _line(node)
        if not row["reason"] or not str(row["reason"]).strip():
            self.problem(file, line, "RC036", "skip entry without a reason", "say why this number is not transcribed")
            return
        if row["pattern"] is not None:
            try:
                row["regex"] = re.compile(str(row["pattern"]), re.MULTILINE)
            except re.error as exc:
                self.problem(file, _line(fields["pattern"]), "RC036", f"invalid skip pattern: {exc}", "write a Python regular expression")
                return
        elif row["text"] is None or row["line"] is None:
            self.problem(file, line, "RC036", "skip entry needs `line` and `text`, or `pattern`", "")
            return
        else:
            number = _as_line(row["line"])
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                self.problem(
                    file, _line(fields["line"]), "RC036", f"skip line {row['line']!r} is not a line number",
                    "give the 1-based line of the document where the text is",
                )  # fmt: skip
                return
            row["line"], row["text"] = number, str(row["text"])
        row.update(source=source_id, file=file, yaml_line=line)
        self.skips.append(row)

    def read_claim(self, file: str, node, source_id, defaults: dict, lineage: list, rankings: dict) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(file, _line(node), "RC003", "claim not read: it is not a mapping of key: value", "each claim is '- id: ...' with its keys")
            return
        fields = self.mapping(file, node, "a claim", CLAIM_KEYS)
        row: dict = {k: None for k in CLAIM_KEYS}
        for key, value_node in fields.items():
            if key == "parts":
                row[key] = self.string_list(file, value_node, "parts")
            else:
                row[key] = self.scalar(file, value_node, key)
        key_lines = {("quote_line" if k == "line" else k): _line(v) for k, v in fields.items()}
        row["quote_line"] = row.pop("line")
        row.update(source=source_id, file=file, line=_line(node), key_lines=key_lines)
        row["id"] = None if row["id"] is None else str(row["id"])
        if isinstance(row["period"], NumberLiteral) or isinstance(row["period"], int):
            row["period"] = str(row["period"])
        if isinstance(row["from_period"], NumberLiteral):
            row["from_period"] = str(row["from_period"])
        row["quote_line"] = _as_line(row["quote_line"])
        self.apply_defaults(row, defaults, lineage, rankings)
        self.claims.append(row)

    def apply_defaults(self, row: dict, defaults: dict, lineage: list, rankings: dict) -> None:
        """Fill what a claim leaves out, and record where each filled value came from."""
        vocab = _vocab()
        came_from: dict[str, str] = {}

        def fill(key, value, origin):
            if row.get(key) is None and value is not None:
                row[key] = value
                came_from[key] = origin

        fill("kind", "value", "built-in default")
        ranking = rankings.get(row.get("ranking")) if row.get("ranking") else None
        if ranking:
            fill("metric", ranking.get("metric"), f"ranking {ranking['id']}")
            fill("period", ranking.get("period"), f"ranking {ranking['id']}")
            if ranking.get("over") == "periods":
                fill("subject", ranking.get("subject"), f"ranking {ranking['id']}")
        for key in ("qualifier", "period", "lineage", "perspective", "status"):
            fill(key, defaults.get(key), "defaults")
        fill("qualifier", "exact", "built-in default")
        fill("perspective", "reporter", "built-in default")
        fill("status", "actual", "built-in default")
        fill("lineage", lineage[0] if lineage else "unknown", "source.lineage")
        fill("unit", KIND_UNITS.get(row["kind"]), f"kind {row['kind']}")
        metric_unit = vocab["metrics"].get(row.get("metric"), {}).get("unit") if isinstance(row.get("metric"), str) else None
        if row["kind"] not in KIND_UNITS:
            fill("unit", metric_unit, f"metric {row.get('metric')}")
        fill("unit", defaults.get("unit"), "defaults")
        if row.get("unit") in UNSCALED_UNITS:
            fill("scale", "one", f"unit {row['unit']}")
        elif row.get("unit") == defaults.get("unit") or "unit" not in defaults:
            fill("scale", defaults.get("scale"), "defaults")
        row["defaulted"] = came_from

    def finish(self, files: list[str], tol: Tolerances) -> Corpus:
        sources = pd.DataFrame(self.sources, columns=["file", "line", "key_lines", *SOURCE_KEYS])
        rankings = pd.DataFrame(
            self.rankings,
            columns=["id", "source", "file", "line", "description", "metric", "period", "order", "over",
                     "among", "subject", "quote", "quote_line", "key_lines"],
        )  # fmt: skip
        raw = pd.DataFrame(self.claims, columns=[*CLAIM_KEYS[:-2], "quote_line", "note", "source", "file", "line", "key_lines", "defaulted"])
        corpus = Corpus(sources, rankings, raw, self.skips, self.problems, files, self.claims_read)
        validate(corpus)
        if corpus.ok:
            corpus.claims, corpus.rows = finalize(self.claims, tol)
            # Rankings name their subject as written; rules compare entity ids.
            corpus.rankings["subject_as_written"] = corpus.rankings["subject"]
            corpus.rankings["subject"] = [
                registry().resolve(s).id if isinstance(s, str) else None for s in corpus.rankings["subject"]
            ]
        return corpus


def _vocab() -> dict:
    from reconcile.schemas.claims import vocabulary

    return vocabulary()


# --- validation ------------------------------------------------------------------


def validate(corpus: Corpus) -> None:
    """Run the pandera schemas lazily and turn every failure into a file:line problem."""
    import pandera.errors
    from reconcile.schemas import claims as schemas

    ranking_ids: dict[str, set] = {}
    for file, rid in zip(corpus.rankings["file"], corpus.rankings["id"]):
        ranking_ids.setdefault(file, set()).add(rid)
    tables = [
        (corpus.sources, schemas.sources_schema()),
        (corpus.rankings, schemas.rankings_schema()),
        (corpus.claims, schemas.claims_schema(frozenset(i for ids in ranking_ids.values() for i in ids))),
    ]
    for table, schema in tables:
        if table.empty:
            continue
        try:
            schema.validate(table, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            corpus.problems.extend(_problems_from(exc.failure_cases, table, schemas))
    # A claim may only name a ranking of its own file.
    claims = corpus.claims
    if not claims.empty:
        named = claims[claims["ranking"].map(lambda r: isinstance(r, str))]
        declared = {(f, i) for f, ids in ranking_ids.items() for i in ids}
        every = {i for ids in ranking_ids.values() for i in ids}
        for row in named.to_dict("records"):
            if (row["file"], row["ranking"]) not in declared and row["ranking"] in every:
                corpus.problems.append(_at(row, "ranking", "RC028", f"ranking {row['ranking']!r} is declared in another file", "declare it in this file"))
    corpus.problems.sort(key=lambda p: (p.location.file, p.location.line, p.code))


def _at(row, column: str, code: str, message: str, hint: str) -> Problem:
    lines = row.get("key_lines") or {}
    line = lines.get(column) or row.get("line") or 1
    return Problem(Location(row["file"], int(line)), code, message, hint)


def _problems_from(failures: pd.DataFrame, table: pd.DataFrame, schemas) -> list[Problem]:
    vocab = schemas.vocabulary()
    choices_for = {
        "known_kind": vocab["kinds"], "known_unit": vocab["units"], "known_scale": vocab["scales"],
        "known_qualifier": vocab["qualifiers"], "known_lineage": vocab["lineages"],
        "known_perspective": vocab["perspectives"], "known_status": vocab["statuses"],
        "known_per": vocab["pers"], "known_metric": vocab["metrics"],
    }  # fmt: skip
    out: list[Problem] = []
    seen = set()
    for _, f in failures.iterrows():
        index, column, check = f["index"], f["column"], str(f["check"])
        if index is None or (isinstance(index, float) and math.isnan(index)):
            continue  # dtype-level notes carry no row; the row-level failures say it all
        row = table.loc[index]
        check_name = _check_name(check)
        if check_name == "not_nullable":
            check_name = "required"
        if check_name == "field_uniqueness":
            check_name = "id_unique"
        code, template, hint = schemas.MESSAGES.get(check_name, ("RC005", f"{column}: check {check} failed for {{value!r}}", ""))
        value = f["failure_case"]
        if check_name in schemas.ROW_PROBLEMS:
            value = schemas.ROW_PROBLEMS[check_name](row)
            column = "kind" if check_name == "kind_keys" else "unit"
        if check_name == "required":
            message = f"{column} is missing"
            hint = f"add `{column}:`" + (" (or set it under defaults:)" if column in DEFAULT_KEYS else "")
        else:
            message = template.format(value=value)
        if check_name in choices_for:
            options = choices_for[check_name]
            close = difflib.get_close_matches(str(value), list(options), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else hint.format(choices=", ".join(options))
        elif check_name == "known_entity":
            names = value if isinstance(value, list) else [value]
            bad = [n for n in names if registry().resolve(n) is None] if isinstance(value, list) else names
            suggestion = registry().suggest(bad[0]) if bad else None
            message = f"unknown entity {bad[0]!r}" if bad else message
            hint = f"did you mean {suggestion!r}?" if suggestion else hint
        elif check_name == "id_unique":
            others = table.index[table["id"] == value]
            places = [f"{table.loc[i, 'file']}:{table.loc[i, 'line']}" for i in others if i != index]
            hint = f"also at {', '.join(places)}; ids must be unique across all claim files" if places else hint
        key = (row["file"], index, check_name, column)
        if key in seen:
            continue
        seen.add(key)
        col_for_line = "quote_line" if column == "quote_line" else column
        out.append(_at(row, col_for_line if col_for_line in (row.get("key_lines") or {}) else "id", code, message, hint))
    return out


def _check_name(check: str) -> str:
    # pandera reports a named check as its name; built-ins look like "field_uniqueness"
    return check.split("(")[0]


# --- the finished table -------------------------------------------------------------


def finalize(records: list[dict], tol: Tolerances) -> tuple[pd.DataFrame, list[dict]]:
    """Typed, normalised claims: one row per claim, indexed by id, in CLAIM_COLUMNS order (and the rows as dicts)."""
    vocab = _vocab()
    reg = registry()
    scales = {k: float(v) for k, v in vocab["scales"].items()}
    rows = []
    for rec in records:
        subject = reg.resolve(rec["subject"]) if isinstance(rec["subject"], str) else None
        parts = tuple(reg.resolve(p).id for p in rec["parts"]) if isinstance(rec["parts"], list) else ()
        stated_metric = rec["metric"]
        metric, flip = stated_metric, 1.0
        if rec["perspective"] == "partner" and isinstance(stated_metric, str):
            spec = vocab["metrics"][stated_metric]
            if "balance_of" in spec:
                flip = -1.0  # the partner's surplus is the reporter's deficit
            else:
                metric = spec.get("partner_metric", stated_metric)
        literal = str(rec["value"])
        factor = scales[rec["scale"]]
        precision = parse_precision(rec.get("precision"))
        exact_unit = rec["unit"] in ("rank", "count") and rec["scale"] == "one"
        iv = claim_interval(literal, rec["qualifier"], precision, exact_unit, tol)
        if flip < 0:
            iv = -iv
        number = float(parse_literal(literal)) * flip
        period = parse_period(rec["period"]) if isinstance(rec["period"], str) else None
        rows.append(
            {
                **rec,
                "subject": subject.id if subject else None,
                "subject_name": subject.name if subject else None,
                "subject_as_written": rec["subject"],
                "subject_kind": subject.kind if subject else None,
                "parts": parts,
                "metric": metric,
                "stated_metric": stated_metric,
                "value": literal,
                "number": number,
                "factor": factor,
                "normalized": number * factor,
                "lo": iv.lo * factor,
                "hi": iv.hi * factor,
                "precision": precision,
                "product": rec["product"] if isinstance(rec["product"], str) else "",
                "note": rec["note"] if isinstance(rec["note"], str) else "",
                "period_start": period.start if period else None,
                "period_end": period.end if period else None,
                "period_grain": period.grain if period else None,
            }
        )
    table = pd.DataFrame(rows, columns=CLAIM_COLUMNS)  # the rows may carry raw keys too; the table has its columns
    return table.set_index("id", drop=False), rows
