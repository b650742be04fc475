"""Coverage: every number in a document is transcribed by a claim, or skipped with a reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from reconcile.documents import DocumentStore, Token
from reconcile.provenance import Provenance


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


def coverage(corpus, documents: str | DocumentStore, prov: Provenance | None = None) -> list[DocumentCoverage]:
    store = documents if isinstance(documents, DocumentStore) else DocumentStore(documents)
    prov = prov or Provenance(corpus, store)
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
        skips = [s for s in corpus.skips if s["source"] == source.id]
        spans = _skip_spans(doc, skips)
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


def _skip_spans(doc, skips) -> list[tuple[tuple[int | None, int, int], str]]:
    spans = []
    for s in skips:
        if s.get("regex") is not None:
            for number, text in enumerate(doc.lines, start=1):
                for m in s["regex"].finditer(text):
                    spans.append(((number, m.start(), m.end()), s["reason"]))
        else:
            line = int(s["line"])
            text = doc.line(line)
            needle = str(s["text"])
            at = text.find(needle)
            while at >= 0:
                spans.append(((line, at, at + len(needle)), s["reason"]))
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
