"""Configuration: ``[tool.reconcile]`` in pyproject.toml, or ``reconcile.yaml``.

Looked up from the working directory upwards. Every key has a default, so a
claims repository without configuration works as documented.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconcile.model import Severity
from reconcile.numbers import Tolerances
from reconcile.options import ConfigError, Where

__all__ = ["Config", "ConfigError", "RuleConfig", "find_config"]


@dataclass
class RuleConfig:
    enabled: bool
    severity: Severity
    options: dict


@dataclass
class Config:
    path: Path | None = None
    documents: str | None = None
    baseline: str | None = "reconcile-baseline.yaml"
    fail_on: Severity = Severity.ERROR
    tolerances: Tolerances = field(default_factory=Tolerances)
    rules: dict[str, dict] = field(default_factory=dict)  # code -> raw settings
    report: str | None = "reports/discrepancies.html"

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
        raw = dict(self.rules.get(module.CODE, {}) or self.rules.get(module.NAME, {}) or {})
        enabled = bool(raw.pop("enabled", True))
        try:
            severity = Severity.parse(raw.pop("severity", module.DEFAULT_SEVERITY))
        except ValueError as exc:
            raise ConfigError(f"{self.path}: rules.{module.CODE}: {exc}") from None
        options = {name: option.default for name, option in module.OPTIONS.items()}
        for key, value in raw.items():
            name = key.replace("-", "_")
            if name not in options:
                known = ", ".join(options) or "none"
                raise ConfigError(f"{self.path}: rules.{module.CODE}: unknown option {key!r} (options: {known})")
            options[name] = module.OPTIONS[name].parse(value, Where(str(self.path), ("rules", module.CODE, key)))
        return RuleConfig(enabled, severity, options)


def find_config(start: Path | None = None) -> Config:
    here = (start or Path.cwd()).resolve()
    for folder in [here, *here.parents]:
        yml = folder / "reconcile.yaml"
        if yml.is_file():
            try:
                data = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as exc:
                raise ConfigError(f"{yml}: invalid YAML: {exc}") from None
            return _from_mapping(data, yml)
        toml = folder / "pyproject.toml"
        if toml.is_file():
            try:
                data = tomllib.loads(toml.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{toml}: invalid TOML: {exc}") from None
            section = data.get("tool", {}).get("reconcile")
            if section is not None:
                return _from_mapping(section, toml)
    return Config()


KNOWN = {"documents", "baseline", "fail-on", "tolerances", "rules", "report"}


def _from_mapping(data: dict, path: Path) -> Config:
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the reconcile configuration must be a mapping")
    unknown = set(data) - KNOWN
    if unknown:
        raise ConfigError(f"{path}: unknown configuration keys {sorted(unknown)} (known: {sorted(KNOWN)})")
    tol = data.get("tolerances") or {}
    try:
        tolerances = Tolerances(
            about=float(tol.get("about", Tolerances.about)),
            nearly=float(tol.get("nearly", Tolerances.nearly)),
            trailing_zeros_rounded=bool(tol.get("trailing-zeros-rounded", Tolerances.trailing_zeros_rounded)),
            round_zeros_max=float(tol.get("round-zeros-max", Tolerances.round_zeros_max)),
        )
        fail_on = Severity.parse(data.get("fail-on", "error"))
    except ValueError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return Config(
        path=path,
        documents=data.get("documents"),
        baseline=data.get("baseline", "reconcile-baseline.yaml"),
        fail_on=fail_on,
        tolerances=tolerances,
        rules=data.get("rules") or {},
        report=data.get("report", "reports/discrepancies.html"),
    )
