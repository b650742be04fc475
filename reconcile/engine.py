"""Runs the rules over a loaded corpus and applies configuration, baseline and change filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconcile import problems as P
from reconcile import rules as rule_registry
from reconcile.config import Config
from reconcile.documents import DocumentStore
from reconcile.loader import Corpus, long_lived_objects
from reconcile.model import Finding, Location, Problem, Severity
from reconcile.output import OutputError, reason, write_atomically
from reconcile.rules._context import Context, scope_size


@dataclass
class Baseline:
    path: Path
    entries: dict[str, dict] = field(default_factory=dict)  # fingerprint -> entry

    @classmethod
    def read(cls, path: Path) -> tuple[Baseline, list[Problem]]:
        baseline, file = cls(path), str(path)
        text = _baseline_text(path)
        if text is None:
            return baseline, []
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            return baseline, [P.INVALID_BASELINE.at(file, mark.line + 1 if mark else 1, variant="yaml", detail=exc)]
        entries = data.get("accepted") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return baseline, [P.INVALID_BASELINE.at(file, 1)]
        return baseline, baseline._take(entries)

    def _take(self, entries: list) -> list[Problem]:
        """Keep the usable entries; a problem for each entry without a fingerprint or a reason."""
        problems, file = [], str(self.path)
        for n, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or not entry.get("fingerprint"):
                problems.append(P.INVALID_BASELINE.at(file, 1, variant="no-fingerprint", entry=n))
            elif not str(entry.get("reason") or "").strip():
                problems.append(P.BASELINE_ENTRY_WITHOUT_REASON.at(file, 1, fingerprint=entry["fingerprint"], rule=entry.get("code", "?")))
            else:
                self.entries[str(entry["fingerprint"])] = entry
        return problems

    def write(self, findings: list[Finding], reason: str | None) -> int:
        """Write every current finding; keep reasons already given. Returns entries lacking a reason.

        An entry lists the finding's subject claims, those its fingerprint covers, not the context it consulted."""
        old = self.entries
        entries, missing = [], 0
        for f in sorted(findings, key=lambda f: (f.code, f.fingerprint)):
            kept = old.get(f.fingerprint, {})
            why = kept.get("reason") or reason or ""
            missing += not why
            entries.append(
                {"fingerprint": f.fingerprint, "code": f.code, "claims": list(f.subject), "message": f.message,
                 "reason": why, "accepted_on": kept.get("accepted_on") or dt.date.today().isoformat()}
            )  # fmt: skip
        header = (
            "# Accepted discrepancies: examined findings that should not fail the build.\n"
            "# Every entry needs an honest reason (what was examined and why the finding stands).\n"
            "# Written by `reconcile baseline`; reasons are kept when it is run again.\n"
        )
        write_atomically(self.path, header + yaml.safe_dump({"accepted": entries}, sort_keys=False, allow_unicode=True, width=100))
        return missing


def _baseline_text(path: Path) -> str | None:
    """The baseline's text; None when there is none yet; OutputError when it is there but cannot be read (a folder...)."""
    if path.exists() and not path.is_file() and not path.is_dir():
        # /dev/zero, a FIFO: reading it might never end (a folder gets the system's own words below)
        raise OutputError(P.CANNOT_READ_BASELINE.says(path=str(path), reason="it is not a regular file"))
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise OutputError(P.CANNOT_READ_BASELINE.says(path=str(path), reason="it is not UTF-8 text")) from None
    except OSError as exc:
        raise OutputError(P.CANNOT_READ_BASELINE.says(path=str(path), reason=reason(exc))) from None


# `reconcile validate --documents`: the rules that hold each claim to its own document (quote, line, value,
# the document's hash, the document itself), run by the same engine as `check`. RC106 untranscribed-number is
# not among them: it asks whether every number of a document has a claim, `reconcile coverage`'s question.
PROVENANCE_RULES = ("quote-not-in-document", "quote-wrong-line", "quote-value-mismatch", "document-changed", "document-missing")


@dataclass
class Result:
    corpus: Corpus
    findings: list[Finding]
    problems: list[Problem]
    checked: dict[str, int]  # rule code -> how many items of its scope it examined
    stale: list[dict] = field(default_factory=list)  # baseline entries that no longer occur
    rules_run: list[str] = field(default_factory=list)
    documents: str | None = None
    changed_claims: set[str] | None = None
    references: object | None = None  # the ReferenceSet the claims were judged by (None: no references)
    assessments: list = field(default_factory=list)  # one verdicts.Assessment per transcribed claim

    @property
    def verdicts(self) -> dict[str, str]:
        """claim id -> confirmed, contradicted or unverified."""
        return {a.claim.id: a.status for a in self.assessments}

    @property
    def usable(self) -> bool:
        """The rules ran: no input problem in the claim files, nor in how their skip patterns run over the documents."""
        return self.corpus.ok and not self.document_problems

    document_problems: list[Problem] = field(default_factory=list)  # input problems found only against the documents


