"""Rule documentation rendered from the RuleSpecs: `reconcile rule CODE`, SARIF help and docs/rules.md.

``docs/rules.md`` is generated: ``reconcile rules --markdown > docs/rules.md``
(a test checks that the committed file is what this module writes).
"""

from __future__ import annotations

import textwrap

from reconcile.options import Option, config_name, literal
from reconcile.rules import SECTIONS, RuleSpec, specs

REGENERATE = "reconcile rules --markdown > docs/rules.md"
VERBATIM = {"Example"}  # sections whose lines are kept as they are (PASS/FAIL lines)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def ordered_sections(spec: RuleSpec) -> list[tuple[str, str]]:
    """The known sections in their canonical order, then any others in docstring order."""
    known = [(title, spec.sections[title]) for title in SECTIONS if title in spec.sections]
    return known + [(title, body) for title, body in spec.sections.items() if title not in SECTIONS]


def option_row(name: str, option: Option) -> dict[str, str]:
    """One option as the documentation shows it (the name as written in the configuration)."""
    return {"name": config_name(name), "type": option.type_name, "default": literal(option.default),
            "range": option.bounds, "help": option.help}  # fmt: skip


def where_to_configure(spec: RuleSpec) -> str:
    return f"[tool.reconcile.rules.{spec.code}] in pyproject.toml, or rules: {spec.code}: in reconcile.yaml"


# --- plain text: `reconcile rule CODE`, SARIF help.text ------------------------------------------


def text(spec: RuleSpec) -> str:
    """The rule's documentation as `reconcile rule CODE` prints it."""
    head = f"{spec.code} {spec.name}  (default severity: {spec.default_severity})\n{sentence(spec.summary)}"
    if spec.needs_documents:
        head += " Needs the documents (--documents)."
    parts = [head, *(f"{title}\n{textwrap.indent(body, '    ')}" for title, body in ordered_sections(spec))]
    parts.append(_options_text(spec))
    return "\n\n".join(parts) + "\n"


def _options_text(spec: RuleSpec) -> str:
    lines = [f"Options (set under {where_to_configure(spec)})"]
    for name, option in spec.options.items():
        row = option_row(name, option)
        kind = ", ".join(x for x in (row["type"], row["range"]) if x)
        lines.append(f"    {row['name']} = {row['default']}  ({kind})")
        lines.append(textwrap.fill(sentence(row["help"]) + ".", 88, initial_indent=" " * 8, subsequent_indent=" " * 8))
    every = "severity (error, warning or info) and enabled (true or false)"
    lines.append(f"    Every rule also takes {every}." if spec.options else f"    None but {every}, which every rule takes.")
    return "\n".join(lines)


# --- markdown: docs/rules.md, SARIF help.markdown ----------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _anchor(spec: RuleSpec) -> str:
    return f"#{spec.code.lower()}-{spec.name}"


def _section_markdown(title: str, body: str, level: int) -> str:
    if title in VERBATIM:
        return f"{'#' * level} {title}\n\n```text\n{body}\n```"
    return f"{'#' * level} {title}\n\n{body}"


def _options_markdown(spec: RuleSpec, level: int) -> str:
    head = f"{'#' * level} Options\n\nSet under `[tool.reconcile.rules.{spec.code}]` in pyproject.toml (or `rules: {spec.code}:` in reconcile.yaml)"
    if not spec.options:
        return head + ": none besides `severity` and `enabled`."
    rows = [option_row(name, option) for name, option in spec.options.items()]
    table = ["| option | type | default | range | description |", "|---|---|---|---|---|"]
    table += [f"| `{r['name']}` | {_cell(r['type'])} | `{_cell(r['default'])}` | {_cell(r['range']) or '—'} | {_cell(r['help'])} |" for r in rows]
    return head + ", besides `severity` and `enabled`:\n\n" + "\n".join(table)


def rule_markdown(spec: RuleSpec, level: int = 2) -> str:
    """One rule's documentation in Markdown, its heading at ``level``."""
    needs = " Needs the documents (`--documents`)." if spec.needs_documents else ""
    parts = [f"{'#' * level} {spec.code} {spec.name}", f"{sentence(spec.summary)}\n\nDefault severity: **{spec.default_severity}**.{needs}"]
    parts += [_section_markdown(title, body, level + 1) for title, body in ordered_sections(spec)]
    parts.append(_options_markdown(spec, level + 1))
    return "\n\n".join(parts)


def markdown() -> str:
    """docs/rules.md: a table of every rule, then each rule's documentation and options."""
    rules = list(specs().values())
    lines = [
        "# Rules",
        "",
        f"<!-- Generated from the rule modules (reconcile/rules/rc*.py) by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "Every rule takes `enabled` (true or false) and `severity` (error, warning or info) under",
        "`[tool.reconcile.rules.CODE]` in pyproject.toml, or `rules: {CODE: ...}` in reconcile.yaml (the rule's",
        "name works as well as its code), besides the options listed with it. `reconcile rule CODE` prints",
        "the same documentation.",
        "",
        "| code | name | default severity | summary |",
        "|---|---|---|---|",
        *(f"| [{s.code}]({_anchor(s)}) | {s.name} | {s.default_severity} | {_cell(sentence(s.summary))} |" for s in rules),
    ]
    return "\n".join(lines) + "\n\n" + "\n\n".join(rule_markdown(s) for s in rules) + "\n"
