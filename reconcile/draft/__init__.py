"""`reconcile draft DOCUMENT`: a claim file proposed from a document's text, for an analyst to review.

Every figure becomes a proposed claim with each field read from the text around it: subject
(through the entity registry, with headings and list items governing the lines below them),
metric (the vocabulary's), period (explicit, relative to the document's date, or inherited),
value with the reporter's sign convention, unit, scale, qualifier, perspective and kind
(rank, count, bound, total, growth, change, average). A field the text does not settle stays
`CHECK`, with the candidates in a comment. Numbered lists of entities become `rankings:`;
dates, durations and a scraped page's repeated figures become `skip:` entries. The output is a
pure function of the document's bytes: drafting twice gives the same file.

Modules: periods (period words), subjects (entity names), context (what governs each line),
figures (fields of one figure), propose (kinds and signs), against (the accuracy yardstick).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import yaml

from reconcile.documents import split_lines
from reconcile.draft.context import DocumentContext, RankingDraft, read_context
from reconcile.draft.figures import Proposal
from reconcile.draft.propose import line_proposals

HEADER = (
    "# Draft claims for {name}, written by `reconcile draft`.",
    "# Review every claim: each field is read from the text around the figure; CHECK marks what the text did not settle,",
    "# with the candidates in a comment above the claim. Numbers that are not figures go under skip: with a reason.",
)
YEAR_SKIP = {"pattern": "\\b(?:19|20)\\d\\d(?:s|[-–]\\d\\d)?\\b", "reason": "calendar years and year ranges name periods, they are not figures"}
SKIP_REASONS = {
    "date": "a date, not a figure",
    "duration": "a length of time, not a figure",
    "repeat": "the page repeats the figure that ends the line above; it is transcribed there",
    "bare": "CHECK: a number with no unit, scale or counted noun; if it is a figure, transcribe it as a claim instead",
}
DEFAULTS = {"unit": "USD", "scale": "billion"}


def draft(path: Path, source_id: str | None = None) -> str:
    """The draft claim file for the document at `path`, as YAML text."""
    raw = path.read_bytes()
    lines = split_lines(raw.decode("utf-8", errors="replace"))
    sid = source_id or _source_id(path)
    ctx = read_context(lines, sid)
    proposals = [p for number in range(1, len(lines) + 1) for p in line_proposals(ctx, number)]
    _describe_rankings(ctx, proposals)
    return _claim_file(path, raw, sid, _title(lines, path), ctx, proposals)


def _source_id(path: Path) -> str:
    """The file name's stem as a lower-case slug: "Trade Review 2024.txt" -> "trade-review-2024"."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "source"


def _title(lines: list[str], path: Path) -> str:
    """The document's first non-blank line, or its file name."""
    return next((ln.strip() for ln in lines if ln.strip()), path.name)


# --- rankings: what the list's figures say it ranks -------------------------------------


def _describe_rankings(ctx: DocumentContext, proposals: list[Proposal]) -> None:
    """A ranking's metric and period are those of its items' figures; a list of deficits runs from the most negative."""
    for ranking in ctx.rankings:
        subjects = {i.subject.display for i in ranking.items}
        lines = _item_lines(ranking, len(ctx.lines))
        figures = [p for p in proposals if p.kind == "value" and p.line in lines and _said(p, "subject") in subjects
                   and _said(p, "metric")]  # fmt: skip
        if not figures:
            continue
        ranking.metric = Counter(_said(p, "metric") for p in figures).most_common(1)[0][0]
        periods = [_said(p, "period") for p in figures if _said(p, "period")]
        ranking.period = Counter(periods).most_common(1)[0][0] if periods else None
        ranked = [p for p in figures if _said(p, "metric") == ranking.metric]
        negative = sum(p.value.startswith("-") for p in ranked)
        balance = ranking.metric.endswith("balance")
        ranking.order = "ascending" if balance and negative * 2 >= len(ranked) else "descending"


def _item_lines(ranking: RankingDraft, last: int) -> set[int]:
    starts = [i.line for i in ranking.items]
    spans = [b - a for a, b in zip(starts, starts[1:])] or [1]
    typical = sorted(spans)[len(spans) // 2]
    return {n for s in starts for n in range(s, min(s + typical, last + 1))}


def _said(p: Proposal, name: str):
    guess = p.fields.get(name)
    return guess.value if guess and guess.sure else None


# --- the claim file --------------------------------------------------------------------


def _claim_file(path: Path, raw: bytes, sid: str, title: str, ctx: DocumentContext, proposals: list[Proposal]) -> str:
    out = [line.format(name=path.name) for line in HEADER]
    out.append(_dump(_head(path, raw, sid, title, ctx)))
    if ctx.rankings:
        out.append(_dump({"rankings": [_ranking(r) for r in ctx.rankings]}))
    out.append(_dump({"skip": [YEAR_SKIP, *_skips(ctx)]}))  # after proposing: it finds the bare numbers
    out.append("claims:")
    counts: Counter[int] = Counter()
    for p in proposals:
        counts[p.line] += 1
        out.extend(_claim_lines(_claim(sid, p, counts[p.line]), p))
    return "\n".join(out) + "\n"


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200).rstrip()


