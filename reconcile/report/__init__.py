"""Output formats. Every machine format is built from ``as_records`` — the one JSON contract.

The contract (stable; tools and the HTML report build on it)::

    {"tool": {"name", "version"},
     "summary": {"sources", "claims", "findings", "by_severity": {"error", "warning", "info"}, ...},
     "findings": [{"code", "name", "severity", "message", "cause", "fingerprint",
                   "claims": [{"id", "source", "file", "line", "subject", "metric", "period",
                               "value", "unit", "scale", "normalized", "quote", ...}],
                   "subject_claims": [ids of the claims the finding is about; the others are its context],
                   "details": {...}, "accepted", "accepted_reason", "file", "line"}],
     "problems": [...], "stale_baseline": [...], "sources": [...]}
"""

from __future__ import annotations

import math
from collections import Counter
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

from reconcile import rules as rule_registry

FORMATS = ("text", "json", "sarif", "junit", "github", "html")


def tool_version() -> str:
    try:
        return version("reconcile")
    except PackageNotFoundError:
        return "0+unknown"


def claim_record(claim) -> dict:
    rec = claim.to_record()
    rec["subject"] = claim.subject_name or claim.subject
    return rec


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if isinstance(value, tuple):
        return list(value)
    return value


def _assessments(result) -> list:
    return getattr(result, "assessments", None) or []


def _assessment_record(a) -> dict:
    """One verdict: the claim as in findings, its status, and the official figure it rests on."""
    ref = a.reference
    return {
        "claim": claim_record(a.claim),
        "status": a.status,
        "via": a.via,
        "reference": None if ref is None else {
            "source": ref.source, "value": ref.value, "normalized": ref.normalized, "vintage": ref.vintage,
            "release": ref.release, "basis": ref.basis, "adjustment": ref.adjustment,
            "provenance": claim_record(ref)["provenance"],
        },
        "consensus": a.consensus.as_record() if a.consensus else None,
        "cause": a.cause.as_record() if a.cause else None,
        "message": a.message,
    }  # fmt: skip


def _reliability(result) -> dict[str, dict]:
    """Per source: how many of its figures the official tables (or clear agreement) could check, and how many held."""
    from reconcile.verdicts import reliability_records

    return {source: r.as_record() for source, r in reliability_records(_assessments(result)).items()}


def _reference_summary(result) -> dict | None:
    refs = getattr(result, "references", None)
    if refs is None:
        return None
    return {
        "figures": len(refs),
        "sources": [
            {"id": s.id, "title": s.title, "file": s.file, "cells": refs.counts[s.id].cells, "figures": refs.counts[s.id].figures,
             "empty": refs.counts[s.id].empty, "dropped": dict(refs.counts[s.id].dropped)}
            for s in refs.specs
        ],
    }  # fmt: skip


def as_records(result) -> dict:
    corpus = result.corpus
    verdicts = getattr(result, "verdicts", None) or {}
    claims = corpus.by_id if corpus.ok else {}
    findings = []
    for f in result.findings:
        rows = [claims[c] for c in f.claims if c in claims]
        findings.append(
            {
                "code": f.code,
                "name": f.name,
                "severity": str(f.severity),
                "message": f.message,
                "cause": f.cause.as_record() if f.cause else None,
                "fingerprint": f.fingerprint,
                "claims": [claim_record(r) for r in rows],
                "subject_claims": [c for c in f.subject if c in claims],  # the fingerprinted ones
                "details": {k: _plain(v) for k, v in f.details.items()},
                "verdicts": {c: verdicts[c] for c in f.claims if c in verdicts},
                "accepted": f.accepted,
                "accepted_reason": f.accepted_reason or None,
                "file": f.location.file if f.location else None,
                "line": f.location.line if f.location else None,
            }
        )
    active = [f for f in result.findings if not f.accepted]
    reliability = _reliability(result)
    by_sev = Counter(str(f.severity) for f in active)
    sources = [{**s.to_record(), "reliability": reliability.get(s.id)} for s in corpus.sources]
    return {
        "tool": {"name": "reconcile", "version": tool_version()},
        "summary": {
            "sources": len(corpus.sources),
            "claims": len(claims),
            "claims_read": corpus.claims_read,
            "findings": len(active),
            "accepted": len(result.findings) - len(active),
            "by_severity": {s: by_sev.get(s, 0) for s in ("error", "warning", "info")},
            "by_rule": dict(sorted(Counter(f.code for f in active).items())),
            "checked": dict(sorted(result.checked.items())),
            "problems": len(result.problems),
            "stale_baseline": len(result.stale),
            "documents": result.documents,
            "verdicts": dict(Counter(a.status for a in _assessments(result))),
            "references": _reference_summary(result),
        },
        "assessments": [_assessment_record(a) for a in _assessments(result)],
        "findings": findings,
        "problems": [p.as_record() for p in result.problems],
        "stale_baseline": [{"fingerprint": e.get("fingerprint"), "code": e.get("code"), "reason": e.get("reason")} for e in result.stale],
        "sources": sources,
        "rules": {code: {"name": s.name, "summary": s.headline, "checks": s.module.CHECKS} for code, s in rule_registry.specs().items()},
    }


def flatten(records: dict) -> list[list]:
    """One row per finding: [file, line, code, severity, message] (frictionless-style)."""
    return [[f["file"], f["line"], f["code"], f["severity"], f["message"]] for f in records["findings"]]


def render(result, fmt: str, **options) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    module = import_module(f"reconcile.report.{fmt}_format")
    return module.render(as_records(result), result=result, **options)
