"""Typed options: what a rule (or the configuration) accepts, checked when the configuration is read.

A rule module declares its options once::

    OPTIONS = {"max_relative_change": Option(float, 0.35, "largest plausible change ...", min=0, max=100)}

and everything else is derived from the declaration: the configuration key
(``max-relative-change``), its validation (``Option.parse``), and the options
table of ``reconcile rule CODE``, ``docs/rules.md`` and the SARIF rule help.

Every configuration error is a ``ConfigError`` whose message has one shape::

    <config file>: RC05x <key path>: <what is wrong> — <how to fix>
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, replace

from reconcile import problems as P

# The configuration's problem codes, from the catalogue (reconcile/problems.py).
RC_SYNTAX = P.INVALID_CONFIG_SYNTAX.code
RC_UNKNOWN_KEY = P.UNKNOWN_CONFIG_KEY.code
RC_TYPE = P.CONFIG_WRONG_TYPE.code
RC_UNKNOWN_RULE = P.UNKNOWN_RULE.code
RC_UNKNOWN_OPTION = P.UNKNOWN_RULE_OPTION.code
RC_RANGE = P.CONFIG_VALUE_OUT_OF_RANGE.code


class ConfigError(Exception):
    """An unusable configuration (exit 2). ``code`` is the problem code, ``path`` the file, ``key`` the key path."""

    def __init__(self, message: str, code: str = "", path: str = "", key: str = "") -> None:
        super().__init__(message)
        self.code, self.path, self.key = code, path, key


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


@dataclass(frozen=True)
class Where:
    """A place in a configuration file: the file and the keys that lead to a value.

    ``toml`` places are inside ``[tool.reconcile]`` of pyproject.toml and are shown
    as TOML tables (``[tool.reconcile.rules.RC203] max-relative-change``);
    reconcile.yaml places are shown as dotted paths (``rules.RC203.max-relative-change``).
    """

    file: str = "configuration"
    keys: tuple[str, ...] = ()
    toml: bool = False

    def __truediv__(self, key: object) -> Where:
        return replace(self, keys=(*self.keys, str(key)))

    @property
    def key_path(self) -> str:
        if not self.toml:
            return ".".join(self.keys) or "(top level)"
        table = ".".join(_toml_key(k) for k in ("tool", "reconcile", *self.keys[:-1]))
        return f"[{table}] {_toml_key(self.keys[-1])}" if self.keys else f"[{table}]"

    def assignment(self, value: object) -> str:
        """How a value is written at this place: ``key = 0.35`` in TOML, ``key: 0.35`` in YAML."""
        key = self.keys[-1] if self.keys else "key"
        return f"{_toml_key(key)} = {literal(value, True)}" if self.toml else f"{key}: {literal(value, False)}"

    def error(self, code: str, what: str, fix: str) -> ConfigError:
        return ConfigError(f"{self.file}: {code} {self.key_path}: {what} — {fix}", code, self.file, self.key_path)


def literal(value: object, toml: bool = True) -> str:
    """A value as it is written in the configuration file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if toml else value
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def did_you_mean(word: str, candidates, quote: bool = True) -> str:
    """A "did you mean 'x'?" for the closest candidate; "" when none is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6) if len(str(word)) <= 64 else []
    if not close:
        return ""
    return f"did you mean {close[0]!r}?" if quote else f"did you mean {close[0]}?"


def shown(value: object) -> str:
    """A bad value in a message: its repr, shortened."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


KINDS = {float: ("number", "a number"), int: ("integer", "a whole number"), bool: ("boolean", "true or false"), str: ("string", "a string")}
_WRONG = object()


