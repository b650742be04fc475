"""Coverage: every number in a document is transcribed by a claim, or skipped with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconcile import patterns
from reconcile import problems as P
from reconcile.documents import DocumentStore, Token
from reconcile.model import Problem
from reconcile.provenance import Provenance

Span = tuple[tuple[int | None, int, int], str]  # ((line, start, end), the skip's reason)


@dataclass
class NumberStatus:
    token: Token
    claims: list[str] = field(default_factory=list)
    skip_reason: str = ""

    @property
    def covered(self) -> bool:
        return bool(self.claims or self.skip_reason)


@dataclass
class DocumentCoverage:
    source: str
    document: str
    file: str
    numbers: list[NumberStatus] = field(default_factory=list)
    missing_document: bool = False

    @property
    def percent(self) -> float:
        if self.missing_document:
            return 0.0
        if not self.numbers:
            return 100.0
        return 100.0 * sum(n.covered for n in self.numbers) / len(self.numbers)

    @property
    def gaps(self) -> list[NumberStatus]:
        return [n for n in self.numbers if not n.covered]


@dataclass
class SkipSpans:
    """What each source's skip entries cover in its document, and the patterns that ran past their time bound."""

    by_source: dict[str, list[Span]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def skip_spans(corpus, store: DocumentStore) -> SkipSpans:
    """Run every skip entry over its document once; a pattern too slow there is an input problem at its line."""
    out = SkipSpans()
    for source in corpus.sources:
        doc = store.get(source.document) if isinstance(source.document, str) else None
        if doc is None:
            continue
        spans = out.by_source.setdefault(source.id, [])
        for skip in (s for s in corpus.skips if s["source"] == source.id):
            try:
                spans.extend(_spans_of(doc, skip))
            except patterns.PatternTooSlow:
                out.problems.append(P.INVALID_SKIP_PATTERN.at(
                    skip["file"], skip["pattern_line"], variant="too-slow", seconds=patterns.PATTERN_SECONDS, document=doc.name,
                ))  # fmt: skip
    return out


def coverage(corpus, documents: str | DocumentStore, prov: Provenance | None = None,
             skips: SkipSpans | None = None) -> list[DocumentCoverage]:  # fmt: skip
    store = documents if isinstance(documents, DocumentStore) else DocumentStore(documents)
    prov = prov or Provenance(corpus, store)
    skips = skips or skip_spans(corpus, store)
    out = []
    for source in corpus.sources:
        doc = store.get(source.document)
        report = DocumentCoverage(source.id, source.document, source.file, missing_document=doc is None)
        out.append(report)
        if doc is None:
            continue
        # Which numbers each claim covers: the tokens inside its located quote that state its value.
        by_line: dict[int, list[tuple[str, tuple[int, int], object]]] = {}
        for cid in (c.id for c in corpus.claims if c.source == source.id):
            check = prov.quotes.get(cid)
            if check and check.found_line:
                by_line.setdefault(check.found_line, []).append((cid, check.span, check))
        spans = skips.by_source.get(source.id, [])
        for token in doc.tokens():
            status = NumberStatus(token)
            for cid, (start, end), check in by_line.get(token.line, []):
                if start <= token.start and token.end <= end and _states(corpus.claim(cid), token, check):
                    status.claims.append(cid)
            if not status.claims:
                for (line, start, end), reason in spans:
                    if (line is None or line == token.line) and start <= token.start and token.end <= end:
                        status.skip_reason = reason
                        break
            report.numbers.append(status)
    return out


def _states(row, token: Token, check) -> bool:
    if check.matched is not None and check.matched.start == token.start:
        return True
    want = abs(float(str(row["value"]).replace(",", "")))
    return float(token.magnitude) == want


def _spans_of(doc, skip: dict) -> list[Span]:
    """Where one skip entry's pattern (within its time bound), or its text on its line, is in the document."""
    if skip.get("regex") is not None:
        return [(where, skip["reason"]) for where in patterns.spans(skip["regex"], doc.lines)]
    line, needle = int(skip["line"]), str(skip["text"])
    text, spans = doc.line(line), []
    at = text.find(needle)
    while at >= 0:
        spans.append(((line, at, at + len(needle)), skip["reason"]))
        at = text.find(needle, at + 1)
    return spans


def render_coverage(reports: list[DocumentCoverage], show_all: bool = False) -> str:
    lines = []
    for r in reports:
        if r.missing_document:
            lines.append(f"{r.file}: document {r.document} not found")
            continue
        for n in r.numbers:
            where = f"{r.document}:{n.token.line}"
            if n.claims and show_all:
                lines.append(f"  {where}: {n.token.text.strip()!r} -> {', '.join(n.claims)}")
            elif n.skip_reason and show_all:
                lines.append(f"  {where}: {n.token.text.strip()!r} skipped: {n.skip_reason}")
            elif not n.covered:
                lines.append(f"  {where}: {n.token.text.strip()!r} not transcribed")
        covered = sum(n.covered for n in r.numbers)
        claimed = sum(bool(n.claims) for n in r.numbers)
        lines.append(
            f"{r.document} ({r.source}): {r.percent:.1f}% of {len(r.numbers)} numbers covered "
            f"({claimed} by claims, {covered - claimed} skipped with a reason, {len(r.numbers) - covered} not transcribed)"
        )
    return "\n".join(lines) + "\n"
