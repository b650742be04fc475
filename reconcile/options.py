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
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(literal(v, toml) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml_key(str(k)) if toml else k}{' = ' if toml else ': '}{literal(v, toml)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
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


@dataclass(frozen=True)
class Bands:
    """A declared table of bands: which relative gaps are expected between figures of two kinds.

    Keys name a pair of terms (``"census/bop"``; the order does not matter, and
    ``aliases`` maps a term to the one it stands for, bea to bop); values are
    ``[low, high]`` fractions (``[0.002, 0.025]`` = 0.2–2.5 %). What the
    configuration gives is merged over the default, pair by pair, and the
    parsed value is that merged table with its keys written canonically, so
    parsing it again gives it back.
    """

    default: dict
    help: str
    terms: tuple[str, ...]  # the words a key may pair
    aliases: dict = None  # term -> the term it stands for (bea -> bop)
    max: float = 1.0

    type = dict
    type_name = "table of bands"
    bounds = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "aliases", dict(self.aliases or {}))
        object.__setattr__(self, "default", self._table(self.default, Where("the declaration", ("default",))))

    @property
    def expected(self) -> str:
        return f'a table of "term/term" = [low, high] (fractions from 0 to {self.max:g}; terms: {", ".join(self.terms)})'

    def parse(self, value: object, where: Where) -> dict:
        """The default table with the given pairs set over it; ConfigError for a bad key or band."""
        return {**self.default, **self._table(value, where)}

    def _table(self, value: object, where: Where) -> dict:
        if not isinstance(value, dict):
            raise where.error(RC_TYPE, f"expected {self.expected}, got {shown(value)}", self._example(where))
        table: dict[str, list[float]] = {}
        given: dict[str, str] = {}
        for key, band in value.items():
            pair = self.pair_key(key, where / key)
            if pair in given:
                raise (where / key).error(RC_UNKNOWN_KEY, f"the pair {pair} is set twice (as {given[pair]!r} and {key!r})", "keep one")
            given[pair] = str(key)
            table[pair] = self._band(band, where / key)
        return dict(sorted(table.items()))

    def pair_key(self, key: object, where: Where) -> str:
        """The canonical key of a pair ("bea/census" -> "bop/census"): its two terms, aliases resolved, sorted."""
        words = str(key).split("/") if isinstance(key, str) else []
        if len(words) != 2 or not all(w.strip() for w in words):
            raise where.error(RC_UNKNOWN_KEY, "expected a pair of terms such as \"census/bop\"", f"terms: {', '.join(self.terms)}")
        pair = sorted(self.canonical(w.strip()) for w in words)
        for word in words:
            if word.strip() not in self.terms:
                hint = did_you_mean(word.strip(), self.terms)
                raise where.error(RC_UNKNOWN_KEY, f"unknown term {word.strip()!r}", f"{hint + ' ' if hint else ''}(terms: {', '.join(self.terms)})")
        if pair[0] == pair[1]:
            raise where.error(RC_RANGE, f"{key!r} pairs a term with itself", "name two different bases or lineages")
        return "/".join(pair)

    def canonical(self, term: str) -> str:
        return self.aliases.get(term, term)

    def _band(self, band: object, where: Where) -> list[float]:
        numbers = band if isinstance(band, (list, tuple)) else None
        if numbers is None or len(numbers) != 2 or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in numbers):
            raise where.error(RC_TYPE, f"expected [low, high], two numbers, got {shown(band)}", self._example(where))
        try:
            low, high = (float(x) for x in numbers)
        except OverflowError:
            low, high = math.inf, math.inf
        if not (math.isfinite(low) and math.isfinite(high) and 0 <= low <= high <= self.max):
            raise where.error(RC_RANGE, f"expected 0 <= low <= high <= {self.max:g}, got {shown(band)}", self._example(where))
        return [low, high]

    def _example(self, where: Where) -> str:
        key, band = next(iter(self.default.items()), ("census/bop", [0.002, 0.025]))
        return f"write for example {json.dumps(key)} = {literal(band)}" if where.toml else f"write for example {key}: {literal(band, False)}"


def config_name(python_name: str) -> str:
    """The key as written in the configuration: max_relative_change -> max-relative-change."""
    return python_name.replace("_", "-")


def parse_options(raw: dict, declared: dict[str, Option], where: Where, unknown_code: str = RC_UNKNOWN_OPTION, also=(),
                  retired: dict[str, str] | None = None) -> dict:
    """Declared options with their defaults, overridden by the raw settings (keys as in the config: - or _).

    An undeclared key raises ``unknown_code`` listing the known keys (``also``: the
    keys the caller handles itself, such as ``enabled`` and ``severity``); a key
    given twice (``max-relative-change`` and ``max_relative_change``) raises unknown-config-key.
    A ``retired`` option (Python name -> what replaced it and how to write that) raises
    unknown_code with that text: an option whose meaning changed is refused, never reread.
    """
    values = {name: option.default for name, option in declared.items()}
    given: dict[str, str] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name in (retired or {}):
            raise (where / key).error(unknown_code, "option retired", retired[name])
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
