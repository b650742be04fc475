"""The catalogue of input problems: one code per meaning, with its message, hint and explanation.

An input problem makes the claims unusable until it is fixed: the run stops
before any rule (exit 2) and says ``file:line: RCnnn message — hint``. Every
kind of input problem is one ``ProblemType`` here, with a code in the RC0xx
range (rule findings are RC1xx-RC4xx, see ``reconcile/rules/``), a kebab-case
name, and its message and hint as ``str.format`` templates, so the wording of
an error and its explanation live in one place::

    problems.NOT_UTF8.at(file, line, byte="0x9f")
    problems.UNKNOWN_KEY.at(file, line, key="subjet", what="a claim", keys="id, kind, ...", suggest="subject")

``reconcile problems`` lists the catalogue and ``reconcile explain RC014``
explains one entry; ``docs/problems.md`` is generated from it with
``python -m reconcile.problems --write-docs``.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconcile.model import Location, Problem

DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "problems.md"
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Example:
    """A tiny refused snippet and its fix."""

    bad: str
    fix: str
    language: str = "yaml"


@dataclass(frozen=True)
class Variant:
    """Another wording of the same problem, used where ``when`` says (same code, same fields)."""

    key: str
    template: str
    hint: str
    when: str


@dataclass(frozen=True)
class ProblemType:
    """One kind of input problem: its code, name, explanation, and how its message and hint are worded."""

    code: str
    name: str
    title: str
    description: str
    template: str
    hint: str = ""
    fields: tuple[str, ...] = ()
    sample: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)  # field -> an illustrative value
    example: Example | None = None
    variants: tuple[Variant, ...] = ()
    suggests: bool = False  # the hint may instead be "did you mean 'x'?" (``at(..., suggest="x")``)
    scope: str = "claim"  # where it is found: one of SCOPES

    def __post_init__(self):
        if self.scope not in SCOPES:
            raise ValueError(f"{self.code}: scope {self.scope!r} is not one of {list(SCOPES)}")

    def wording(self, variant: str | None = None) -> tuple[str, str]:
        """The (message template, hint template) of the main wording or of a variant."""
        if variant is None:
            return self.template, self.hint
        for v in self.variants:
            if v.key == variant:
                return v.template, v.hint
        known = ", ".join(v.key for v in self.variants) or "none"
        raise KeyError(f"{self.code} {self.name} has no variant {variant!r} (variants: {known})")

    def fill(self, *, variant: str | None = None, hint: str | None = None, suggest: str | None = None, **fields) -> tuple[str, str]:
        """The (message, hint) with the fields filled in; ``hint=`` replaces the hint, ``suggest=`` makes it "did you mean"."""
        unknown = sorted(set(fields) - set(self.fields))
        if unknown:
            raise TypeError(f"{self.code} {self.name} takes the fields {self.fields}, not {unknown}")
        if suggest is not None and not self.suggests:
            raise TypeError(f"{self.code} {self.name} does not suggest a correction")
        template, hint_template = self.wording(variant)
        fields = {name: _shown(value, _AS_WRITTEN[name]) if name in _AS_WRITTEN else value for name, value in fields.items()}
        try:
            message = template.format(**fields)
            if hint is None:
                hint = did_you_mean(suggest) if suggest is not None else hint_template.format(**fields)
        except KeyError as exc:
            raise TypeError(f"{self.code} {self.name} needs the field {exc.args[0]!r}") from None
        return message, hint

    def at(self, file: str, line: int, *, variant: str | None = None, hint: str | None = None,
           suggest: str | None = None, **fields) -> Problem:  # fmt: skip
        """This problem at file:line, its templates filled with ``fields``."""
        message, hint = self.fill(variant=variant, hint=hint, suggest=suggest, **fields)
        return Problem(Location(file, int(line)), self.code, message, hint, name=self.name)

    def says(self, **kw) -> str:
        """The problem as one line, for errors that have no file:line (the command line): "RC060 message — hint"."""
        message, hint = self.fill(**kw)
        return f"{self.code} {message}" + (f" — {hint}" if hint else "")

    def templates(self) -> list[tuple[str, str]]:
        """Every (message template, hint template) of this type: the main wording first."""
        return [(self.template, self.hint), *((v.template, v.hint) for v in self.variants)]


# scope -> (what it means in the docs, the file:line a sample problem is shown at; None: a command-line error)
SCOPES: dict[str, tuple[str, tuple[str, int] | None]] = {
    "file": ("a claim file as a whole (reported at line 1)", ("claims/example.yaml", 1)),
    "claim": ("a claim file, at the line of the block, claim or key", ("claims/example.yaml", 12)),
    "baseline": ("the baseline file of accepted discrepancies", ("reconcile-baseline.yaml", 1)),
    "configuration": ("the configuration file", ("pyproject.toml", 42)),
    "reference": ("a reference source file (references/*.yaml), at the line of the key; a data file's row and column are named in the message", ("references/example.yaml", 14)),
    "command line": ("the command line (printed as `reconcile: message`)", None),
    "output": ("a file reconcile writes (-o, --html, the HTML report, the baseline) or the baseline it reads "
               "(printed as `reconcile: message`)", None),
}


MAX_SHOWN = 100  # characters of a field value a message shows: a 5 MB value must not become a 5 MB message
# The fields that may repeat the file's own text, and how much of it they show.
_AS_WRITTEN = {"value": MAX_SHOWN, "key": MAX_SHOWN, "tag": MAX_SHOWN, "number": MAX_SHOWN, "detail": 3 * MAX_SHOWN}


class _Cut(str):
    """A long value's repr, cut: shown as it is by both {value} and {value!r}."""

    def __repr__(self) -> str:
        return str(self)


def _shown(value, limit: int = MAX_SHOWN):
    """A field value as a message shows it: text longer than `limit` is cut, and says so with '…'."""
    if isinstance(value, str):
        return value[:limit] + "…" if len(value) > limit else value
    text = repr(value)
    return _Cut(text[:limit] + "…") if len(text) > limit else value


def did_you_mean(match: str) -> str:
    return f"did you mean {match!r}?"


# What each template field holds. A field name means the same thing in every type that uses it.
FIELDS = {
    "actual": "what the configuration has instead, e.g. 'a string'",
    "allowed": "the values or range that are allowed, in words",
    "block": "the top-level block that is missing: source or claims",
    "break": "the character, by its Unicode code point and name: U+2028 (LINE SEPARATOR)",
    "cells": "how many cells a CSV row has",
    "columns": "how many columns the claims table's header has",
    "byte": "the first byte that is not UTF-8, in hex (0x96)",
    "check": "the schema check's name",
    "choices": "the allowed values, comma-separated",
    "column_no": "the 1-based column of the character on its line",
    "column": "the column of the claims table the check is on",
    "count": "how many YAML documents the file holds",
    "codes": "the subject codes that no entity, map or drop entry covers, comma-separated (at most 10 shown)",
    "data": "the data file a reference source reads, relative to the references folder",
    "detail": "the specific words: the parser's error, or the sentence the schema composes for this row",
    "digits": "how many digits the number has",
    "engine": "the engine's name as given: --engine or engine in the configuration",
    "extra": "the package extra that installs the engine (pip install 'reconcile[spark]')",
    "document": "the document's file name in the documents folder",
    "entry": "the entry's position in the accepted: list, from 1",
    "error": "the regular-expression error, as the regex package words it",
    "expansion": "how many items the pattern's counted repeats ({n}) would lay out when it is compiled",
    "expected": "the type the key needs, in words: 'a number', 'a table of key = value'",
    "fingerprint": "the baseline entry's fingerprint",
    "folder": "the documents folder as given",
    "file": "a claim file's path",
    "key": "the key as written in the file",
    "keys": "the keys allowed there, comma-separated",
    "known": "the known keys, rules or options, comma-separated ('none' when there are none)",
    "length": "the pattern's length in characters",
    "limit": "the bound that was exceeded, in the unit the message names",
    "limit_mb": "the size limit in MB",
    "link": "a symbolic link found in a claims folder, as a path",
    "needs": "what the option needs to be given with",
    "number": "the number as written, cut after its first digits when it is long",
    "option": "the option as written",
    "origin": "where the folder was given: --documents, or documents in the configuration file",
    "phrase": "the relative time words as the quote writes them, each in quotes: 'last year', or 'last year' and 'this year'",
    "path": "the path as given on the command line (or in the configuration, for the report and the baseline)",
    "paths": "the paths given, comma-separated",
    "places": "the other file:line places with the same id, comma-separated",
    "reason": "why the operating system refused, in plain words: 'it is a folder', 'permission denied', 'no space left on device'",
    "row": "the data file's row: a CSV data row or a JSON record, counted from 1",
    "rule": "a rule code or name, as written",
    "seconds": "the time bound, in seconds",
    "sidecar": "the source sidecar a claims table reads: NAME.source.yaml beside NAME.csv or NAME.parquet",
    "size_mb": "the file's size in MB",
    "suggestion": "a \"did you mean 'x'?\" for the closest name, or nothing",
    "syntax": "YAML or TOML",
    "revision": "the value given to --changed-since",
    "tag": "the YAML tag as written (!!python/object, !secret)",
    "target": "where a symbolic link leads, as a real path",
    "value": "the value as read from the file (shown with repr, so a string keeps its quotes)",
    "what": "which part of the file: 'the file', 'source', 'defaults', 'a claim', 'a ranking', 'a skip entry', or a key such as source.lineage",
    "where": "where the rule was named: --select, --ignore, or rules in the configuration file",
}

_VALUE = ("value",)
_CHOICES = ("value", "choices")


def _vocabulary_type(code: str, name: str, title: str, what: str, description: str, **kw) -> ProblemType:
    """An 'unknown X' problem for a value of the controlled vocabulary (schemas/vocabulary.yaml)."""
    return ProblemType(
        code, name, title, description, template=f"unknown {what} {{value!r}}", hint="use one of: {choices}",
        fields=_CHOICES, suggests=True, **kw,
    )  # fmt: skip


