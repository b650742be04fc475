"""What a document says around its lines: headings and list items that govern the lines below, rankings, repeats.

A reader takes the subject of "Goods deficit: $63 B" from the heading "Canada" above it, and
the period of "Deficit hit $71.5 billion" from "Latest Snapshot – May 2025". This module reads
those structures once per document, so each figure can ask what governs its line.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from reconcile.documents import Token, numbers_in
from reconcile.draft import periods
from reconcile.draft.subjects import EntityMention, entity_mentions, partners

LIST_ITEM = re.compile(r"^\s*(?P<n>\d{1,3})[.)]\s+(?P<rest>\S.*)$")
HEADING_WORDS = 12
CONNECTORS = re.compile(r"^(?:[\s&,/+–—-]|\band\b|\bthe\b)*$", re.I)
DECLARES = re.compile(r"\b(?:top|ranked|ranking|rank|list|here are|following|include|largest|biggest|deepest|most|leading)\b", re.I)
DECLARATION_LOOKBACK = 12
DURATION = re.compile(r"^[\s‑-]?(?:days?|weeks?|months?|years?|hours?|-day|-week|-month|-year)\b", re.I)


@dataclass
class ListItem:
    line: int
    position: int
    token: Token
    subject: EntityMention


@dataclass
class RankingDraft:
    id: str
    items: list[ListItem]
    line: int  # where the ranking is declared
    quote: str
    metric: str | None = None
    period: str | None = None
    order: str = "descending"

    @property
    def among(self) -> str:
        return "countries" if all(len(i.subject.id) == 3 and i.subject.id.isalpha() for i in self.items) else "partners"


@dataclass
class Governor:
    """A heading or list item whose subject and period hold for the lines below it."""

    line: int
    subject: EntityMention | None = None
    period: str | None = None
    confidence: float = 0.0


@dataclass
class DocumentContext:
    lines: list[str]
    reference: periods.Reference
    subject_governor: list[Governor | None] = field(default_factory=list)  # per line (index = line number)
    period_governor: list[Governor | None] = field(default_factory=list)
    items: dict[int, ListItem] = field(default_factory=dict)  # line -> the list item on it
    rankings: list[RankingDraft] = field(default_factory=list)
    not_figures: dict[tuple[int, int], str] = field(default_factory=dict)  # (line, token start) -> why it is no figure
    headings: set[int] = field(default_factory=set)

    def ranking_of(self, line: int) -> RankingDraft | None:
        return next((r for r in self.rankings if any(i.line == line for i in r.items)), None)


def read_context(lines: list[str], source_id: str) -> DocumentContext:
    date, dateline = periods.document_date(lines), periods.dateline(lines)
    ctx = DocumentContext(lines, periods.Reference(date, periods.dominant_year(lines, skip=dateline)))
    ctx.headings = {n for n, text in enumerate(lines, start=1) if is_heading(text) and n != dateline}
    _find_items(ctx)
    _find_rankings(ctx, source_id)
    _govern_subjects(ctx)
    _govern_periods(ctx)
    _find_not_figures(ctx)
    return ctx


def is_heading(text: str) -> bool:
    """A short line that names a section: no sentence end, no table cell, no money or percentage figure."""
    s = text.strip()
    if not s or not re.search(r"[A-Za-z]", s) or "|" in s or s[0] in "-•*–":
        return False
    if len(s.split()) > HEADING_WORDS or s.endswith((".", ",", ";")):
        return False
    return not any(t.currency or t.percent for t in numbers_in(s))


# --- list items and rankings -----------------------------------------------------------


def _find_items(ctx: DocumentContext) -> None:
    """"3. Vietnam — $124B Deficit": a numbered line that starts with an entity's name is an item of a ranking."""
    for number, text in enumerate(ctx.lines, start=1):
        m = LIST_ITEM.match(text)
        if not m:
            continue
        named = partners(entity_mentions(m["rest"]))
        if named and named[0].start <= 4:
            token = numbers_in(text[: m.end("n")], number)[0]
            ctx.items[number] = ListItem(number, int(m["n"]), token, named[0])


def _find_rankings(ctx: DocumentContext, source_id: str) -> None:
    """Consecutive items whose positions step by one (up or down) form a ranking; three items at least."""
    runs: list[list[ListItem]] = []
    for item in (ctx.items[n] for n in sorted(ctx.items)):
        run = runs[-1] if runs else None
        step = run and len(run) >= 1 and abs(item.position - run[-1].position) == 1
        if run and step and (len(run) < 2 or item.position - run[-1].position == run[-1].position - run[-2].position):
            run.append(item)
        else:
            runs.append([item])
    for run in (r for r in runs if len(r) >= 3):
        line, quote = _declaration(ctx, run[0].line)
        ctx.rankings.append(RankingDraft(f"{source_id}-ranking-l{line}", run, line, quote))


def _declaration(ctx: DocumentContext, first_item: int) -> tuple[int, str]:
    """The line before a list that says what it ranks ("Here are the 10 countries …"); else the first item's own line."""
    for number in range(first_item - 1, max(0, first_item - 1 - DECLARATION_LOOKBACK), -1):
        text = ctx.lines[number - 1]
        found = list(DECLARES.finditer(text))
        m = found[-1] if found else None  # the words nearest the list
        if m and number not in ctx.items:
            return number, _sentence_at(text, m.start())
    return first_item, ctx.lines[first_item - 1].strip()