def run(
    corpus: Corpus,
    config: Config,
    documents: str | None = None,
    baseline: Baseline | None = None,
    changed: set[str] | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    references=None,
    engine_name: str | None = None,
) -> Result:
    selected = rule_registry.resolve_selection(select, ignore)  # ConfigError RC053 for an unknown rule
    store = DocumentStore(documents) if documents else None
    assessments = _assess(corpus, references)
    usable_refs = references if references is not None and references.ok else None
    ctx = Context(corpus, store, config.tolerances, {a.claim.id: a for a in assessments}, usable_refs, engine_name or config.engine)
    findings: list[Finding] = []
    checked: dict[str, int] = {}
    rules_run: list[str] = []
    # A skip pattern is only known to be too slow once it has run over its document: an input problem all the same.
    document_problems = ctx.skip_spans.problems if corpus.ok and store is not None else []
    if corpus.ok and not document_problems:
        with long_lived_objects():  # the rules' indexes, like the claims, live until exit
            for code, module, settings in _rules_to_run(config, store, selected, references):
                rules_run.append(code)
                checked[code] = scope_size(ctx, module.CHECKS)
                findings.extend(_stamp(f, settings, ctx) for f in module.check(ctx, settings.options))
        _close_engine(ctx)
    stale = _apply_baseline(findings, baseline) if baseline is not None else []
    if changed is not None:
        findings = [f for f in findings if _touches(f, changed)]
    findings.sort(key=lambda f: (f.location.file if f.location else "", f.location.line if f.location else 0, f.code))
    problems = [*corpus.problems, *document_problems, *(references.problems if references is not None else [])]
    result = Result(corpus, findings, problems, checked, stale, rules_run, documents, changed, document_problems=document_problems)
    result.references, result.assessments = references, assessments
    return result


def _close_engine(ctx: Context) -> None:
    """Close the columnar engine's connection, when a rule opened one (Context.columnar is built on first use)."""
    columnar = ctx.__dict__.get("columnar")
    if columnar is not None:
        columnar.close()


def _assess(corpus: Corpus, references) -> list:
    """The verdict on every claim against the official tables, when they are given and usable."""
    if references is None or not corpus.ok or not references.ok:
        return []
    from reconcile import verdicts

    return verdicts.assess(corpus.claims, references, corpus.rankings, corpus.sources)


def _rules_to_run(config, store, selected: frozenset[str], references=None):
    """(code, module, settings) for each enabled, selected rule that can run (documents, references present when needed)."""
    for code, module in rule_registry.all_rules().items():
        settings = config.rule_settings[code]  # validated when the configuration was read
        if not settings.enabled or code not in selected:
            continue
        if getattr(module, "NEEDS_DOCUMENTS", False) and store is None:
            continue
        if getattr(module, "NEEDS_REFERENCES", False) and references is None:
            continue
        yield code, module, settings


def _stamp(f: Finding, settings, ctx: Context) -> Finding:
    """The one place a finding gets what the rule does not decide: severity, location, fingerprint."""
    configured = settings.severity
    stamped = Severity(max(Severity.INFO, configured - 1)) if f.soften else configured
    # A severity the rule set is a cap, not a choice: an expected basis gap (RC201) is info whatever RC201 is set to.
    f.severity = min(stamped, f.severity) if f.severity is not None else stamped
    if f.location is None and f.claims:
        first = ctx.claim(f.claims[0])
        f.location = Location(first.file, first.line)
    f.compute_fingerprint({cid: ctx.claim(cid).value for cid in f.subject})
    return f


def _apply_baseline(findings: list[Finding], baseline: Baseline) -> list[dict]:
    """Mark accepted findings; return the baseline entries no finding matches any more (stale)."""
    seen = set()
    for f in findings:
        entry = baseline.entries.get(f.fingerprint)
        if entry:
            f.accepted, f.accepted_reason = True, str(entry["reason"])
            seen.add(f.fingerprint)
    return [e for fp, e in baseline.entries.items() if fp not in seen]


def _touches(f: Finding, changed: set[str]) -> bool:
    return bool(set(f.claims) & changed) or (not f.claims and f.location is not None and f.location.file in changed)