# --- the file as a whole -------------------------------------------------------------

FILE_TOO_LARGE = ProblemType(
    "RC001", "file-too-large", "File too large",
    "The file is larger than a claim file can be (5 MB). A claim file holds one document's claims, a few "
    "kilobytes; megabytes mean a data file or a document was put among the claims, so the file is not read at all.",
    template="file is {size_mb:.1f} MB, over the {limit_mb:.0f} MB limit for a claim file",
    hint="claim files hold one document's claims; check that this is the right file, or split it",
    fields=("size_mb", "limit_mb"), sample={"size_mb": 52.4, "limit_mb": 5.0},
    scope="file",
)  # fmt: skip

INVALID_YAML = ProblemType(
    "RC002", "invalid-yaml", "Invalid YAML",
    "The file is not valid YAML, so none of it can be read: a value with a stray colon, an unclosed bracket or "
    "quote, indentation that does not line up. The line is where the parser noticed the mistake, which can be just after it.",
    template="invalid YAML: {detail}", hint="fix the YAML syntax at this line",
    fields=("detail",), sample={"detail": "mapping values are not allowed in this context"},
    variants=(
        Variant("tab", "invalid YAML: a tab character in indentation", "YAML indents with spaces only: replace the tab with spaces",
                "a tab character is in the indentation of the line"),
        Variant("tag", "invalid YAML: {detail}", "only plain YAML is allowed: no tags such as !!python/object",
                "the parser stopped at a tag it cannot build"),
    ),
    example=Example('    value: -295.4: x\n', '    value: -295.4\n'),
)  # fmt: skip

EMPTY_FILE = ProblemType(
    "RC003", "empty-file", "Empty file",
    "The file has no content, or only comments and '---'. An empty claim file states nothing and is usually a file "
    "saved before it was written; it is refused so that a document's claims are not silently missing.",
    template="empty file", hint="a claim file needs a source block and a claims list, or delete it",
    variants=(
        Variant("no-yaml", "empty file (no YAML content)", "a claim file needs a source block and a claims list, or delete it",
                "the file has text, but only comments or '---'"),
    ),
    scope="file",
)  # fmt: skip

UNKNOWN_KEY = ProblemType(
    "RC004", "unknown-key", "Unknown key",
    "A key the claim format does not have, usually a typo (subjet for subject). What it says would be ignored, "
    "so the file is refused instead of dropping it silently.",
    template="unknown key {key!r} in {what}", hint="known keys: {keys}",
    fields=("key", "what", "keys"), sample={"key": "subjet", "what": "a claim", "keys": "id, kind, subject, metric"},
    suggests=True,
    example=Example("  - id: a-china-2024\n    subjet: China\n", "  - id: a-china-2024\n    subject: China\n"),
)  # fmt: skip

CHECK_FAILED = ProblemType(
    "RC005", "check-failed", "Check failed",
    "A value failed a schema check that has no message of its own, so it breaks a rule of the claim format. "
    "Every check should have its own code: please report this one, with the file.",
    template="{column}: check {check} failed for {value!r}",
    fields=("column", "check", "value"), sample={"column": "value", "check": "new_check", "value": "abc"},
)  # fmt: skip

NOT_UTF8 = ProblemType(
    "RC006", "not-utf8", "Not UTF-8",
    "The file has bytes that are not UTF-8 text, usually because an editor or a spreadsheet saved it in another "
    "encoding (Windows-1252, Latin-1). Quotes must match the document character for character, so the encoding is not guessed.",
    template="not UTF-8 text (byte {byte})", hint="save the file as UTF-8",
    fields=("byte",), sample={"byte": "0x96"},
)  # fmt: skip

YAML_TAG_NOT_ALLOWED = ProblemType(
    "RC007", "yaml-tag-not-allowed", "YAML tag not allowed",
    "The file uses an explicit YAML tag (!!python/object, !secret). Claim files are plain data, and tags can make "
    "a YAML reader build objects or run code, so a file with any tag is refused whole.",
    template="YAML tag {tag!r} is not allowed", hint="only plain YAML is allowed: no tags such as !!python/object",
    fields=("tag",), sample={"tag": "!!python/name:os.system"},
    example=Example("    value: !!python/name:os.system\n", "    value: -295.4\n"),
)  # fmt: skip

SEVERAL_YAML_DOCUMENTS = ProblemType(
    "RC008", "several-yaml-documents", "Several YAML documents",
    "The file holds more than one YAML document, separated by '---'. A claim file describes one source document "
    "with one source block; a second YAML document is usually two files pasted together.",
    template="{count} YAML documents in one file", hint="keep one document (remove '---' separators)",
    fields=("count",), sample={"count": 2},
    scope="file",
)  # fmt: skip

NOT_A_MAPPING = ProblemType(
    "RC009", "not-a-mapping", "Not a mapping",
    "The file, a block (source, defaults) or an item of a list (a claim, a ranking, a skip entry) is not a mapping "
    "of key: value, for example a claim written as a bare sentence. Its keys cannot be read, so nothing it says can be used.",
    template="{what} must be a mapping of key: value", hint="known keys: {keys}",
    fields=("what", "keys"), sample={"what": "source", "keys": "id, title, publisher, url, published, document, sha256"},
    variants=(
        Variant("claim", "claim not read: it is not a mapping of key: value", "each claim is '- id: ...' with its keys",
                "an item of the claims list is not a mapping"),
    ),
    example=Example(
        'claims:\n  - "Mexico had a deficit of $171.8 billion"\n',
        'claims:\n  - id: a-mexico-2024\n    subject: Mexico\n    value: -171.8\n    quote: "Mexico had a deficit of $171.8 billion"\n    line: 3\n',
    ),
)  # fmt: skip

# --- ids and required keys -------------------------------------------------------------

INVALID_ID = ProblemType(
    "RC010", "invalid-id", "Invalid id",
    "An id (of a source, a ranking or a claim) has characters other than lower-case letters, digits, '.', '_' and "
    "'-', or does not start with a letter or a digit. Ids name claims in reports, baselines and fingerprints, so they are plain and stable.",
    template="id {value!r} is not a valid id", hint="use lower-case letters, digits, '.', '_' or '-'",
    fields=_VALUE, sample={"value": "A China"},
    example=Example("  - id: A China\n", "  - id: a-china-2024\n"),
)  # fmt: skip

DUPLICATE_ID = ProblemType(
    "RC011", "duplicate-id", "Duplicate id",
    "Two sources, two rankings or two claims have the same id, in one file or in two. Findings and the baseline "
    "name claims by id, so an id must be unique across all claim files.",
    template="duplicate id {value!r}", hint="ids must be unique across all claim files; rename one of them",
    fields=("value", "places"), sample={"value": "a-china-2024", "places": "claims/b.yaml:14"},
    variants=(
        Variant("also-at", "duplicate id {value!r}", "also at {places}; ids must be unique across all claim files",
                "the other places with the same id are known"),
    ),
)  # fmt: skip

REQUIRED_KEY_MISSING = ProblemType(
    "RC012", "required-key-missing", "Required key missing",
    "A key that every claim, ranking or source block needs is absent or empty: a claim's value, quote or line, "
    "source.id, title, publisher, document or sha256. Without it the figure cannot be checked against its document or compared.",
    template="{key} is missing", hint="add `{key}:`",
    fields=("key",), sample={"key": "quote"},
    variants=(
        Variant("defaults", "{key} is missing", "add `{key}:` (or set it under defaults:)",
                "the key can also be set under defaults: (unit, scale, qualifier, period, lineage, perspective, status)"),
        Variant("source", "source.{key} is missing", "add `{key}:` to the source block", "the key belongs in the source block"),
    ),
    example=Example(
        "  - id: a-china-2024\n    subject: China\n    value: -295.4\n    line: 2\n",
        '  - id: a-china-2024\n    subject: China\n    value: -295.4\n    quote: "1. China: –$295.4 billion"\n    line: 2\n',
    ),
)  # fmt: skip

# --- the controlled vocabulary -----------------------------------------------------------

UNKNOWN_KIND = _vocabulary_type(
    "RC013", "unknown-kind", "Unknown kind", "kind",
    "The claim's kind is not one the format has (value, total, change, growth, average, rank, count, bound). "
    "The kind decides which keys a claim needs and which rules check it.",
    sample={"value": "valeu", "choices": "value, total, change, growth, average, rank, count, bound"},
    example=Example("    kind: valeu\n", "    kind: value\n"),
)  # fmt: skip

UNKNOWN_METRIC = ProblemType(
    "RC014", "unknown-metric", "Unknown metric",
    "The metric is not in the vocabulary (schemas/vocabulary.yaml). Figures are compared metric by metric, "
    "so a misspelt metric would never be checked against anything.",
    template="unknown metric {value!r}", hint="use one of the metrics in docs/claim-format.md",
    fields=_VALUE, sample={"value": "goods_balanse"}, suggests=True,
    example=Example("    metric: goods_balanse\n", "    metric: goods_balance\n"),
)  # fmt: skip

UNKNOWN_UNIT = _vocabulary_type(
    "RC015", "unknown-unit", "Unknown unit", "unit",
    "The unit is not in the vocabulary (USD, count, percent, rank). Figures are only compared in the same unit, "
    "and a currency the vocabulary does not have cannot be converted.",
    sample={"value": "EUR", "choices": "USD, count, percent, rank"},
)  # fmt: skip

UNKNOWN_SCALE = _vocabulary_type(
    "RC016", "unknown-scale", "Unknown scale", "scale",
    "The scale is not in the vocabulary (one, thousand, million, billion, trillion). The scale multiplies the "
    "value, so a wrong one would put the figure off by orders of magnitude.",
    sample={"value": "billions", "choices": "one, thousand, million, billion, trillion"},
    example=Example("    scale: billions\n", "    scale: billion\n"),
)  # fmt: skip

