"""The rule registry: one module per rule, found by its code.

A rule module defines ``CODE``, ``NAME``, ``DEFAULT_SEVERITY``, ``OPTIONS`` (a
mapping of Python names to ``reconcile.options.Option`` declarations),
optionally ``NEEDS_DOCUMENTS``, and ``check(ctx, options)`` yielding findings.
Its docstring is the rule's documentation: a one-line summary, then the
sections ``What it does``, ``Why is this bad?``, ``Example`` (a PASS and a FAIL)
and ``Use instead``, each a title on its own line and an indented body. The
registry reads both into one ``RuleSpec`` per rule; ``reconcile rule CODE``,
``reconcile rules``, SARIF and ``docs/rules.md`` are all rendered from it.
Severity is the configuration's business: the default is only where
configuration starts.

Codes by family:
  RC1xx provenance (the quote and the document)
  RC2xx consistency (the same figure told twice)
  RC3xx arithmetic (identities, totals, averages, growth)
  RC4xx ranks, records and counts
  RC5xx official figures (claims judged by the reference tables)
"""

from __future__ import annotations

import importlib
import pkgutil
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType, ModuleType

from reconcile.model import Severity
from reconcile.options import RC_UNKNOWN_RULE, ConfigError, Option, did_you_mean

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


@dataclass(frozen=True)
class RuleSpec:
    """Everything known about a rule, from one place: its module's constants, docstring and OPTIONS."""

    code: str
    name: str
    default_severity: Severity
    summary: str  # the docstring's first line: one sentence, without code or name
    sections: Mapping[str, str]  # section title -> body (dedented), in docstring order
    options: Mapping[str, Option]  # Python name -> declaration
    needs_documents: bool
    module: ModuleType = field(repr=False, compare=False)

    @property
    def headline(self) -> str:
        """``RC201 cross-source-conflict: <summary>``."""
        return f"{self.code} {self.name}: {self.summary}"


def parse_docstring(doc: str | None) -> tuple[str, dict[str, str]]:
    """(summary, {section title: body}) of a rule docstring."""
    lines = textwrap.dedent("\n".join((doc or "").strip().splitlines()[1:])).splitlines()
    summary = (doc or "").strip().splitlines()[0].strip() if (doc or "").strip() else ""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        if line.strip() and not line[0].isspace():
            current = sections.setdefault(line.strip(), [])
        elif current is not None:
            current.append(line)
    return summary, {title: textwrap.dedent("\n".join(body)).strip() for title, body in sections.items()}


def _spec(module: ModuleType) -> RuleSpec:
    summary, sections = parse_docstring(module.__doc__)
    return RuleSpec(
        code=module.CODE,
        name=module.NAME,
        default_severity=Severity.parse(module.DEFAULT_SEVERITY),
        summary=summary,
        sections=MappingProxyType(sections),
        options=MappingProxyType(dict(getattr(module, "OPTIONS", {}) or {})),
        needs_documents=bool(getattr(module, "NEEDS_DOCUMENTS", False)),
        module=module,
    )


@lru_cache(maxsize=1)
def all_rules() -> dict[str, ModuleType]:
    rules = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("rc"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules[module.CODE] = module
    return dict(sorted(rules.items()))


@lru_cache(maxsize=1)
def specs() -> dict[str, RuleSpec]:
    """Every rule's RuleSpec, by code, in code order."""
    return {code: _spec(module) for code, module in all_rules().items()}


def spec(rule: str | ModuleType) -> RuleSpec:
    """The RuleSpec of a module or of a code (KeyError if there is none)."""
    return specs()[rule if isinstance(rule, str) else rule.CODE]


def find(code_or_name: str) -> ModuleType | None:
    key = str(code_or_name).strip()
    for code, module in all_rules().items():
        if key.upper() == code or key.lower() == module.NAME:
            return module
    return None


def summary(module: ModuleType) -> str:
    """The rule's summary sentence (the docstring's first line)."""
    return spec(module).summary


def suggestion(word: str) -> str:
    """A "did you mean 'RC201'?" for a mistyped code or name; "" when nothing is close."""
    word = str(word).strip()
    by_code = did_you_mean(word.upper(), specs())
    return by_code or did_you_mean(word.lower(), [s.name for s in specs().values()])


def matching(text: str) -> set[str]:
    """The codes a --select/--ignore value names: a code, a name, or a family prefix (RC2, RC20)."""
    module = find(text)
    if module is not None:
        return {module.CODE}
    prefix = str(text).strip().upper()
    return {code for code in specs() if prefix.startswith("RC") and code.startswith(prefix)}


def resolve_selection(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> frozenset[str]:
    """The codes to run: every rule (or those --select names) minus those --ignore names.

    Each value is a code, a name or a family prefix matching at least one rule;
    anything else raises ConfigError unknown-rule with a did-you-mean.
    """
    chosen = set(specs()) if not select else set().union(*(_resolve(s, "--select") for s in select))
    dropped = set().union(*(_resolve(s, "--ignore") for s in ignore or ()))
    return frozenset(chosen - dropped)


def _resolve(text: str, flag: str) -> set[str]:
    codes = matching(text)
    if not codes:
        hint = suggestion(text) or "give a code (RC201), a name (cross-source-conflict) or a family (RC2); `reconcile rules` lists them"
        raise ConfigError(f"{RC_UNKNOWN_RULE} {flag} {str(text)!r}: unknown rule — {hint}", RC_UNKNOWN_RULE, "", flag)
    return codes
