"""A claim without a period, whose quote says "last year" or "today": the period counted from the published date.

Documents write periods relative to when they were written ("the deficit last
year", "tariffs today"). When a claim states no `period:` (nor do its
defaults or its ranking), the loader reads the quote for the few phrases in
``PHRASES`` and counts them from ``source.published``; the claim's ``defaulted``
record says which words were read and from which date, so the period never
appears from nowhere. Words that name no single period are refused
(ambiguous-relative-period) rather than guessed; a relative phrase without a
published date is relative-period-without-date.

A small table, not a date-parsing library: the phrases a trade report uses are
few, and each must map to exactly one period of the claim grammar
(reconcile.numbers.parse_period). A general parser (dateparser) would also
read "in the past year" or "a year ago" as some day, which is the guess this
module exists to refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reconcile import problems as P
from reconcile.model import Problem


@dataclass(frozen=True)
class Phrase:
    """Relative words and the period they name: `back` units of `grain` before the published date's own."""

    words: str  # a regular expression over the quote, spaces matching any run of white space
    grain: str  # day, month or year
    back: int  # 0: the published date's own day, month or year; 1: the one before
    anaphoric: bool = False  # "the previous year" counts from the year last named, when the quote names one


PHRASES = (
    Phrase("today", "day", 0),
    Phrase("currently", "day", 0),
    Phrase("at present", "day", 0),
    Phrase("this year", "year", 0),
    Phrase("last year", "year", 1),
    Phrase("the previous year", "year", 1, anaphoric=True),
    Phrase("the prior year", "year", 1, anaphoric=True),
    Phrase("this month", "month", 0),
    Phrase("last month", "month", 1),
    Phrase("the previous month", "month", 1, anaphoric=True),
    Phrase("the prior month", "month", 1, anaphoric=True),
)

# Words that contain a phrase above but name a span, not a calendar period ("the last year" is not "last year"):
# refused, never read as that phrase.
SPANS = (
    "so far this year", "this year so far", "year to date", "year-to-date", "to date this year",
    "the last year", "the past year", "the last month", "the past month",
    "the last 12 months", "the past 12 months", "the last twelve months", "the past twelve months",
)  # fmt: skip

# A year (1900-2099) or a month's name in the quote: what an anaphoric phrase would count from instead.
# Case matters: "May" is a month, "may" a verb.
NAMED_PERIOD = re.compile(r"\b(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|September|October|November|December)\b")
COMPARISON_KINDS = ("change", "growth")  # their quote relates two periods: a phrase may name either


def _pattern(words: str) -> re.Pattern:
    """The words as a whole-word, case-blind pattern: "last year's" holds "last year", "last year-end" does not."""
    body = r"\s+".join(re.escape(w) for w in words.split(" "))
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


_PHRASE_PATTERNS = tuple((phrase, _pattern(phrase.words)) for phrase in PHRASES)
_SPAN_PATTERNS = tuple(_pattern(span) for span in SPANS)


@dataclass(frozen=True)
class Found:
    phrase: Phrase
    as_written: str  # the quote's words, white space collapsed ("Last year")

    @property
    def quoted(self) -> str:
        return f"'{self.as_written}'"


@dataclass(frozen=True)
class Resolution:
    period: str
    found: Found
    published: str

    @property
    def origin(self) -> str:
        """What `defaulted["period"]` says: the words read and the date they were counted from."""
        return f'relative: "{self.found.as_written}" in the quote, from published {self.published}'


@dataclass(frozen=True)
class Refusal:
    """Why the quote's words give no period: a problem of the catalogue, its place still to be named."""

    ptype: P.ProblemType
    fields: dict
    variant: str | None = None

    def at(self, file: str, line: int) -> Problem:
        return self.ptype.at(file, line, variant=self.variant, **self.fields)


def phrases_in(quote: str) -> list[Found]:
    """The table's phrases in the quote, in the order they are written."""
    hits = [(m.start(), Found(phrase, " ".join(m.group().split()))) for phrase, pattern in _PHRASE_PATTERNS for m in pattern.finditer(quote)]
    return [found for _, found in sorted(hits, key=lambda hit: hit[0])]