UNKNOWN_QUALIFIER = _vocabulary_type(
    "RC017", "unknown-qualifier", "Unknown qualifier", "qualifier",
    "The qualifier is not in the vocabulary (exact, about, over, at_least, under, at_most, nearly). It says how "
    "much room the published figure leaves ('about 140' is not '140'), so it must be one the rules understand.",
    sample={"value": "approximately", "choices": "exact, about, over, at_least, under, at_most, nearly"},
    example=Example("    qualifier: approximately\n", "    qualifier: about\n"),
)  # fmt: skip

UNKNOWN_LINEAGE = _vocabulary_type(
    "RC018", "unknown-lineage", "Unknown lineage", "lineage",
    "A lineage (where the document's figures come from: census, bea, oec, ...) is not in the vocabulary. "
    "Lineage is how a disagreement between different data sources is told from an error.",
    sample={"value": "censu", "choices": "census, bea, oec, world-bank, unctad, unknown"},
)  # fmt: skip

UNKNOWN_PERSPECTIVE = _vocabulary_type(
    "RC019", "unknown-perspective", "Unknown perspective", "perspective",
    "The perspective is not reporter or partner. It says from whose side a flow is stated: a partner's exports "
    "are stored as the reporter's imports, so a wrong perspective would turn the figure into another one.",
    sample={"value": "partners", "choices": "reporter, partner"},
)  # fmt: skip

UNKNOWN_STATUS = _vocabulary_type(
    "RC020", "unknown-status", "Unknown status", "status",
    "The status is not actual, proposed, target or forecast. Only figures of the same status are compared: "
    "a forecast does not conflict with the actual figure.",
    sample={"value": "estimate", "choices": "actual, proposed, target, forecast"},
)  # fmt: skip

UNKNOWN_AVERAGING_PERIOD = _vocabulary_type(
    "RC021", "unknown-averaging-period", "Unknown averaging period", "averaging period",
    "The per: of an average claim is not month, quarter or year. Without it the average cannot be turned into "
    "the total it is checked against.",
    sample={"value": "week", "choices": "month, quarter, year"},
)  # fmt: skip

INVALID_PERIOD = ProblemType(
    "RC022", "invalid-period", "Invalid period",
    "A period (or from_period) cannot be read as a year, month, quarter, half-year, range or date: month 13, "
    "30 February, a range that ends before it starts. Figures are compared period by period.",
    template="period {value!r} is not a valid period",
    hint="write 2024, 2024-05, 2024-Q2, 2025-H1, 2025-01..2025-05 or 2025-04-26",
    fields=_VALUE, sample={"value": "2024-13"},
    example=Example('    period: "2024-13"\n', '    period: "2024-12"\n'),
)  # fmt: skip

NOT_A_NUMBER = ProblemType(
    "RC023", "not-a-number", "Value is not a number",
    "The value is not a plain number as published: a word, a quoted number (\"-295.4\"), a thousands separator "
    "(6,173), yes or no. The value is kept exactly as written so that its rounding can be judged, so only plain YAML numbers are read.",
    template="value {value!r} is not a number",
    hint="write the figure as a plain number as published (140.5, -63.0, 6173), sign from the reporter's side",
    fields=_VALUE, sample={"value": "6,173"},
    variants=(
        Variant("not-finite", "value {value!r} is not a finite number", "a published figure is never infinite or NaN: write the figure itself",
                "the value is YAML's .inf, -.inf or .nan"),
        Variant("exponent", "value {value!r} is written with an exponent",
                "write the figure as published (1.5 with scale: billion, not 1.5e9); its digits say how it was rounded",
                "the value is in exponent notation (1.5e9)"),
    ),
    example=Example('    value: "6,173"\n', "    value: 6173\n"),
)  # fmt: skip

DUPLICATE_KEY = ProblemType(
    "RC024", "duplicate-key", "Duplicate key",
    "The same key appears twice in one mapping, such as a claim with two subject: lines. YAML would quietly keep "
    "the last one; the run refuses to guess which was meant.",
    template="key {key!r} appears twice in {what}", hint="keep one of them",
    fields=("key", "what"), sample={"key": "subject", "what": "a claim"},
    example=Example("    subject: Mexico\n    subject: Canada\n", "    subject: Mexico\n"),
)  # fmt: skip

UNKNOWN_ENTITY = ProblemType(
    "RC025", "unknown-entity", "Unknown entity",
    "A subject, one of the parts, or the source's reporter is not a known country or group (by name, alias or ISO "
    "code, from pycountry and reconcile/data/entities.yaml). Entities are compared by id, so an unknown name could never be matched.",
    template="unknown entity {value!r}",
    hint="use a country name, an ISO code or a group from reconcile/data/entities.yaml",
    fields=_VALUE, sample={"value": "Chna"}, suggests=True,
    example=Example("    subject: Chna\n", "    subject: China\n"),
)  # fmt: skip

EMPTY_QUOTE = ProblemType(
    "RC026", "empty-quote", "Empty quote",
    "The quote is empty or blank. The quote is the evidence: the provenance rules find it in the document to "
    "check that the figure was transcribed right.",
    template="quote is empty", hint="copy the document's exact words that state the figure",
    example=Example('    quote: ""\n', '    quote: "1. China: –$295.4 billion"\n'),
)  # fmt: skip

LINE_NOT_A_NUMBER = ProblemType(
    "RC027", "line-not-a-number", "Line is not a line number",
    "A line: (of a claim, a ranking or a skip entry) is not a whole number from 1. It is the line of the document "
    "where the quote or the skipped text is, and the rules look for it there.",
    template="line {value!r} is not a line number", hint="give the 1-based line of the quote in the document",
    fields=_VALUE, sample={"value": 0},
    variants=(
        Variant("skip", "skip line {value!r} is not a line number", "give the 1-based line of the document where the text is",
                "the line is a skip entry's"),
    ),
    example=Example("    line: two\n", "    line: 2\n"),
)  # fmt: skip

UNDECLARED_RANKING = ProblemType(
    "RC028", "undeclared-ranking", "Undeclared ranking",
    "A claim names a ranking that its own file does not declare under rankings:. A rank, count or bound claim is "
    "checked against its ranking, which belongs to the same document; a ranking of another file is about another document.",
    template="ranking {value!r} is not declared in this file", hint="declare it under rankings: with an id",
    fields=_VALUE, sample={"value": "top10"},
    variants=(
        Variant("other-file", "ranking {value!r} is declared in another file", "declare it in this file",
                "the ranking exists, but in another claim file"),
    ),
    example=Example(
        "claims:\n  - id: a-mexico-rank\n    kind: rank\n    ranking: top10\n",
        'rankings:\n  - id: top10\n    metric: goods_balance\n    period: "2024"\n    quote: "Top 10 deficits"\n    line: 1\n'
        "claims:\n  - id: a-mexico-rank\n    kind: rank\n    ranking: top10\n",
    ),
)  # fmt: skip

INVALID_FOR_KIND = ProblemType(
    "RC029", "invalid-for-kind", "Claim does not fit its kind",
    "The claim lacks a key its kind needs (a value needs subject, metric and period; an average also per; a rank "
    "a subject and a ranking), a total names fewer than two parts, or a claim other than a plain value is stated "
    "from the partner's side. Such a claim cannot be compared.",
    template="{detail}", hint="see the kind's example in docs/claim-format.md",
    fields=("detail",), sample={"detail": "a average claim needs per"},
    example=Example("    kind: average\n    subject: Mexico\n", "    kind: average\n    subject: Mexico\n    per: month\n"),
)  # fmt: skip

UNIT_MISMATCH = ProblemType(
    "RC030", "unit-mismatch", "Unit does not fit the metric",
    "The claim's unit is not the one its metric or its kind is measured in: goods_balance in percent, a growth "
    "claim in USD, a rank not in rank. A figure in the wrong unit cannot be compared with the others.",
    template="{detail}", hint="use the metric's unit, or another metric",
    fields=("detail",), sample={"detail": "metric goods_balance is measured in USD, not percent"},
    example=Example("    metric: goods_balance\n    unit: percent\n", "    metric: goods_balance\n    unit: USD\n"),
)  # fmt: skip

# --- shares and residual scopes ------------------------------------------------------------

SHARE_WITHOUT_TOTAL = ProblemType(
    "RC086", "share-without-total", "Share without its total",
    "A share claim (kind: share) does not say what it is a share of. \"12.4%\" is only checkable as part / total "
    "when the total is named, and shares of different totals (of US exports, of world exports) must never be "
    "compared as one figure.",
    template="a share claim needs of: naming its total",
    hint="add of: with the total's subject (and metric, period or product where they differ from the part's), "
    "e.g. of: {{subject: World}}",
    example=Example(
        "    kind: share\n    subject: Canada\n    metric: goods_exports\n",
        "    kind: share\n    subject: Canada\n    metric: goods_exports\n    of: {subject: World}\n",
    ),
)  # fmt: skip

UNRESOLVABLE_SHARE_FIGURE = ProblemType(
    "RC087", "unresolvable-share-figure", "Share part or total not resolvable",
    "The part or the total of a share claim does not name a figure: the share names no part (neither subject: nor "
    "parts:), names both, its total under of: names an unknown entity, or the total is the part itself. The share "
    "is checked as part / total against the levels stated for both, so each must be one figure.",
    template="{detail}", hint="the part is subject: (one figure) or parts: (a group of subjects); of: names the total",
    fields=("detail", "value"), sample={"detail": "a share claim needs its part: subject: or parts:", "value": "Wrold"},
    suggests=True,
    variants=(
        Variant("entity", "unknown entity {value!r} in the share's total (of.subject)",
                "use a country name, an ISO code or a group from reconcile/data/entities.yaml, or World",
                "of.subject is not a known entity"),
    ),
    example=Example("    kind: share\n    of: {subject: Wrold}\n", "    kind: share\n    subject: Canada\n    of: {subject: World}\n"),
)  # fmt: skip

