"""Reading one claim file's bytes into a YAML node tree, and typing its scalars.

Only safe YAML is read: libyaml composes nodes (with their line marks) and no
Python object is ever constructed from them. Plain scalars are typed here with
YAML 1.1's own rules, except that numbers keep their exact text
(``NumberLiteral``): "63.0" is a different published figure from "63".
"""

from __future__ import annotations

import re

import yaml

from reconcile.numbers import NumberLiteral


# libyaml's base loader composes nodes in C and resolves no types: much faster
# than the pure-Python safe loader, and just as safe, since nothing is constructed.
class _SafeLoader(getattr(yaml, "CBaseLoader", yaml.BaseLoader)):
    _DEFAULT = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map"}

    def resolve(self, kind, value, implicit):  # untagged nodes are plain data; typing happens in typed_scalar()
        return self._DEFAULT[kind]


_YAML_NUMBER = re.compile(
    r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_YAML_NULLS = {"", "~", "null", "Null", "NULL"}
_YAML_BOOLS = {
    **dict.fromkeys(["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"], True),
    **dict.fromkeys(["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"], False),
}
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge")}


# What YAML (1.1, and libyaml) ends a line at besides \n and \r\n. Editors, GitHub and grep number
# lines by \n alone, so each of these would shift every later line, or end a comment early.
_ODD_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
BREAK_NAMES = {"\r": "CARRIAGE RETURN", "\x85": "NEXT LINE (NEL)", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def odd_line_breaks(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of the first unusual line break on each line that has one, lines counted by \n."""
    out, line, counted_to = [], 1, 0
    for m in _ODD_BREAKS.finditer(text):
        line += text.count("\n", counted_to, m.start())
        counted_to = m.start()
        if not out or out[-1][0] != line:
            column = m.start() - text.rfind("\n", 0, m.start())  # 1-based: rfind is -1 on the first line
            out.append((line, column, m[0]))
    return out


def compose(text: str) -> list:
    """Every YAML document in the text as a node tree (None for empty ones); raises yaml.YAMLError."""
    return list(yaml.compose_all(text, Loader=_SafeLoader))


def line_of(node) -> int:
    return node.start_mark.line + 1


def typed_scalar(node):
    """The Python value of a scalar node: NumberLiteral, None, bool or str (dates stay ISO text)."""
    text = node.value
    if node.style not in (None, ""):  # quoted or block: always a string, "140.5" included
        return text
    if _YAML_NUMBER.match(text):
        return NumberLiteral(text)
    if text in _YAML_NULLS:
        return None
    if text in _YAML_BOOLS:
        return _YAML_BOOLS[text]
    return text


def foreign_tags(root) -> list:
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
    return sorted(out, key=line_of)


def yaml_error_at(text: str, exc: yaml.YAMLError) -> tuple[int, str | None, str]:
    """(line, wording, detail) for a YAML syntax error: the wording is None, "tab" or "tag" (see problems.INVALID_YAML)."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark else _reader_error_line(text, exc)
    line = min(line, text.count("\n") + 1)  # libyaml may place an error at end of input one line past the last
    what = getattr(exc, "problem", None) or str(exc).split("\n")[0]  # a ReaderError's own text ends with its byte offset
    context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and context_mark and mark and context_mark.line != mark.line:
        # "[census" unclosed is noticed a line later: say where the construct began.
        what = f"{what} ({context} that starts on line {context_mark.line + 1})"
    lines = text.splitlines()
    bad_line = lines[line - 1] if mark and line - 1 < len(lines) else ""
    if "\t" in what or "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())]:
        return line, "tab", what
    return line, ("tag" if isinstance(exc, yaml.constructor.ConstructorError) else None), what


def _reader_error_line(text: str, exc: yaml.YAMLError) -> int:
    """The line of a character YAML refuses (a NUL, a control character): its error has a position, not a mark."""
    position = getattr(exc, "position", None)
    if not isinstance(position, int):
        return 1
    if issubclass(_SafeLoader, getattr(yaml, "CBaseLoader", ())):  # libyaml counts UTF-8 bytes
        return text.encode("utf-8", "surrogatepass")[:position].count(b"\n") + 1
    return text.count("\n", 0, position) + 1