@dataclass(frozen=True)
class Option:
    """One declared option: its type, default, inclusive bounds or choices, and a one-line help text."""

    type: type
    default: object
    help: str
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.type not in KINDS:
            raise TypeError(f"Option type must be float, int, bool or str, not {self.type!r}")
        if self.choices and self.type is not str:
            raise TypeError("only a str option has choices")
        if (self.min is not None or self.max is not None) and self.type not in (int, float):
            raise TypeError("only a number has bounds")
        self.parse(self.default, Where("the declaration", ("default",)))

    @property
    def type_name(self) -> str:
        """The type as the documentation shows it: number, integer, boolean, string, or the choices."""
        if self.choices:
            return " | ".join(repr(c) for c in self.choices)
        return KINDS[self.type][0]

    @property
    def bounds(self) -> str:
        """The allowed range in words ("0 to 100", "2 or more"), "" when unbounded."""
        lo, hi = (None if b is None else f"{b:g}" for b in (self.min, self.max))
        if lo is not None and hi is not None:
            return f"{lo} to {hi}"
        if lo is not None:
            return f"{lo} or more"
        return f"at most {hi}" if hi is not None else ""

    @property
    def expected(self) -> str:
        """What a valid value is, for messages: "a number between 0 and 100"."""
        if self.choices:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        kind = KINDS[self.type][1]
        lo, hi = (None if b is None else f"{b:g}" for b in (self.min, self.max))
        if lo is not None and hi is not None:
            return f"{kind} between {lo} and {hi}"
        if lo is not None:
            return f"{kind} of {lo} or more"
        return f"{kind} of at most {hi}" if hi is not None else kind

    def parse(self, value: object, where: Where) -> object:
        """The value, checked: of the declared type (ints are numbers, bools are not) and within range.

        Raises ConfigError config-wrong-type for a wrong type, config-value-out-of-range for a value out of range
        (including NaN and infinity, and a string that is not one of the choices).
        """
        typed = self._typed(value)
        fix = f"write for example {where.assignment(self.default)} (the default)"
        if typed is _WRONG:
            raise where.error(RC_TYPE, f"expected {self.expected}, got {shown(value)}", fix)
        if not self._in_range(typed):
            hint = did_you_mean(typed, self.choices) if self.choices else ""
            raise where.error(RC_RANGE, f"expected {self.expected}, got {shown(value)}", hint or fix)
        return typed

    def _typed(self, value: object) -> object:
        if isinstance(value, bool) or self.type is bool:
            return value if isinstance(value, bool) and self.type is bool else _WRONG
        if self.type is float and isinstance(value, (int, float)):
            try:
                return float(value)
            except OverflowError:  # an int too large for a float: out of any range
                return math.inf
        return value if isinstance(value, self.type) else _WRONG

    def _in_range(self, value: object) -> bool:
        if self.choices:
            return value in self.choices
        if self.type not in (int, float):
            return True
        if isinstance(value, float) and not math.isfinite(value):
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


def config_name(python_name: str) -> str:
    """The key as written in the configuration: max_relative_change -> max-relative-change."""
    return python_name.replace("_", "-")


def parse_options(raw: dict, declared: dict[str, Option], where: Where, unknown_code: str = RC_UNKNOWN_OPTION, also=()) -> dict:
    """Declared options with their defaults, overridden by the raw settings (keys as in the config: - or _).

    An undeclared key raises ``unknown_code`` listing the known keys (``also``: the
    keys the caller handles itself, such as ``enabled`` and ``severity``); a key
    given twice (``max-relative-change`` and ``max_relative_change``) raises unknown-config-key.
    """
    values = {name: option.default for name, option in declared.items()}
    given: dict[str, str] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in declared:
            raise _unknown_key(key, [*also, *map(config_name, declared)], where / key, unknown_code)
        if name in given:
            raise (where / key).error(RC_UNKNOWN_KEY, f"{config_name(name)} is set twice (as {given[name]!r} and {key!r})", "keep one")
        given[name] = str(key)
        values[name] = declared[name].parse(value, where / key)
    return values


def _unknown_key(key: object, known: list[str], where: Where, code: str) -> ConfigError:
    what = "unknown option" if code == RC_UNKNOWN_OPTION else "unknown key"
    hint = did_you_mean(str(key).replace("_", "-"), known)
    listing = f"known: {', '.join(known)}" if known else "nothing can be set here"
    return where.error(code, what, f"{hint} ({listing})" if hint else listing)