RESIDUAL_WITHOUT_PART = ProblemType(
    "RC088", "residual-without-part", "Residual scope without its part",
    "A claim with excluding: (a balance excluding energy) does not name the part left out: excluding: has no "
    "product:, or it is blank. The figure is checked as total − part, so the part must be a product scope "
    "other figures can be stated for.",
    template="excluding: needs product: naming the part left out",
    hint="write excluding: {{product: energy}} (the product scope the document leaves out)",
    example=Example("    excluding: {}\n", "    excluding: {product: energy}\n"),
)  # fmt: skip

RELATION_KEY_NOT_FOR_KIND = ProblemType(
    "RC089", "relation-key-not-for-kind", "Share or residual key on the wrong claim",
    "of: belongs to share claims and excluding: to plain value claims; elsewhere they would be ignored. An excluding: "
    "that names the claim's own product leaves nothing, and a share of a residual scope is not supported.",
    template="{detail}", hint="see the share and excluding sections of docs/claim-format.md",
    fields=("detail",), sample={"detail": "of: is only for share claims (kind: share)"},
    example=Example("    kind: value\n    of: {subject: World}\n", "    kind: share\n    of: {subject: World}\n"),
)  # fmt: skip

# --- the source block and rankings ---------------------------------------------------------

INVALID_SHA256 = ProblemType(
    "RC031", "invalid-sha256", "Invalid sha256",
    "source.sha256 is not 64 lower-case hexadecimal digits. The hash pins the exact document the quotes were "
    "taken from; `reconcile check` compares it with the document to notice a changed file.",
    template="sha256 {value!r} is not 64 lower-case hex digits", hint="run `sha256sum` on the document",
    fields=_VALUE, sample={"value": "xyz"},
)  # fmt: skip

INVALID_DATE = ProblemType(
    "RC032", "invalid-date", "Invalid published date",
    "source.published is not an ISO date (YYYY-MM-DD). It says when the document was published, which tells one "
    "vintage of a figure from another; write null when the document gives no date.",
    template="published {value!r} is not an ISO date", hint="write YYYY-MM-DD, or null when unknown",
    fields=_VALUE, sample={"value": "April 2025"},
    variants=(
        Variant("calendar", "published {value!r} is not a day of the calendar", "check the month (01-12) and the day of that month",
                "the date has the form YYYY-MM-DD but no such day exists (2024-13-45, 2023-02-29, year 0000)"),
    ),
    example=Example("  published: April 2025\n", "  published: 2025-04-26\n"),
)  # fmt: skip

UNKNOWN_BASIS = _vocabulary_type(
    "RC080", "unknown-basis", "Unknown basis", "basis",
    "The basis (how a trade statistic is compiled: census or bop) is not in the vocabulary. Census-basis and "
    "balance-of-payments figures of the same trade differ by design, so the basis decides which official figure a claim is judged by.",
    sample={"value": "balance of payments", "choices": "census, bop"},
    example=Example("    basis: balance of payments\n", "    basis: bop\n"),
)  # fmt: skip

UNKNOWN_ADJUSTMENT = _vocabulary_type(
    "RC081", "unknown-adjustment", "Unknown adjustment", "adjustment",
    "The adjustment is not sa (seasonally adjusted) or nsa (not seasonally adjusted). Adjusted and unadjusted "
    "monthly figures differ, so it decides which official figure a claim is judged by.",
    sample={"value": "seasonally adjusted", "choices": "nsa, sa"},
    example=Example("    adjustment: seasonally adjusted\n", "    adjustment: sa\n"),
)  # fmt: skip

INVALID_VINTAGE = ProblemType(
    "RC082", "invalid-vintage", "Invalid vintage",
    "A vintage is not an ISO date (YYYY-MM-DD). It names the release a figure comes from (the document cites "
    "'as first published on 5 February 2025'), so it is compared with the release dates of the official tables.",
    template="vintage {value!r} is not an ISO date",
    hint="write the release date as YYYY-MM-DD (2025-02-05); leave vintage out when the document names no release",
    fields=_VALUE, sample={"value": "first published"},
    variants=(
        Variant("calendar", "vintage {value!r} is not a day of the calendar", "check the month (01-12) and the day of that month",
                "the date has the form YYYY-MM-DD but no such day exists (2024-13-45, 2023-02-29, year 0000)"),
    ),
    example=Example("    vintage: Feb 2025\n", "    vintage: 2025-02-05\n"),
)  # fmt: skip

RELATIVE_PERIOD_WITHOUT_DATE = ProblemType(
    "RC083", "relative-period-without-date", "Relative period without a date",
    "The claim has no period and its quote names one relative to when it was written ('last year', 'today'), "
    "but the source has no published date to count from. The period the figure is for cannot be known.",
    template="{phrase} in the quote is relative and the source has no published date",
    hint="add `period:` to the claim or `published:` to the source",
    fields=("phrase",), sample={"phrase": "'last year'"},
    example=Example("  published: null\n", "  published: 2025-04-26\n"),
)  # fmt: skip

AMBIGUOUS_RELATIVE_PERIOD = ProblemType(
    "RC084", "ambiguous-relative-period", "Ambiguous relative period",
    "The claim has no period and the relative words in its quote do not name one period: two of them name "
    "different periods, or the words are counted from something other than the published date. Guessing would "
    "judge the figure against the wrong year.",
    template="{phrase} in the quote name different periods ({detail})",
    hint="add `period:` to the claim: the period its figure is for",
    fields=("phrase", "detail"), sample={"phrase": "'last year' and 'this year'", "detail": "2024, 2025"},
    variants=(
        Variant("comparison", "{phrase} in the quote of a {detail} claim may name either end of the comparison",
                "add `period:` and `from_period:` to the claim",
                "a change or growth claim: 'up 5% from last year' names the period compared with, not the claim's period"),
        Variant("anaphoric", "{phrase} in the quote counts from the period the quote names ({detail}), not from the published date",
                "add `period:` to the claim",
                "'the previous year' or 'the prior month' in a quote that also names a year or a month"),
        Variant("span", "{phrase} in the quote names a span of time, not a calendar period",
                "add `period:` with the months it covers (2025-01..2025-04)",
                "'so far this year', 'year to date', 'the past year', 'the last 12 months'"),
        Variant("calendar", "{phrase} counted from published {detail} falls before the calendar's first year",
                "add `period:` to the claim, or check source.published",
                "a published date in the year 0001"),
    ),
    example=Example("    quote: \"up from last year, and this year's deficit\"\n",
                    "    period: \"2025\"\n    quote: \"up from last year, and this year's deficit\"\n"),
)  # fmt: skip

UNKNOWN_RANKING_ORDER = ProblemType(
    "RC033", "unknown-ranking-order", "Unknown ranking order",
    "A ranking's order is not ascending or descending. The order says which end comes first (the largest deficit, "
    "or the largest value), which the rank rules check the ranked figures against.",
    template="unknown ranking order {value!r}", hint="use ascending (most negative first) or descending",
    fields=_VALUE, sample={"value": "largest-first"},
)  # fmt: skip

UNKNOWN_RANKING_AXIS = ProblemType(
    "RC034", "unknown-ranking-axis", "Unknown ranking axis",
    "A ranking's over: is not subjects or periods: whether it ranks partners in one period, or one subject's "
    "periods (a record). The rank rules compare different figures for each.",
    template="unknown ranking axis {value!r}", hint="use subjects or periods",
    fields=_VALUE, sample={"value": "years"},
)  # fmt: skip

UNKNOWN_RANKING_POPULATION = ProblemType(
    "RC035", "unknown-ranking-population", "Unknown ranking population",
    "A ranking's among: is not countries or partners: whether it ranks countries only, or every partner with "
    "groups such as the EU. The ranking-population rule depends on it.",
    template="unknown ranking population {value!r}",
    hint="use countries, partners, or a group from reconcile/data/entities.yaml (EU, ASEAN, Asia, USMCA)",
    fields=_VALUE, sample={"value": "nations"}, suggests=True,
)  # fmt: skip

UNKNOWN_RANKING_GROUP = ProblemType(
    "RC085", "unknown-ranking-group", "Unknown ranking group",
    "A ranking's among: names a group (a rank \"among EU members\") that reconcile/data/entities.yaml does not "
    "declare. A rank among a group is checked against the levels of the group's members only, so the group's "
    "membership list must be known.",
    template="unknown group {value!r} in among:",
    hint="use a group from reconcile/data/entities.yaml (EU, ASEAN, Asia, USMCA, NAFTA), or declare it there with its members",
    fields=_VALUE, sample={"value": "Mercosur"}, suggests=True,
    example=Example("    among: Mercosur\n", "    among: EU\n"),
)  # fmt: skip

RANKING_GROUP_WITHOUT_MEMBERS = ProblemType(
    "RC096", "ranking-group-without-members", "Ranking among a group without members",
    "A ranking's among: names a country, or a group without a membership list (World). A rank among a group is "
    "judged by its members' figures only, so among: needs a group whose members are declared in "
    "reconcile/data/entities.yaml.",
    template="among: {value!r} is not a group with a membership list",
    hint="use countries or partners, or a group with members (EU, ASEAN, Asia, USMCA, NAFTA)",
    fields=_VALUE, sample={"value": "World"},
    example=Example("    among: World\n", "    among: partners\n"),
)  # fmt: skip

# --- skip entries and the shape of values ----------------------------------------------------

SKIP_WITHOUT_REASON = ProblemType(
    "RC036", "skip-without-reason", "Skip entry without a reason",
    "A skip entry (a number of the document deliberately not transcribed) does not say why. Coverage counts a "
    "skipped number as covered, so every skip records the reason the number needs no claim.",
    template="skip entry without a reason", hint="say why this number is not transcribed",
    example=Example("skip:\n  - pattern: '24/7'\n", "skip:\n  - pattern: '24/7'\n    reason: opening hours, not a trade figure\n"),
)  # fmt: skip