def spans_in(quote: str) -> list[str]:
    return [" ".join(m.group().split()) for pattern in _SPAN_PATTERNS for m in pattern.finditer(quote)]


def period_of(phrase: Phrase, published: dt.date) -> str | None:
    """The period `phrase` names, written as the claim grammar writes it; None before the year 0001."""
    if phrase.grain == "day":
        return published.isoformat()
    if phrase.grain == "year":
        year = published.year - phrase.back
        return f"{year:04d}" if year >= 1 else None
    months = published.year * 12 + published.month - 1 - phrase.back
    year, month = divmod(months, 12)
    return f"{year:04d}-{month + 1:02d}" if year >= 1 else None


def read_quote(quote: str, kind: str, published: str | None) -> Resolution | Refusal | None:
    """The one period the quote's relative words name, counted from `published` (ISO); None when it has no such words.

    The refusals come in the order an analyst can act on: words that would be
    wrong with any date first, then the missing date, then what the date shows.
    """
    found, spans = phrases_in(quote), spans_in(quote)
    if not found and not spans:
        return None
    shown = found[0].quoted if found else f"'{spans[0]}'"
    if kind in COMPARISON_KINDS:
        return Refusal(P.AMBIGUOUS_RELATIVE_PERIOD, {"phrase": shown, "detail": kind}, "comparison")
    if spans:
        return Refusal(P.AMBIGUOUS_RELATIVE_PERIOD, {"phrase": f"'{spans[0]}'", "detail": ""}, "span")
    anaphoric = [f for f in found if f.phrase.anaphoric]
    named = NAMED_PERIOD.search(quote)
    if anaphoric and named:
        return Refusal(P.AMBIGUOUS_RELATIVE_PERIOD, {"phrase": anaphoric[0].quoted, "detail": named.group()}, "anaphoric")
    if published is None:
        return Refusal(P.RELATIVE_PERIOD_WITHOUT_DATE, {"phrase": shown})
    return _counted(found, published)


def _counted(found: list[Found], published: str) -> Resolution | Refusal:
    """Each phrase counted from the published date: one period, or the refusal that says why not."""
    date = dt.date.fromisoformat(published)
    first_of_period: dict[str | None, Found] = {}
    for f in found:
        first_of_period.setdefault(period_of(f.phrase, date), f)
    if None in first_of_period:
        return Refusal(P.AMBIGUOUS_RELATIVE_PERIOD, {"phrase": first_of_period[None].quoted, "detail": published}, "calendar")
    if len(first_of_period) > 1:
        words = " and ".join(f.quoted for f in first_of_period.values())
        return Refusal(P.AMBIGUOUS_RELATIVE_PERIOD, {"phrase": words, "detail": ", ".join(first_of_period)})
    return Resolution(next(iter(first_of_period)), found[0], published)


def fill_missing_period(row: dict, source: dict | None) -> Problem | None:
    """Give a claim row that needs a period and has none the period its quote names; the problem when it cannot.

    Runs after the defaults are filled, so a period stated anywhere (the claim,
    `defaults:`, its ranking) wins over the quote's words.
    """
    if row.get("period") is not None:  # most claims: decided before any import or regex
        return None
    from reconcile.loader.reader import Unreadable  # reader imports this module
    from reconcile.schemas.claims import KIND_NEEDS, is_iso_date

    quote, kind = row.get("quote"), row.get("kind")
    if "period" not in KIND_NEEDS.get(kind, ()) or not isinstance(quote, str):
        return None
    published = (source or {}).get("published")
    if source is None or not (published is None or is_iso_date(published)):
        # No source block, or a published date the sources schema reports: this claim's period is not reported again.
        if phrases_in(quote) or spans_in(quote):
            row["period"] = Unreadable()
        return None
    outcome = read_quote(quote, kind, published)
    if isinstance(outcome, Refusal):
        row["period"] = Unreadable()  # reported here, not again as a missing period
        return outcome.at(row["file"], row["line"])
    if outcome is not None:
        row["period"] = outcome.period
        row["defaulted"]["period"] = outcome.origin
    return None
