"""Configuration: ``[tool.reconcile]`` in pyproject.toml, or ``reconcile.yaml``.

Looked up from the working directory upwards. Every key has a default, so a
claims repository without configuration works as documented. Everything is
checked when the file is read — every key known, every value of its type and in
range, every rule and rule option declared — and kept ready to use
(``Config.rule_settings``), so nothing downstream parses configuration again.
Errors are ``ConfigError`` with the shape
``<config file>: RC05x <key path>: <what is wrong> — <how to fix>``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconcile import rules as rule_registry
from reconcile.model import Severity
from reconcile.numbers import Tolerances
from reconcile.options import (
    RC_SYNTAX,
    RC_TYPE,
    RC_UNKNOWN_KEY,
    RC_UNKNOWN_RULE,
    ConfigError,
    Option,
    Where,
    did_you_mean,
    parse_options,
    shown,
)

__all__ = ["KNOWN", "TOLERANCES", "Config", "ConfigError", "RuleConfig", "find_config", "rule_settings"]

KNOWN = ("documents", "references", "reference-sources", "baseline", "report", "fail-on", "tolerances", "rules", "engine")
DEFAULT_REFERENCE_SOURCES = "references"
DEFAULT_BASELINE = "reconcile-baseline.yaml"
DEFAULT_REPORT = "reports/discrepancies.html"
SEVERITIES = ("error", "warning", "info")

TOLERANCES = {
    "about": Option(float, Tolerances.about, '"about 100" holds for 100 ± this fraction', min=0.0, max=1.0),
    "nearly": Option(float, Tolerances.nearly, '"nearly 500" holds down to 500 less this fraction', min=0.0, max=1.0),
    "trailing_zeros_rounded": Option(bool, Tolerances.trailing_zeros_rounded, 'an integer ending in zeros ("620") may have been rounded'),
    "round_zeros_max": Option(float, Tolerances.round_zeros_max, "at most this fraction of the figure for such rounding", min=0.0, max=1.0),
}


def severity_option(default: str) -> Option:
    return Option(str, str(default), "severity of the findings", choices=SEVERITIES)


ENABLED = Option(bool, True, "whether the rule runs")
FAIL_ON = severity_option("error")
# Where the rules' kernels run (reconcile.columnar): a name is checked for type here, for existence by --engine's check.
ENGINE = Option(str, "python", "the engine the rules' kernels run on: duckdb, pyspark, polars or python")


@dataclass(frozen=True)
class RuleConfig:
    """A rule's validated settings: whether it runs, its severity, and every option (defaults filled in)."""

    enabled: bool
    severity: Severity
    options: dict


@dataclass
class Config:
    """The validated configuration. ``rules`` is as written; ``rule_settings`` is built from it once, checked."""

    path: Path | None = None
    documents: str | None = None
    references: str | None = None  # the folder of official data files (like documents)
    reference_sources: str | None = DEFAULT_REFERENCE_SOURCES  # the folder of reference source files (*.yaml)
    baseline: str | None = DEFAULT_BASELINE
    fail_on: Severity = Severity.ERROR
    engine: str = "python"
    tolerances: Tolerances = field(default_factory=Tolerances)
    rules: dict[str, dict] = field(default_factory=dict)  # rule code or name -> settings, as written
    report: str | None = DEFAULT_REPORT
    rule_settings: dict[str, RuleConfig] = field(init=False, repr=False)  # code -> validated settings, every rule

    def __post_init__(self) -> None:
        self.rule_settings = rule_settings(self.rules, _where(self.path) / "rules")

    @property
    def base(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, value: str | None) -> str | None:
        """Paths in the config file are relative to that file."""
        if value is None:
            return None
        p = Path(value)
        return str(p if p.is_absolute() else self.base / p)

    def rule(self, module) -> RuleConfig:
        """The validated settings of a rule module (its code's entry of ``rule_settings``)."""
        return self.rule_settings[module.CODE]


def _where(path: Path | None) -> Where:
    if path is None:
        return Where("configuration")
    try:
        shown_path = str(path.relative_to(Path.cwd()))
    except ValueError:
        shown_path = str(path)
    return Where(shown_path, toml=path.name == "pyproject.toml")