NOT_A_SINGLE_VALUE = ProblemType(
    "RC037", "not-a-single-value", "Not a single value",
    "A key that takes one value (value, subject, period, ...) was given a list or a mapping. A claim states one "
    "figure; several figures are several claims.",
    template="{what} must be a single value, not a list or mapping",
    fields=("what",), sample={"what": "value"},
    example=Example("    value: [1, 2]\n", "    value: 1\n"),
)  # fmt: skip

NOT_A_LIST = ProblemType(
    "RC038", "not-a-list", "Not a list",
    "A key that takes a list (claims, rankings, skip; parts, source.lineage) was given something else, such as a "
    "number or a mapping. Its items cannot be read.",
    template="{what} must be a list",
    fields=("what",), sample={"what": "parts"},
    variants=(
        Variant("section", "`{what}` must be a list (items start with '- ')", "", "the claims, rankings or skip block is not a list"),
    ),
    example=Example("claims: 3\n", "claims:\n  - id: a-china-2024\n    ...\n"),
)  # fmt: skip

MISSING_BLOCK = ProblemType(
    "RC039", "missing-block", "Missing block",
    "The file has no source: block or no claims: list. Every claim file describes one document (source) and the "
    "figures it states (claims); without either, nothing in it can be checked.",
    template="missing `{block}:` block",
    hint="see docs/claim-format.md: every claim file has a source block and a claims list",
    fields=("block",), sample={"block": "source"},
    scope="file",
)  # fmt: skip

# --- the baseline ------------------------------------------------------------------------

INVALID_BASELINE = ProblemType(
    "RC040", "invalid-baseline", "Invalid baseline",
    "The baseline file of accepted discrepancies cannot be read: invalid YAML, no accepted: list, or an entry "
    "without a fingerprint. The run cannot tell which findings were accepted, and `reconcile baseline` will not "
    "overwrite the file, so that the reasons written in it are not lost.",
    template="baseline must have an `accepted:` list", hint="regenerate it with `reconcile baseline`",
    fields=("detail", "entry"), sample={"detail": "mapping values are not allowed in this context", "entry": 3},
    variants=(
        Variant("yaml", "invalid baseline YAML: {detail}", "", "the file is not valid YAML"),
        Variant("no-fingerprint", "baseline entry {entry} has no fingerprint", "regenerate it with `reconcile baseline`",
                "an entry of accepted: is not a mapping with a fingerprint"),
    ),
    scope="baseline",
)  # fmt: skip

BASELINE_ENTRY_WITHOUT_REASON = ProblemType(
    "RC041", "baseline-entry-without-reason", "Baseline entry without a reason",
    "An accepted discrepancy in the baseline does not say why it was accepted. A finding is accepted only after "
    "someone examined it, and the reason records what was examined so that the next reader can trust it. "
    "`reconcile baseline` still runs, to let you fill the reasons in.",
    template="baseline entry {fingerprint} ({rule}) has no reason",
    hint="say why this discrepancy is accepted (what was examined), or remove the entry",
    fields=("fingerprint", "rule"), sample={"fingerprint": "3f9a0c1d2e4b5a69", "rule": "RC201"},
    example=Example(
        "accepted:\n  - fingerprint: 3f9a0c1d2e4b5a69\n    code: RC201\n    reason: ''\n",
        "accepted:\n  - fingerprint: 3f9a0c1d2e4b5a69\n    code: RC201\n"
        "    reason: OEC mirror data against Census; both are as published\n",
    ),
    scope="baseline",
)  # fmt: skip

INVALID_PRECISION = ProblemType(
    "RC042", "invalid-precision", "Invalid precision",
    "The claim's precision is not a non-negative number. Precision overrides how much rounding the published "
    "figure carries (half its rounding unit), which decides whether two figures agree.",
    template="precision {value!r} is not a non-negative number",
    hint="precision is half the rounding unit in the claim's scale: 0.05 for ±0.05",
    fields=_VALUE, sample={"value": "-0.05"},
    variants=(
        Variant("not-finite", "precision {value!r} is not a finite number", "precision is half the rounding unit in the claim's scale: 0.05 for ±0.05",
                "the precision is infinite or NaN (.inf, .nan, or a number too large for a float such as 1.0e400)"),
    ),
    example=Example("    precision: -0.05\n", "    precision: 0.05\n"),
)  # fmt: skip

INVALID_SKIP_PATTERN = ProblemType(
    "RC043", "invalid-skip-pattern", "Invalid skip pattern",
    "A skip entry's pattern is not a valid Python regular expression, or it exceeds the bounds a pattern is held "
    "to (its length, how far its counted repeats expand, its time over a document), so the numbers it was meant to "
    "skip cannot be found. A pattern is a small program run on every line; the bounds keep a hostile one from hanging the run.",
    template="invalid skip pattern: {error}", hint="write a Python regular expression",
    fields=("error", "length", "limit", "expansion", "seconds", "document"),
    sample={"error": "missing ) at position 9", "length": 612, "limit": 500, "expansion": 1002000,
            "seconds": 2.0, "document": "001_f200f29feb57ffad.txt"},
    variants=(
        Variant("too-long", "skip pattern is {length} characters long, over the {limit} allowed",
                "a skip pattern names a few words around a number: shorten it, or skip by `line` and `text`",
                "the pattern is longer than the bound"),
        Variant("too-large", "skip pattern's counted repeats would expand to {expansion} items, over the {limit} allowed",
                "use * or + instead of large counts such as {{1000}}, and do not nest counted repeats",
                "counted repeats ({n}, nested or many) would lay out too many items when compiled"),
        Variant("too-slow", "skip pattern took longer than {seconds:g} s on {document}",
                "simplify it: nested repeats such as (\\w+\\s?)+ try the same text in very many ways",
                "the pattern ran past its time bound over one document"),
    ),
    example=Example("  - pattern: '(unclosed'\n", "  - pattern: '\\(unclosed'\n"),
)  # fmt: skip

INCOMPLETE_SKIP = ProblemType(
    "RC044", "incomplete-skip", "Incomplete skip entry",
    "A skip entry has neither a pattern nor both the line and the text of the number it skips, so it cannot say "
    "which number of the document it covers.",
    template="skip entry needs `line` and `text`, or `pattern`",
    example=Example("  - text: '24/7'\n    reason: opening hours\n", "  - text: '24/7'\n    line: 12\n    reason: opening hours\n"),
)  # fmt: skip

# --- confinement: what a claim file may make reconcile read --------------------------------

DOCUMENT_OUTSIDE_FOLDER = ProblemType(
    "RC045", "document-outside-folder", "Document outside the documents folder",
    "source.document is not a plain file name inside the documents folder: an absolute path, a drive letter, a "
    "'..' or '.' part, a backslash, a control character or nothing at all. Claim files come from anyone who can open "
    "a pull request, so the document they name is read only from inside the documents folder, and this one is not read.",
    template="`document` must be a file name inside the documents folder, not {value!r}",
    hint="write the file's name relative to the documents folder (e.g. 001_report.txt): no absolute path, "
    "drive letter, '..', backslash or control character",
    fields=_VALUE, sample={"value": "../secret.txt"},
    example=Example("  document: ../secret.txt\n", "  document: 001_report.txt\n"),
)  # fmt: skip

CLAIM_LINK_OUTSIDE_PATHS = ProblemType(
    "RC046", "claim-link-outside-paths", "Claim file links outside the paths given",
    "A claim file or folder found inside a claims folder is a symbolic link to a place outside every path given "
    "on the command line. It is not read, so that a pull request cannot make reconcile read files elsewhere on the "
    "machine by adding a link; a file named on the command line itself is read.",
    template="{link} is a symbolic link to {target}, outside the paths given: it was not read",
    hint="put the claim file itself in the claims folder, or name it on the command line",
    fields=("link", "target"), sample={"link": "claims/other.yaml", "target": "/etc/passwd"},
    variants=(
        Variant("unresolvable", "{link} is a symbolic link that cannot be followed ({target} does not exist, or the links loop): it was not read",
                "point the link at a claim file, or remove it", "the link's target does not exist or leads back to itself"),
    ),
    scope="file",
)  # fmt: skip

DOCUMENT_LINK_OUTSIDE_FOLDER = ProblemType(
    "RC047", "document-link-outside-folder", "Document links outside its folder",
    "source.document names a file in the documents folder that is a symbolic link (or lies under one) to a place "
    "outside that folder. Documents are read only from inside the documents folder, so this one is not read, "
    "hashed or quoted.",
    template="document {value!r} resolves outside the documents folder, to {target} (a symbolic link): it was not read",
    hint="copy the document into the documents folder instead of linking to it",
    fields=("value", "target"), sample={"value": "001_report.txt", "target": "/home/ci/.ssh/id_ed25519"},
)  # fmt: skip

NUMBER_TOO_LONG = ProblemType(
    "RC048", "number-too-long", "Number too long",
    "A number (a value, a precision or a line) has more than 30 digits. Published "
    "figures have a dozen digits at most, and a computer's floating point keeps only 15 to 17 of them, so more is a "
    "paste error and would make every comparison meaningless.",
    template="{key} {number} has {digits} digits, more than the {limit} a number may have",
    hint="write the figure as published, with scale: for large amounts (1.2 with scale: trillion)",
    fields=("key", "number", "digits", "limit"), sample={"key": "value", "number": "100000000000000…", "digits": 5001, "limit": 30},
    example=Example("    value: 1200000000000000000000000000000000\n", "    value: 1.2\n    scale: trillion\n"),
)  # fmt: skip

UNUSUAL_LINE_BREAK = ProblemType(
    "RC049", "unusual-line-break", "Unusual line break",
    "The file has a character that YAML reads as the end of a line but editors, GitHub and grep do not: a carriage "
    "return not followed by a line feed, NEL (U+0085), LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029). "
    "Inside a comment it would turn the rest of the comment into content, and anywhere it shifts the line numbers "
    "of everything after it, so the file is refused rather than read differently from how it looks.",
    template="unusual line break {break} at column {column_no}",
    hint="remove it, or replace it with a space (quotes are compared with runs of spaces collapsed)",
    fields=("break", "column_no"), sample={"break": "U+2028 (LINE SEPARATOR)", "column_no": 17},
)  # fmt: skip