def _sentence_at(text: str, at: int) -> str:
    starts = [i + 2 for i in (text.rfind(". ", 0, at), text.rfind("? ", 0, at)) if i >= 0]
    start = max(starts, default=0)
    ends = [i + 1 for i in (text.find(". ", at), text.find("? ", at)) if i >= 0]
    return text[start : min(ends) if ends else len(text)].strip()


# --- what governs each line ------------------------------------------------------------


def _govern_subjects(ctx: DocumentContext) -> None:
    """Each line's governing subject: the list item above it (for as long as the list's items run), or an entity heading."""
    governed: list[Governor | None] = [None] * (len(ctx.lines) + 2)
    for ranking_items in _item_runs(ctx):
        spans = [b.line - a.line for a, b in zip(ranking_items, ranking_items[1:])]
        typical = int(statistics.median(spans)) if spans else 1
        for i, item in enumerate(ranking_items):
            end = ranking_items[i + 1].line if i + 1 < len(ranking_items) else item.line + typical
            for n in range(item.line, min(end, len(ctx.lines) + 1)):
                governed[n] = Governor(item.line, item.subject, confidence=0.8)
    current: Governor | None = None
    for number, text in enumerate(ctx.lines, start=1):
        if number in ctx.headings and number not in ctx.items:
            named = partners(entity_mentions(text))
            current = Governor(number, named[0], confidence=0.8 if len(named) == 1 else 0.6) if named and _only_names(text, named) else None
        if governed[number] is None and current is not None:
            governed[number] = current
    ctx.subject_governor = governed


def _item_runs(ctx: DocumentContext) -> list[list[ListItem]]:
    ranked = [r.items for r in ctx.rankings]
    in_rankings = {i.line for items in ranked for i in items}
    loose = [[ctx.items[n]] for n in sorted(ctx.items) if n not in in_rankings]
    return ranked + loose


def _only_names(text: str, named: list[EntityMention]) -> bool:
    """A heading that is nothing but names ("Canada", "Netherlands & UK") governs its section's subject."""
    rest = text
    for m in sorted(named, key=lambda m: -m.start):
        rest = rest[: m.start] + rest[m.end :]
    return bool(CONNECTORS.match(rest.strip(" :")))


def _govern_periods(ctx: DocumentContext) -> None:
    """Each line's governing period: the last heading above it that names one (a heading without one ends it)."""
    governed: list[Governor | None] = [None] * (len(ctx.lines) + 2)
    current: Governor | None = None
    for number, text in enumerate(ctx.lines, start=1):
        if number in ctx.headings:
            own = [m for m in periods.mentions(text) if m.role == "own"]
            # "Annual Overview: 2024 & Early 2025": of several, the year the document is about, else the last.
            chosen = next((m for m in own if m.value == ctx.reference.year), own[-1] if own else None)
            value, confidence = periods.resolve(chosen, ctx.reference) if chosen else (None, 0.0)
            if value:
                current = Governor(number, period=value, confidence=min(confidence, 0.75))
            elif not _names_only_heading(ctx, number):
                current = None
        governed[number] = current
    ctx.period_governor = governed


def _names_only_heading(ctx: DocumentContext, number: int) -> bool:
    gov = ctx.subject_governor[number]
    return gov is not None and gov.line == number


def row_label(ctx: DocumentContext, number: int) -> str | None:
    """A table row's label on the line or two above a bare figure ("2014 |" above "–$497 billion |")."""
    for back in (1, 2):
        if number - back < 1:
            break
        text = ctx.lines[number - back - 1].replace("|", " ").strip(" :")
        found = periods.mentions(text)
        if len(found) == 1 and found[0].value and found[0].start == 0 and found[0].end == len(text):
            return found[0].value
    return None


# --- numbers that are no figures -------------------------------------------------------


def _find_not_figures(ctx: DocumentContext) -> None:
    """Dates, durations and a scraped page's repeats: numbers a claim file skips with a reason, not claims."""
    previous_last: Token | None = None
    for number, text in enumerate(ctx.lines, start=1):
        tokens = numbers_in(text, number)
        for m in periods.ISO_DATE.finditer(text):
            for t in tokens:
                if m.start() <= t.start and t.end <= m.end():
                    ctx.not_figures[(number, t.start)] = "date"
        for t in tokens:
            if DURATION.match(text[t.end :]) and not (t.currency or t.percent):
                ctx.not_figures[(number, t.start)] = "duration"
        if tokens and previous_last is not None and text.lstrip().startswith(previous_last.text) and tokens[0].text == previous_last.text:
            if tokens[0].start == len(text) - len(text.lstrip()) and (previous_last.currency or previous_last.scale):
                ctx.not_figures[(number, tokens[0].start)] = "repeat"
        if text.strip():
            previous_last = tokens[-1] if tokens and _ends_line(text, tokens[-1]) else None


def _ends_line(text: str, token: Token) -> bool:
    return not text[token.end :].strip(" .")