def _mapping(value: object, where: Where, what: str, example: str = "") -> dict:
    """A table (TOML) or mapping (YAML); YAML's null (a key with nothing under it) is an empty one."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    fix = "write a table of keys and values" if where.toml else "write a mapping of keys to values"
    raise where.error(RC_TYPE, f"expected {what}, got {shown(value)}", f"{fix}{', e.g. ' + example if example else ''}")


# --- reading the file ----------------------------------------------------------------------------


def find_config(start: Path | None = None) -> Config:
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        yml = folder / "reconcile.yaml"
        if yml.is_file():
            return from_mapping(_read_yaml(yml), yml)
        toml = folder / "pyproject.toml"
        if toml.is_file():
            data = _read_toml(toml)
            tool = data.get("tool")
            if isinstance(tool, dict) and "reconcile" in tool:
                return from_mapping(tool["reconcile"], toml)
    return Config()


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _where(path).error(RC_SYNTAX, f"cannot be read: {exc}", "save it as UTF-8 text") from None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise _where(path).error(RC_SYNTAX, f"invalid TOML: {exc}", "fix the syntax (https://toml.io)") from None


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice (PyYAML would keep the last silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: let PyYAML report it
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        return super().construct_mapping(node, deep)


def _read_yaml(path: Path) -> object:
    try:
        data = yaml.load(_read_text(path), Loader=_StrictLoader)  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        raise _where(path).error(RC_SYNTAX, f"invalid YAML: {exc}", "fix the syntax") from None
    return {} if data is None else data


# --- validating it ---------------------------------------------------------------------------------


def from_mapping(data: object, path: Path) -> Config:
    """The Config of a ``[tool.reconcile]`` table or a reconcile.yaml document, every key checked."""
    where = _where(path)
    data = _mapping(data, where, "a table of settings" if where.toml else "a mapping of settings")
    for key in data:
        if key not in KNOWN:
            hint = did_you_mean(str(key), KNOWN)
            raise (where / key).error(RC_UNKNOWN_KEY, "unknown configuration key", f"{hint + ' ' if hint else ''}(known: {', '.join(KNOWN)})")
    tolerances = _mapping(data.get("tolerances", {}), where / "tolerances", "a table of tolerances")
    return Config(
        path=path,
        documents=_path(data, "documents", None, where, may_disable=False),
        references=_path(data, "references", None, where, may_disable=False),
        reference_sources=_path(data, "reference-sources", DEFAULT_REFERENCE_SOURCES, where, may_disable=True),
        baseline=_path(data, "baseline", DEFAULT_BASELINE, where, may_disable=True),
        fail_on=Severity.parse(FAIL_ON.parse(data.get("fail-on", "error"), where / "fail-on")),
        tolerances=Tolerances(**parse_options(tolerances, TOLERANCES, where / "tolerances", RC_UNKNOWN_KEY)),
        rules=_mapping(data.get("rules", {}), where / "rules", "a table of rules", _RULES_EXAMPLE[where.toml]),
        report=_path(data, "report", DEFAULT_REPORT, where, may_disable=True),
        engine=ENGINE.parse(data.get("engine", ENGINE.default), where / "engine"),
    )


_RULES_EXAMPLE = {True: '[tool.reconcile.rules.RC201] with severity = "warning"', False: "rules: {RC201: {severity: warning}}"}


def _path(data: dict, key: str, default: str | None, where: Where, may_disable: bool) -> str | None:
    """A path setting: a non-empty string; None for YAML's null; false disables baseline and report."""
    value = data.get(key, default)
    if value is None or (may_disable and value is False):
        return None
    if isinstance(value, str) and value.strip():
        return value
    at = where / key
    what = "an empty path" if isinstance(value, str) else f"expected a path (a string){' or false' if may_disable else ''}, got {shown(value)}"
    off = f", or {at.assignment(False)} to turn it off" if may_disable else ""
    raise at.error(RC_TYPE, what, f"write for example {at.assignment(default or 'path/to/documents')}{off}")


def rule_settings(rules: object, where: Where) -> dict[str, RuleConfig]:
    """Every rule's validated settings, by code: ``rules`` maps codes or names to settings."""
    rules = _mapping(rules, where, "a table of rules", _RULES_EXAMPLE[where.toml])
    by_code: dict[str, tuple[object, dict]] = {}
    for key, raw in rules.items():
        spec = _rule_spec(key, where)
        if spec.code in by_code:
            raise (where / key).error(RC_UNKNOWN_KEY, f"{spec.code} is configured twice (as {by_code[spec.code][0]!r} and {key!r})", "keep one")
        by_code[spec.code] = (key, _mapping(raw, where / key, f"a table of settings for {spec.code}"))
    settings = {}
    for code, spec in rule_registry.specs().items():
        key, raw = by_code.get(code, (code, {}))
        settings[code] = _rule_config(spec, dict(raw), where / key)
    return settings


def _rule_spec(key: object, where: Where) -> rule_registry.RuleSpec:
    module = rule_registry.find(key) if isinstance(key, str) else None
    if module is None:
        hint = rule_registry.suggestion(str(key)) or "`reconcile rules` lists the codes and names"
        raise (where / key).error(RC_UNKNOWN_RULE, "unknown rule", hint)
    return rule_registry.spec(module)


def _rule_config(spec: rule_registry.RuleSpec, raw: dict, where: Where) -> RuleConfig:
    enabled = ENABLED.parse(raw.pop("enabled"), where / "enabled") if "enabled" in raw else True
    severity = str(spec.default_severity)
    if "severity" in raw:
        severity = severity_option(severity).parse(raw.pop("severity"), where / "severity")
    retired = getattr(spec.module, "RETIRED_OPTIONS", {})
    options = parse_options(raw, dict(spec.options), where, also=("enabled", "severity"), retired=retired)
    return RuleConfig(enabled, Severity.parse(severity), options)