# --- the configuration --------------------------------------------------------------------

INVALID_CONFIG_SYNTAX = ProblemType(
    "RC050", "invalid-config-syntax", "Invalid configuration syntax",
    "The configuration file (reconcile.yaml, or pyproject.toml with [tool.reconcile]) is not valid YAML or TOML. "
    "None of it can be read, and the run stops rather than run with settings the project did not choose.",
    template="invalid {syntax}: {detail}", hint="fix the {syntax} syntax of the configuration file",
    fields=("syntax", "detail"), sample={"syntax": "TOML", "detail": "Expected '=' after a key in a key/value pair (at line 3, column 9)"},
    scope="configuration",
)  # fmt: skip

UNKNOWN_CONFIG_KEY = ProblemType(
    "RC051", "unknown-config-key", "Unknown configuration key",
    "The configuration has a key reconcile does not know, usually a typo (fail_on for fail-on). Its setting would "
    "be ignored, so the run refuses it.",
    template="unknown configuration key {key!r}", hint="known keys: {known}",
    fields=("key", "known"), sample={"key": "fail_on", "known": "baseline, documents, fail-on, report, rules, tolerances"},
    suggests=True,
    example=Example('[tool.reconcile]\nfail_on = "warning"\n', '[tool.reconcile]\nfail-on = "warning"\n', "toml"),
    scope="configuration",
)  # fmt: skip

CONFIG_WRONG_TYPE = ProblemType(
    "RC052", "config-wrong-type", "Configuration value of the wrong type",
    "A configuration value has the wrong type: a word where a number is expected, a single value where a table of "
    "key = value is. The setting cannot be used as meant.",
    template="`{key}` must be {expected}, not {actual}",
    hint="see the Configuration section of README.md for each key's type",
    fields=("key", "expected", "actual"), sample={"key": "tolerances.about", "expected": "a number", "actual": "'ten percent'"},
    example=Example('[tool.reconcile.tolerances]\nabout = "ten percent"\n', "[tool.reconcile.tolerances]\nabout = 0.10\n", "toml"),
    scope="configuration",
)  # fmt: skip

UNKNOWN_RULE = ProblemType(
    "RC053", "unknown-rule", "Unknown rule",
    "The configuration, --select or --ignore names a rule that does not exist, usually a typo or a rule renamed. "
    "Selecting or configuring nothing would pass silently, so the run refuses it.",
    template="unknown rule {rule!r} in {where}", hint="rules: {known}",
    fields=("rule", "where", "known"), sample={"rule": "RC2O1", "where": "--select", "known": "RC101, RC102, RC201"},
    suggests=True,
    example=Example("[tool.reconcile.rules.RC2O1]\nseverity = \"info\"\n", "[tool.reconcile.rules.RC201]\nseverity = \"info\"\n", "toml"),
    scope="configuration",
)  # fmt: skip

UNKNOWN_RULE_OPTION = ProblemType(
    "RC054", "unknown-rule-option", "Unknown rule option",
    "A rule's settings name an option the rule does not have (`reconcile explain CODE` lists its options), "
    "or one it no longer has (retired: the message says what replaced it). The setting would be ignored, or "
    "read with a meaning it no longer has, so the run refuses it.",
    template="rules.{rule}: unknown option {option!r}", hint="options: {known}",
    fields=("rule", "option", "known"), sample={"rule": "RC203", "option": "max-change", "known": "max-relative-change"},
    suggests=True,
    example=Example("[tool.reconcile.rules.RC203]\nmax-change = 0.5\n", "[tool.reconcile.rules.RC203]\nmax-relative-change = 0.5\n", "toml"),
    scope="configuration",
)  # fmt: skip

CONFIG_VALUE_OUT_OF_RANGE = ProblemType(
    "RC055", "config-value-out-of-range", "Configuration value out of range",
    "A configuration value has the right type but is not allowed: a severity that does not exist, a negative "
    "tolerance. The run would check with a setting that means nothing, so it stops.",
    template="`{key}` = {value!r} is out of range", hint="use {allowed}",
    fields=("key", "value", "allowed"), sample={"key": "fail-on", "value": "fatal", "allowed": "error, warning or info"},
    example=Example('[tool.reconcile]\nfail-on = "fatal"\n', '[tool.reconcile]\nfail-on = "error"\n', "toml"),
    scope="configuration",
)  # fmt: skip

# --- the columnar engine ------------------------------------------------------------------------

UNKNOWN_ENGINE = ProblemType(
    "RC056", "unknown-engine", "Unknown engine",
    "--engine or `engine` in the configuration names an engine reconcile does not have, usually a typo "
    "(pyspak for pyspark). Running on another engine than the one asked for would hide the mistake, so the run stops.",
    template="unknown engine {engine!r} in {where}", hint="{suggestion}engines: {known}",
    fields=("engine", "where", "known", "suggestion"), sample={"engine": "pyspak", "where": "--engine", "known": "duckdb, pyspark, polars, python",
                                                     "suggestion": "did you mean 'pyspark'? "},
    example=Example('[tool.reconcile]\nengine = "pyspak"\n', '[tool.reconcile]\nengine = "pyspark"\n', "toml"),
    scope="command line",
)  # fmt: skip

ENGINE_NOT_INSTALLED = ProblemType(
    "RC057", "engine-not-installed", "Engine not installed",
    "The engine asked for is known, but its package is not installed in this environment (duckdb, pyspark and "
    "polars are extras). The rules cannot run on it, and falling back to another engine would not be what was asked for.",
    template="engine {engine!r} is not installed ({detail})", hint="pip install 'reconcile[{extra}]', or run without --engine (the python default)",
    fields=("engine", "detail", "extra"), sample={"engine": "pyspark", "detail": "No module named 'pyspark'", "extra": "spark"},
    scope="command line",
)  # fmt: skip

ENGINE_FAILED_TO_START = ProblemType(
    "RC058", "engine-failed-to-start", "Engine failed to start",
    "The engine's package is installed but the engine did not start: Spark without Java, or a cluster "
    "(SPARK_REMOTE, RECONCILE_SPARK_MASTER) that cannot be reached. Nothing is checked.",
    template="engine {engine!r} failed to start: {detail}",
    hint="for pyspark, install Java 17 (java must be on PATH) and check SPARK_REMOTE / RECONCILE_SPARK_MASTER; or run without --engine (the python default)",
    fields=("engine", "detail"), sample={"engine": "pyspark", "detail": "Java gateway process exited before sending its port number"},
    scope="command line",
)  # fmt: skip

# --- reference sources ----------------------------------------------------------------------

INVALID_REFERENCE_SOURCE = ProblemType(
    "RC070", "invalid-reference-source", "Invalid reference source",
    "A reference source file (references/*.yaml) is not valid YAML, or not a mapping of its keys. It describes how "
    "an official table becomes figures; unreadable, none of that table can be used.",
    template="{detail}", hint="see docs/references.md for the reference source format",
    fields=("detail",), sample={"detail": "invalid YAML: mapping values are not allowed here"},
    scope="reference",
)  # fmt: skip

UNKNOWN_REFERENCE_KEY = ProblemType(
    "RC071", "unknown-reference-key", "Unknown reference source key",
    "A reference source names a key reconcile does not know, usually a typo. Its setting would be ignored, so the "
    "reference is refused.",
    template="unknown key {key!r} in {what}", hint="known keys: {keys}",
    fields=("key", "what", "keys"), sample={"key": "scal", "what": "the reference source", "keys": "id, title, scale"},
    suggests=True,
    example=Example("scal: million\n", "scale: million\n"),
    scope="reference",
)  # fmt: skip

MISSING_REFERENCE_KEY = ProblemType(
    "RC072", "missing-reference-key", "Missing reference source key",
    "A reference source lacks a key it needs (id, title, publisher, data, format, subject, period, values, vintage, "
    "unit, scale), so its cells cannot become figures.",
    template="{what} needs `{key}`", hint="add `{key}:`",
    fields=("what", "key"), sample={"what": "the reference source", "key": "vintage"},
    scope="reference",
)  # fmt: skip

REFERENCE_DATA_UNREADABLE = ProblemType(
    "RC073", "reference-data-unreadable", "Reference data unreadable",
    "The data file a reference source names does not exist inside the references folder, matches no file, lies "
    "outside the folder, or cannot be read in the declared format. Its figures would be missing silently.",
    template="data {data!r}: {detail}", hint="name a file inside the references folder ({folder})",
    fields=("data", "detail", "folder"), sample={"data": "census/2024.json", "detail": "no such file", "folder": "../shared/reference"},
    scope="reference",
)  # fmt: skip

REFERENCE_COLUMN_MISSING = ProblemType(
    "RC074", "reference-column-missing", "Reference column missing",
    "The mapping names a column the data file does not have (a typo, or a file of another layout). Every figure of "
    "that column would be missing.",
    template="{data} has no column {column!r}", hint="columns: {known}",
    fields=("data", "column", "known"), sample={"data": "census/2024.json", "column": "balance", "known": "country_code, year, balance_year"},
    suggests=True,
    scope="reference",
)  # fmt: skip

REFERENCE_CELL_NOT_A_NUMBER = ProblemType(
    "RC075", "reference-cell-not-a-number", "Reference cell is not a number",
    "A cell of a value column is neither a number nor empty (or a monthly array does not hold 12 numbers). The "
    "figure cannot be compared, and dropping it would hide a broken table.",
    template="{data} row {row}, column {column!r}: {value!r} is not a number",
    hint="fix the data file, or drop the row with a reason (`drop_rows:`)",
    fields=("data", "row", "column", "value"), sample={"data": "census/2024.csv", "row": 12, "column": "Exports", "value": "n/a"},
    scope="reference",
)  # fmt: skip