def _head(path: Path, raw: bytes, sid: str, title: str, ctx: DocumentContext) -> dict:
    """The source block (its sha256 pins the document drafted from) and the defaults most trade figures share."""
    date = ctx.reference.date
    return {
        "source": {
            "id": sid,
            "title": title[:200],
            "publisher": "CHECK",
            "published": date.isoformat() if date else None,
            "document": path.name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "lineage": ["unknown"],
        },
        "defaults": dict(DEFAULTS),
    }


def _ranking(r: RankingDraft) -> dict:
    return {
        "id": r.id,
        "description": f"CHECK: the {len(r.items)} items listed from line {r.items[0].line}",
        "metric": r.metric or "CHECK",
        "period": r.period or "CHECK",
        "order": r.order,
        "over": "subjects",
        "among": r.among,
        "quote": r.quote[:300],
        "line": r.line,
    }


def _skips(ctx: DocumentContext) -> list[dict]:
    out = []
    for (number, start), why in sorted(ctx.not_figures.items()):
        text = ctx.lines[number - 1]
        end = _token_end(text, start)
        out.append({"line": number, "text": text[start:end], "reason": SKIP_REASONS[why]})
    return out


def _token_end(text: str, start: int) -> int:
    from reconcile.documents import numbers_in

    found = [t for t in numbers_in(text) if t.start == start]
    return found[0].end if found else start + 1


def _claim(sid: str, p: Proposal, n: int) -> dict:
    """The claim as the file writes it: sure fields as read, the others CHECK; defaults left out."""
    claim: dict = {"id": f"{sid}-l{p.line}-{n}"}
    if p.kind != "value":
        claim["kind"] = p.kind
    if p.kind in ("rank", "count", "bound"):
        claim["ranking"] = p.ranking or "CHECK"
    if p.parts:
        claim["parts"] = p.parts
    elif p.kind != "count" and "subject" in p.fields:
        claim["subject"] = _field(p, "subject")
    if p.kind not in ("rank", "count"):
        if p.kind != "bound" or "metric" in p.fields:
            claim["metric"] = _field(p, "metric")
        if p.kind != "bound":
            claim["period"] = _field(p, "period")
    if p.of:
        claim["of"] = p.of
    if "from_period" in p.fields:
        claim["from_period"] = _field(p, "from_period")
    if p.per:
        claim["per"] = p.per
    claim["value"] = p.value
    if p.unit != DEFAULTS["unit"]:
        claim["unit"] = p.unit
    if p.scale != DEFAULTS["scale"]:
        claim["scale"] = p.scale
    if p.qualifier != "exact":
        claim["qualifier"] = p.qualifier
    if p.perspective != "reporter":
        claim["perspective"] = p.perspective
    claim["quote"] = p.quote
    claim["line"] = p.line
    return claim


def _field(p: Proposal, name: str):
    guess = p.fields.get(name)
    return guess.value if guess and guess.sure else "CHECK"


def _claim_lines(claim: dict, p: Proposal) -> list[str]:
    """One claim as an item of the claims list, after comments: the figure as written, then each CHECK's candidates."""
    notes = [f"  # line {p.line}: {_comment(p.token.text.strip())}"]
    for name, guess in p.fields.items():
        if not guess.sure:
            shown = ", ".join(str(c) for c in guess.candidates if c) or "none in the text"
            notes.append(f"  # CHECK {name}: candidates {_comment(shown)}")
    body = [f"{key}: {_scalar(key, value)}" for key, value in claim.items()]
    return [*notes, "  - " + body[0], *("    " + ln for ln in body[1:])]


# A claim is a flat mapping of short scalars: written here rather than by yaml.safe_dump, which took
# two thirds of a long document's time. Every string that is not plainly a word is double-quoted
# JSON-style, which YAML reads the same; the loader keeps a plain number's exact text ("63.0").
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(key: str, value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(k, v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(key, v) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if key == "value" and re.fullmatch(r"-?\d+(?:\.\d+)?", text):
        return text
    if PLAIN.fullmatch(text) and text.lower() not in YAML_WORDS:
        return text
    return _quoted(text)


def _quoted(text: str) -> str:
    # json.dumps escapes quotes, backslashes and C0 controls; other characters YAML would not keep (U+2028, U+0085,
    # bidi controls) are escaped too, so the quote reads back exactly.
    out = json.dumps(text, ensure_ascii=False)
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in out)


def _comment(text: str) -> str:
    """Text for a comment: one line, whatever the document held."""
    return "".join(ch if ch.isprintable() else " " for ch in text)
