"""Runs the rules over a loaded corpus and applies configuration, baseline and change filters."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconcile import rules as rule_registry
from reconcile.config import Config
from reconcile.documents import DocumentStore
from reconcile.loader import Corpus, long_lived_objects
from reconcile.model import Finding, Location, Problem, Severity
from reconcile.rules._context import Context


@dataclass
class Baseline:
    path: Path
    entries: dict[str, dict] = field(default_factory=dict)  # fingerprint -> entry

    @classmethod
    def read(cls, path: Path) -> tuple["Baseline", list[Problem]]:
        baseline, problems = cls(path), []
        if not path.is_file():
            return baseline, problems
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return baseline, [Problem(Location(str(path), mark.line + 1 if mark else 1), "RC040", f"invalid baseline YAML: {exc}", "")]
        entries = data.get("accepted") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return baseline, [Problem(Location(str(path), 1), "RC040", "baseline must have an `accepted:` list", "regenerate it with `reconcile baseline`")]
        for n, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not entry.get("fingerprint"):
                problems.append(Problem(Location(str(path), 1), "RC040", f"baseline entry {n} has no fingerprint", "regenerate it with `reconcile baseline`"))
                continue
            if not str(entry.get("reason") or "").strip():
                problems.append(
                    Problem(
                        Location(str(path), 1), "RC041",
                        f"baseline entry {entry['fingerprint']} ({entry.get('code', '?')}) has no reason",
                        "say why this discrepancy is accepted (what was examined), or remove the entry",
                    )
                )  # fmt: skip
                continue
            baseline.entries[str(entry["fingerprint"])] = entry
        return baseline, problems

    def write(self, findings: list[Finding], reason: str | None) -> int:
        """Write every current finding; keep reasons already given. Returns entries lacking a reason."""
        old = self.entries
        entries, missing = [], 0
        for f in sorted(findings, key=lambda f: (f.code, f.fingerprint)):
            kept = old.get(f.fingerprint, {})
            why = kept.get("reason") or reason or ""
            missing += not why
            entries.append(
                {"fingerprint": f.fingerprint, "code": f.code, "claims": list(f.claims), "message": f.message,
                 "reason": why, "accepted_on": kept.get("accepted_on") or dt.date.today().isoformat()}
            )  # fmt: skip
        header = (
            "# Accepted discrepancies: examined findings that should not fail the build.\n"
            "# Every entry needs an honest reason (what was examined and why the finding stands).\n"
            "# Written by `reconcile baseline`; reasons are kept when it is run again.\n"
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(header + yaml.safe_dump({"accepted": entries}, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
        return missing


@dataclass
class Result:
    corpus: Corpus
    findings: list[Finding]
    problems: list[Problem]
    checked: dict[str, int]
    stale: list[dict] = field(default_factory=list)  # baseline entries that no longer occur
    rules_run: list[str] = field(default_factory=list)
    documents: str | None = None
    changed_claims: set[str] | None = None


def run(
    corpus: Corpus,
    config: Config,
    documents: str | None = None,
    baseline: Baseline | None = None,
    changed: set[str] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
) -> Result:
    selected = rule_registry.resolve_selection(select, ignore)  # ConfigError RC053 for an unknown rule
    store = DocumentStore(documents) if documents else None
    ctx = Context(corpus, store, config.tolerances)
    findings: list[Finding] = []
    problems: list[Problem] = list(corpus.problems)
    rules_run = []
    if corpus.ok:
        with long_lived_objects():  # the rules' indexes, like the claims, live until exit
            findings.extend(_run_rules(ctx, config, store, selected, rules_run))
    literals = {r["id"]: r["value"] for r in corpus.rows}
    for f in findings:
        f.compute_fingerprint(literals)
        if f.location is None and f.claims:
            row = ctx.row(f.claims[0])
            f.location = Location(row["file"], int(row["line"]))
    stale = []
    if baseline is not None:
        seen = set()
        for f in findings:
            entry = baseline.entries.get(f.fingerprint)
            if entry:
                f.accepted, f.accepted_reason = True, str(entry["reason"])
                seen.add(f.fingerprint)
        stale = [e for fp, e in baseline.entries.items() if fp not in seen]
    if changed is not None:
        findings = [f for f in findings if set(f.claims) & changed or (not f.claims and f.location and f.location.file in changed)]
    findings.sort(key=lambda f: (f.location.file if f.location else "", f.location.line if f.location else 0, f.code))
    return Result(corpus, findings, problems, ctx.checked, stale, rules_run, documents, changed)


def _run_rules(ctx, config, store, selected: frozenset[str], rules_run: list) -> list[Finding]:
    findings = []
    for code, module in rule_registry.all_rules().items():
        settings = config.rule_settings[code]  # validated when the configuration was read
        if not settings.enabled or code not in selected:
            continue
        if getattr(module, "NEEDS_DOCUMENTS", False) and store is None:
            continue
        rules_run.append(code)
        for f in module.check(ctx, settings.options):
            soft = f.details.pop("soft", False)  # levels from another source: one step milder
            f.severity = settings.severity if not soft else Severity(max(Severity.INFO, settings.severity - 1))
            findings.append(f)
    return findings


def changed_claims(corpus: Corpus, ref: str) -> set[str]:
    """Ids of claims added or changed since a git ref (plus file paths of changed files)."""
    changed: set[str] = set()
    for file in corpus.files:
        path = Path(file).resolve()
        try:
            top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=path.parent, capture_output=True, text=True, check=True).stdout.strip()
            rel = path.relative_to(top).as_posix()
            old = subprocess.run(["git", "show", f"{ref}:{rel}"], cwd=top, capture_output=True, text=True)
        except (subprocess.CalledProcessError, ValueError, FileNotFoundError) as exc:
            raise ChangedSinceError(f"--changed-since {ref}: {file} is not in a git repository ({exc})") from None
        if old.returncode != 0:
            if "invalid object name" in old.stderr or "unknown revision" in old.stderr or "bad revision" in old.stderr:
                raise ChangedSinceError(f"--changed-since: {ref!r} is not a git revision")
            changed.add(file)  # new file: every claim in it is new
            changed.update(corpus.claims.loc[corpus.claims["file"] == file, "id"])
            continue
        try:
            before = {c.get("id"): c for c in (yaml.safe_load(old.stdout) or {}).get("claims") or [] if isinstance(c, dict)}
            now = {c.get("id"): c for c in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("claims") or [] if isinstance(c, dict)}
            source_changed = (yaml.safe_load(old.stdout) or {}).get("source") != (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("source")
        except yaml.YAMLError:
            before, now, source_changed = {}, {}, True
        if source_changed:
            changed.add(file)
        for cid, claim in now.items():
            if before.get(cid) != claim:
                changed.add(str(cid))
    return changed


class ChangedSinceError(Exception):
    pass