UNMAPPED_REFERENCE_SUBJECT = ProblemType(
    "RC076", "unmapped-reference-subject", "Unmapped reference subject",
    "Subject codes or names in the data file resolve to no known entity and no `map:` or `drop:` entry covers them. "
    "Their figures would be lost without a word, so each must be mapped to an entity or dropped with a reason.",
    template="{data}: subjects {codes} resolve to no entity", hint="add them to `subject.map` (code: entity) or `subject.drop` with a reason",
    fields=("data", "codes"), sample={"data": "census/2024.json", "codes": "'XKX', 'XWB'"},
    example=Example("subject:\n  column: country_code\n", "subject:\n  column: country_code\n  drop:\n    - value: XKX\n      reason: Kosovo has no ISO 3166 code\n"),
    scope="reference",
)  # fmt: skip

DUPLICATE_REFERENCE_FIGURE = ProblemType(
    "RC077", "duplicate-reference-figure", "Duplicate reference figure",
    "Two cells give the same figure (subject, metric, period) for the same basis, adjustment and vintage. One "
    "table cannot state two values of one statistic; keeping either would be a guess.",
    template="{data}: {value} is given by row {row} and again by {detail}",
    hint="drop one of the rows with a reason, or map the subjects apart",
    fields=("data", "value", "row", "detail"), sample={"data": "census/2024.csv", "value": "WORLD goods_balance 2024", "row": 3, "detail": "row 10"},
    scope="reference",
)  # fmt: skip

INVALID_REFERENCE_VALUE = ProblemType(
    "RC078", "invalid-reference-value", "Invalid reference source value",
    "A key of a reference source has a value that cannot be used: an unknown metric, unit, scale, basis or "
    "adjustment, a period or vintage that is not a date, a wrong type.",
    template="`{key}`: {value!r} {detail}", hint="{choices}",
    fields=("key", "value", "detail", "choices"),
    sample={"key": "basis", "value": "customs", "detail": "is not a known basis", "choices": "use one of: census, bop"},
    suggests=True,
    scope="reference",
)  # fmt: skip

REFERENCES_FOLDER_MISSING = ProblemType(
    "RC079", "references-folder-missing", "References folder missing",
    "Reference sources are configured (a references/ folder of *.yaml), but the data folder they read from "
    "(`references` in the configuration, or --references) does not exist. Checking without them would silently "
    "give no verdicts.",
    template="references folder {folder} does not exist ({origin})", hint="pass --references DIR, or fix `references` in the configuration",
    fields=("folder", "origin"), sample={"folder": "../shared/reference", "origin": "references in pyproject.toml"},
    scope="command line",
)  # fmt: skip

# --- the command line ---------------------------------------------------------------------

PATH_NOT_FOUND = ProblemType(
    "RC060", "path-not-found", "Path not found",
    "A file or folder named on the command line does not exist. Nothing is checked, so that a mistyped path does "
    "not pass for a clean run.",
    template="{path}: no such file or directory",
    fields=("path",), sample={"path": "claim/"},
    variants=(Variant("document", "{path}: no such document", "", "`reconcile draft` is given a DOCUMENT that does not exist"),),
    scope="command line",
)  # fmt: skip

NO_CLAIM_FILES = ProblemType(
    "RC061", "no-claim-files", "No claim files",
    "The paths given hold no claim files (*.yaml or *.yml). A run over nothing would find no discrepancies and "
    "look like a clean result.",
    template="{paths}: no claim files (*.yaml) found",
    fields=("paths",), sample={"paths": "claims/"},
    scope="command line",
)  # fmt: skip

DOCUMENTS_FOLDER_MISSING = ProblemType(
    "RC062", "documents-folder-missing", "Documents folder missing",
    "The documents folder (--documents, or documents in the configuration) does not exist, or a command that "
    "needs the documents was given none. Quotes are checked against the documents; without them that check would be skipped silently.",
    template="documents folder {folder} does not exist ({origin}); pass --documents DIR",
    fields=("folder", "origin"), sample={"folder": "../shared/seed", "origin": "--documents"},
    variants=(
        Variant("not-given", "coverage needs the documents: pass --documents DIR", "", "`reconcile coverage` is run without a documents folder"),
        Variant("not-a-folder", "documents folder {folder} is not a folder ({origin}); pass --documents DIR", "",
                "the documents path exists but is a file"),
    ),
    scope="command line",
)  # fmt: skip

NOT_A_REVISION = ProblemType(
    "RC063", "not-a-revision", "Not a git revision",
    "The value of --changed-since is not a revision of the claims' git repository, or looks like an option "
    "(it starts with '-'). It is refused before git sees it, so that it can never be read as an option that writes a file.",
    template="--changed-since: {revision!r} is not a git revision (a branch, tag or commit, e.g. origin/main)",
    fields=("revision",), sample={"revision": "--output=/tmp/x"},
    scope="command line",
)  # fmt: skip

CHANGED_SINCE_UNAVAILABLE = ProblemType(
    "RC064", "changed-since-unavailable", "No git repository for --changed-since",
    "--changed-since compares each claim file with an older git revision of it, which needs git and claim files "
    "inside a git repository. Without them no claim can be told apart as changed.",
    template="--changed-since {revision}: {file} is not in a git repository",
    fields=("revision", "file"), sample={"revision": "origin/main", "file": "claims/a.yaml"},
    variants=(Variant("no-git", "--changed-since needs git, which is not installed", "", "the git command is not found"),),
    scope="command line",
)  # fmt: skip

# --- the files reconcile writes -------------------------------------------------------------

CANNOT_WRITE_OUTPUT = ProblemType(
    "RC065", "cannot-write-output", "Cannot write an output file",
    "A file reconcile writes (-o, --html, the configured report, the baseline) cannot be written: the path is a "
    "folder, a part of it is a file, permission is denied or the disk is full. Nothing is half-written: a file "
    "that was there keeps its old content.",
    template="cannot write {path}: {reason}",
    hint="give a file path in a folder you can write to (and check the disk has space)",
    fields=("path", "reason"), sample={"path": "reports/", "reason": "it is a folder"},
    scope="output",
)  # fmt: skip

CANNOT_READ_BASELINE = ProblemType(
    "RC066", "cannot-read-baseline", "Cannot read the baseline",
    "The baseline of accepted discrepancies exists but cannot be read: it is a folder, permission is denied, or "
    "it is not UTF-8 text. The run cannot tell which findings were accepted, so it stops rather than report them all as new.",
    template="cannot read baseline {path}: {reason}",
    hint="give the baseline file with --baseline FILE, or run with --no-baseline",
    fields=("path", "reason"), sample={"path": "reconcile-baseline.yaml", "reason": "it is a folder"},
    scope="output",
)  # fmt: skip

OPTION_NOT_APPLICABLE = ProblemType(
    "RC067", "option-not-applicable", "Option does not apply",
    "An option was given where it has no effect: --format, -o or --fail-on on `validate` without --documents "
    "(plain validate checks the schemas and writes no report), or --show-defaults with a machine format on stdout, "
    "which its text lines would corrupt. Ignoring it would look like it had been applied.",
    template="{option} only applies with {needs}",
    fields=("option", "needs"), sample={"option": "--format", "needs": "--documents DIR (plain validate checks the schemas only)"},
    scope="command line",
)  # fmt: skip


# --- claims tables (CSV, Parquet; reconcile.loader.tabular) ----------------------------------

TABULAR_READER_MISSING = ProblemType(
    "RC090", "tabular-reader-missing", "Parquet reader not installed",
    "A Parquet claims file was given, but pyarrow, which reads Parquet, is not installed. CSV claims need "
    "nothing beyond reconcile itself; Parquet needs the `tabular` extra. The file is not skipped: its claims would be missing from every check.",
    template="not read: reading Parquet needs pyarrow, which is not installed",
    hint="pip install 'reconcile[tabular]', or write the claims as CSV or YAML",
    scope="file",
)  # fmt: skip

UNREADABLE_TABLE = ProblemType(
    "RC091", "unreadable-table", "Claims table cannot be read",
    "A CSV or Parquet claims file is not a well-formed table: a CSV row with more or fewer cells than the header, "
    "a NUL byte, a quote that is never closed, or a .parquet file that is not Parquet. A row that cannot be split "
    "into its columns cannot be told apart from its neighbours, so it is refused rather than guessed.",
    template="row has {cells} cells but the header has {columns} ({detail})",
    hint="give every row one cell per header column (quote a cell that holds a comma)",
    fields=("cells", "columns", "detail", "column_no"), sample={"cells": 6, "columns": 5, "detail": "id, subject, value, quote, line", "column_no": 12},
    variants=(
        Variant("nul", "NUL byte in the file (column {column_no} of this line)", "a text file has no NUL bytes: export the table as CSV (UTF-8) again",
                "the file holds a NUL byte"),
        Variant("csv", "not valid CSV: {detail}", "close every quoted cell with '\"', and write a quote inside one as '\"\"'",
                "Python's csv reader refuses the text (an unclosed quote, a cell too long)"),
        Variant("parquet", "not a Parquet file: {detail}", "write the table with a Parquet writer, or give the file its own suffix (.csv, .yaml)",
                "a .parquet file is not Parquet, or is damaged"),
    ),
    example=Example("id,subject,value,quote,line\nusid-china,China,-295.4,China: -$295.4 billion,9,extra\n",
                    "id,subject,value,quote,line\nusid-china,China,-295.4,China: -$295.4 billion,9\n", language="csv"),
    scope="claim",
)  # fmt: skip

MISSING_COLUMN = ProblemType(
    "RC092", "missing-column", "Required column missing",
    "A claims table has no column for a key every claim needs (id, value, quote, line). Each row would lack it, "
    "so the table is refused once, at its header, instead of once per row.",
    template="the claims table has no {key!r} column",
    hint="add the column {key!r} to the header (columns are named like the YAML keys, see docs/claim-format.md)",
    fields=("key",), sample={"key": "quote"},
    example=Example("id,subject,metric,period,value,line\n", "id,subject,metric,period,value,quote,line\n", language="csv"),
    scope="file",
)  # fmt: skip

SIDECAR_MISSING = ProblemType(
    "RC093", "sidecar-missing", "Source sidecar missing",
    "A CSV or Parquet claims file has no sidecar NAME.source.yaml beside it. A table holds only claims; the source "
    "block (document, sha256, lineage, published), defaults, rankings and skips come from the sidecar, and without "
    "them no claim can be checked against its document.",
    template="no source sidecar {sidecar} for this claims table",
    hint="write {sidecar} with a source: block (and optional defaults:, rankings:, skip:), as in a YAML claim file without claims:",
    fields=("sidecar",), sample={"sidecar": "claims/example.source.yaml"},
    scope="file",
)  # fmt: skip

COLUMN_NOT_TEXT = ProblemType(
    "RC094", "column-not-text", "Column is not text",
    "A Parquet claims column has a type that does not keep a figure as published: a floating-point value column "
    "turns 35.40 into 35.4 and 0.1 into 0.1000000000000000055, so its rounding cannot be judged. Columns must be "
    "strings (integers and decimals are exact and allowed; parts may be a list of strings).",
    template="column {column!r} has type {detail}, which does not keep the figures as published",
    hint="write the column as strings (pyarrow: pa.string()), the figures exactly as the document prints them",
    fields=("column", "detail"), sample={"column": "value", "detail": "double"},
    scope="file",
)  # fmt: skip


CATALOGUE: dict[str, ProblemType] = {
    t.code: t for t in sorted((v for v in dict(globals()).values() if isinstance(v, ProblemType)), key=lambda t: t.code)
}

# The schema check (by its name in schemas/claims.py) -> the problem it reports.
SCHEMA_CHECKS: dict[str, ProblemType] = {
    "id_format": INVALID_ID, "id_unique": DUPLICATE_ID, "required": REQUIRED_KEY_MISSING,
    "known_kind": UNKNOWN_KIND, "known_metric": UNKNOWN_METRIC, "known_unit": UNKNOWN_UNIT,
    "known_scale": UNKNOWN_SCALE, "known_qualifier": UNKNOWN_QUALIFIER, "known_lineage": UNKNOWN_LINEAGE,
    "known_perspective": UNKNOWN_PERSPECTIVE, "known_status": UNKNOWN_STATUS, "known_per": UNKNOWN_AVERAGING_PERIOD,
    "valid_period": INVALID_PERIOD, "number_literal": NOT_A_NUMBER, "known_entity": UNKNOWN_ENTITY,
    "non_empty_quote": EMPTY_QUOTE, "positive_line": LINE_NOT_A_NUMBER, "known_ranking": UNDECLARED_RANKING,
    "valid_precision": INVALID_PRECISION, "kind_keys": INVALID_FOR_KIND, "metric_unit": UNIT_MISMATCH,
    "sha256_format": INVALID_SHA256, "date_format": INVALID_DATE, "known_order": UNKNOWN_RANKING_ORDER,
    "known_over": UNKNOWN_RANKING_AXIS, "known_among": UNKNOWN_RANKING_POPULATION,
    "known_group": UNKNOWN_RANKING_GROUP, "group_members": RANKING_GROUP_WITHOUT_MEMBERS,
    "document_name": DOCUMENT_OUTSIDE_FOLDER, "known_basis": UNKNOWN_BASIS, "known_adjustment": UNKNOWN_ADJUSTMENT,
    "valid_vintage": INVALID_VINTAGE, "share_total": SHARE_WITHOUT_TOTAL, "share_figure": UNRESOLVABLE_SHARE_FIGURE,
    "known_share_entity": UNRESOLVABLE_SHARE_FIGURE, "residual_part": RESIDUAL_WITHOUT_PART,
    "relation_kind": RELATION_KEY_NOT_FOR_KIND,
}  # fmt: skip


def find(code_or_name: str) -> ProblemType | None:
    """The problem type with this code (RC014, rc014) or name (unknown-metric), or None."""
    key = str(code_or_name).strip()
    by_name = {t.name: t for t in CATALOGUE.values()}
    return CATALOGUE.get(key.upper()) or by_name.get(key.lower())


# A word longer than this gets no "did you mean": no key or name is that long, and difflib's
# matching grows with its length (a 2 MB value took 2 s).
MAX_SUGGEST_LENGTH = 64


def closest(word, choices, cutoff: float = 0.6) -> str | None:
    """The choice closest to ``word``, for "did you mean"; None when none is close or the word is too long to be a typo."""
    text = str(word)
    if len(text) > MAX_SUGGEST_LENGTH:
        return None
    match = difflib.get_close_matches(text, list(choices), n=1, cutoff=cutoff)
    return match[0] if match else None


def close_matches(word: str, choices, n: int = 1, cutoff: float = 0.7) -> list[str]:
    """Codes or names like ``word`` (case-insensitive), for "did you mean"."""
    if len(str(word)) > MAX_SUGGEST_LENGTH:
        return []
    lowered = {str(c).lower(): c for c in choices}
    return [lowered[m] for m in difflib.get_close_matches(str(word).strip().lower(), list(lowered), n=n, cutoff=cutoff)]


# --- explaining: `reconcile explain CODE` and docs/problems.md ------------------------------------


def sample_text(ptype: ProblemType, variant: str | None = None) -> str:
    """The problem as an analyst would see it, its fields filled with the catalogue's sample values."""
    where = SCOPES[ptype.scope][1]
    if where is None:
        message, hint = ptype.fill(variant=variant, **ptype.sample)
        return f"reconcile: {message}" + (f" — {hint}" if hint else "")
    return str(ptype.at(*where, variant=variant, **ptype.sample))


def _variant_lines(ptype: ProblemType) -> list[str]:
    out = []
    for v in ptype.variants:
        out.append(f"  when {v.when}:")
        out.append(f"    message  {v.template}")
        if v.hint:
            out.append(f"    hint     {v.hint}")
    return out


def explain(ptype: ProblemType) -> str:
    """The plain-text explanation `reconcile explain` prints."""
    wrap = textwrap.TextWrapper(width=88)
    lines = [f"{ptype.code} {ptype.name} — {ptype.title}", "", wrap.fill(ptype.description), ""]
    lines.append(f"Found in: {SCOPES[ptype.scope][0]}")
    lines.append(f"Message:  {ptype.template}")
    lines.append(f"Hint:     {ptype.hint or '(none)'}")
    if ptype.suggests:
        lines.append("          or, when a known value is close: did you mean '...'?")
    if ptype.variants:
        lines.append("Also worded:")
        lines.extend(_variant_lines(ptype))
    if ptype.fields:
        lines.append("Fields:   " + ", ".join(ptype.fields))
    lines += ["", "Reported as:", f"    {sample_text(ptype)}"]
    if ptype.example:
        lines += ["", "Refused:", textwrap.indent(ptype.example.bad.rstrip("\n"), "  ")]
        lines += ["Fixed:", textwrap.indent(ptype.example.fix.rstrip("\n"), "  ")]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Markdown inline code that may itself hold backticks."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _anchor(ptype: ProblemType) -> str:
    return f"{ptype.code.lower()}-{ptype.name}"


def _doc_section(ptype: ProblemType) -> list[str]:
    out = [f"## {ptype.code} {ptype.name}", "", f"**{ptype.title}.** {ptype.description}", ""]
    out.append(f"- Found in: {SCOPES[ptype.scope][0]}")
    out.append(f"- Message: {_code(ptype.template)}")
    hint = _code(ptype.hint) if ptype.hint else "(none)"
    out.append(f"- Hint: {hint}" + (" — or `did you mean '...'?` when a known value is close" if ptype.suggests else ""))
    for v in ptype.variants:
        wording = f"message {_code(v.template)}" + (f", hint {_code(v.hint)}" if v.hint else ", no hint")
        out.append(f"- When {v.when}: {wording}")
    for name in ptype.fields:
        out.append(f"- Field `{name}`: {FIELDS[name]}")
    out += ["", "Reported as:", "", "```text", str(sample_text(ptype)), "```"]
    if ptype.example:
        fence = ptype.example.language
        out += ["", "Refused:", "", f"```{fence}", ptype.example.bad.rstrip("\n"), "```"]
        out += ["", "Fixed:", "", f"```{fence}", ptype.example.fix.rstrip("\n"), "```"]
    return out + [""]


def render_docs() -> str:
    """docs/problems.md: one table of every code, then a section per code."""
    out = [
        "# Input problems",
        "",
        "<!-- Generated from reconcile/problems.py by `python -m reconcile.problems --write-docs`; do not edit. -->",
        "",
        "An input problem means the claims cannot be used until it is fixed: `reconcile` stops before",
        "running any rule and exits with 2. Each is reported as `file:line: RCnnn message — hint`.",
        "`reconcile problems` lists them and `reconcile explain CODE` explains one. Rule findings",
        "(RC1xx–RC4xx) are a different thing: see `reconcile rules`.",
        "",
        "| code | name | title |",
        "|---|---|---|",
    ]
    out += [f"| [{t.code}](#{_anchor(t)}) | `{t.name}` | {t.title} |" for t in CATALOGUE.values()]
    out.append("")
    for ptype in CATALOGUE.values():
        out += _doc_section(ptype)
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reconcile.problems", description="The catalogue of input problems.")
    parser.add_argument("--write-docs", action="store_true", help=f"regenerate {DOCS_PATH.name} from the catalogue")
    parser.add_argument("--check-docs", action="store_true", help=f"exit 1 when {DOCS_PATH.name} is out of date")
    args = parser.parse_args(argv)
    text = render_docs()
    if args.write_docs:
        DOCS_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {DOCS_PATH}")
        return 0
    if args.check_docs:
        current = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.is_file() else ""
        return 0 if current == text else 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
