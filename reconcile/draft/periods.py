"""Periods a document's words name, with where they are: years, months, month ranges, halves, quarters, relative words.

Each mention is read into the claim format's period syntax (`2024`, `2025-05`, `2025-01..2025-05`,
`2025-H1`, `2025-Q2`). Words that need a reference to mean a period ("last year", "April", "YTD")
are resolved by `resolve`, from the document's date when it has one and else from the year the
document is mostly about. A mention after "from", "versus" or "compared with" is the period a
change is measured from (`role="from"`), not the figure's own.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Capitalised only: "may" is a verb far more often than a month.
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
YEAR = r"(?:19|20)\d\d"
DASH = r"\s?[-–—‑]\s?"
ORDINAL_HALF = {"first": "H1", "second": "H2"}
ORDINAL_QUARTER = {"first": "Q1", "second": "Q2", "third": "Q3", "fourth": "Q4"}

# (pattern, reader) in order of precedence: a longer reading of the same words first.
_MENTIONS = [
    (rf"\b(?P<ord>first|second) half of (?P<y>{YEAR})\b", "half"),
    (rf"\bH(?P<h>[12])\s?(?P<y>{YEAR})\b|\b(?P<y2>{YEAR})\s?H(?P<h2>[12])\b", "half_code"),
    (rf"\b(?P<ord>first|second|third|fourth) quarter of (?P<y>{YEAR})\b", "quarter"),
    (rf"\bQ(?P<q>[1-4])\s?(?P<y>{YEAR})\b|\b(?P<y2>{YEAR})\s?Q(?P<q2>[1-4])\b|\bQ(?P<q3>[1-4])\b", "quarter_code"),
    (rf"\b(?P<y>{YEAR})\s(?P<m1>{MONTH}){DASH}(?P<m2>{MONTH})(?![A-Za-z])", "month_range"),
    (rf"\b(?P<m1>{MONTH}){DASH}(?P<m2>{MONTH}),?\s(?P<y>{YEAR})\b", "month_range"),
    (rf"\b(?P<m>{MONTH})(?:\s\d{{1,2}},)?\s(?P<y>{YEAR})\b", "month"),
    (rf"\b(?:YTD|year to date)\s(?P<y>{YEAR})\b", "ytd_year"),
    (rf"\b(?P<y>{YEAR}){DASH}(?P<y2>\d\d)\b(?![-–]\d)", "year_label"),
    (rf"(?<![\d$.,])\b(?P<y>{YEAR})\b(?![.,]?\d|\s?%)", "year"),
    (r"(?i:\b)(?P<rel>(?i:last year|past year|previous year|prior year|a year (?:earlier|ago)|this year|so far this year|year to date|YTD|"
     r"last month|previous month|this month|currently|now))\b", "relative"),
    (r"(?i:\b)(?P<n>(?i:two|three|four|five|six|seven|eight|nine|ten|\d{1,2}))\s(?i:years?\s(?:ago|earlier))\b", "years_ago"),
    (rf"\b(?P<m>{MONTH})(?![A-Za-z])", "bare_month"),
]
_COMPILED = [(re.compile(p), kind) for p, kind in _MENTIONS]
FROM_WORDS = re.compile(r"(?:\bfrom|\bsince|\bversus|\bvs\.?|\bcompared (?:with|to)|\bthan|\bover)\s+(?:the\s+|its\s+)?(?:YTD\s+)?$", re.I)
# "figures released last month", "the bureau said in March": when something was said, not the period of any figure.
REPORTING = re.compile(r"\b(?:released|published|reported|announced|issued|updated|revised|posted|said|noted|wrote|told)"
                       r"(?:\s+(?:on|in|at|earlier|late|early))?\s+(?:the\s+)?$", re.I)
# "up from $152.4 billion in 2023": the period of the figure a change is measured from. It belongs to that figure's
# own clause; it is not the period of other figures in the sentence.
BASE_FIGURE = re.compile(r"(?:\bfrom|\bcompared (?:with|to)|\bversus|\bvs\.?|\bthan)\s+(?:about\s+|roughly\s+|nearly\s+)?"
                         r"[$€£]?\d[\d.,]*(?:\s?[%A-Za-z]+){0,2}\s+(?:in|for|during|of)\s+(?:the\s+)?$", re.I)
YEAR_BACK = ("a year earlier", "a year ago")  # the same period one year before, whatever its length
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str  # year, year_label, month, month_range, half, quarter, relative, bare_month, ...
    value: str | None  # the period, when the words alone say it; None for words that need a reference
    words: str
    role: str  # "own" or "from"


@functools.lru_cache(maxsize=4096)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every period mention in `text`, left to right, none overlapping (the longest reading wins); cached, since a
    line is read for each of its figures."""
    taken: list[tuple[int, int]] = []
    out = []
    for pattern, kind in _COMPILED:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            role = _role(text, m.start())
            out.append(Mention(m.start(), m.end(), kind, _read(kind, m), m.group(0), role))
    return tuple(sorted(out, key=lambda x: x.start))


def _role(text: str, start: int) -> str:
    """"from" for the period a change is measured from, "base" for the period of a figure it is measured from,
    "report" for when something was said; else "own"."""
    before = text[max(0, start - 40) : start]
    if REPORTING.search(before):
        return "report"
    if FROM_WORDS.search(before[-30:]):
        return "from"
    if BASE_FIGURE.search(before):
        return "base"
    return "own"


def _read(kind: str, m: re.Match) -> str | None:
    g = m.groupdict()
    if kind == "year":
        return g["y"]
    if kind == "year_label":
        # "2024-25" labels a reporting or fiscal year that starts in 2024; an annual figure is that year's.
        return g["y"] if int(g["y2"]) == (int(g["y"]) + 1) % 100 else None
    if kind == "month":
        return f"{g['y']}-{_month(g['m']):02d}"
    if kind == "month_range":
        return f"{g['y']}-{_month(g['m1']):02d}..{g['y']}-{_month(g['m2']):02d}"
    if kind == "half":
        return f"{g['y']}-{ORDINAL_HALF[g['ord']]}"
    if kind == "half_code":
        return f"{g['y'] or g['y2']}-H{g['h'] or g['h2']}"
    if kind == "quarter":
        return f"{g['y']}-{ORDINAL_QUARTER[g['ord']]}"
    if kind == "quarter_code" and (g["y"] or g["y2"]):
        return f"{g['y'] or g['y2']}-Q{g['q'] or g['q2']}"
    return None  # a bare quarter, a bare month, relative words: resolved against a reference


def _month(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


# --- references: the document's date and the year it is about ----------------------------

ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
WRITTEN_DATE = re.compile(rf"\b(?P<m>{MONTH})\s(?P<d>\d{{1,2}}),\s(?P<y>{YEAR})\b")
DATE_LINES = 5  # a dateline is at the top


def document_date(lines: list[str]) -> dt.date | None:
    """The date at the top of the document ("date 2025-04-26", "April 26, 2025"), if it gives one."""
    found = _dateline(lines)
    return found[1] if found else None


def dateline(lines: list[str]) -> int | None:
    """The line number of the date at the top of the document: it says when the document was written, so it is no
    heading whose period governs the lines below it."""
    found = _dateline(lines)
    return found[0] if found else None


def _dateline(lines: list[str]) -> tuple[int, dt.date] | None:
    for number, line in enumerate(lines[:DATE_LINES], start=1):
        for pattern in (ISO_DATE, WRITTEN_DATE):
            m = pattern.search(line)
            if m:
                month = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
                try:
                    return number, dt.date(int(m["y"]), month, int(m["d"]))
                except ValueError:
                    continue
    return None


def dominant_year(lines: list[str], skip: int | None = None) -> str | None:
    """The year the document names most often as a figure's own period (the latest among equals); line `skip`
    (the dateline) does not count."""
    counts: Counter[str] = Counter()
    for number, line in enumerate(lines, start=1):
        if number == skip:
            continue
        for mention in mentions(line):
            if mention.role == "own" and mention.value and mention.kind in ("year", "year_label", "month"):
                counts[mention.value[:4]] += 1
    if not counts:
        return None
    return max(counts, key=lambda year: (counts[year], year))


@dataclass(frozen=True)
class Reference:
    """What relative words are resolved against."""

    date: dt.date | None  # the document's own date
    year: str | None  # the year the document is mostly about
    month: str | None = None  # the month in force where the words are (a "May 2025" heading), YYYY-MM


def resolve(mention: Mention, ref: Reference, own: str | None = None) -> tuple[str | None, float]:
    """(period, confidence) of a mention; `own` is the figure's own period, which "the previous year" counts back from."""
    if mention.value:
        return mention.value, 0.9 if mention.kind != "year_label" else 0.7
    words = mention.words.lower()
    base_year = (own or "")[:4] or ref.year
    if mention.kind == "bare_month":
        year = (ref.month or own or ref.year or "")[:4]
        return (f"{year}-{_month(mention.words):02d}", 0.7) if year else (None, 0.0)
    if mention.kind == "quarter_code":
        return (f"{base_year}-Q{mention.words[-1]}", 0.6) if base_year else (None, 0.0)
    if words in YEAR_BACK and own and len(own) > 4:
        return shift(own, -1), 0.7  # "$268.1 billion a year earlier" beside a year-to-date figure: the same months
    if words in ("previous year", "prior year", *YEAR_BACK) and base_year:
        return str(int(base_year) - 1), 0.8
    if mention.kind == "years_ago" and base_year:
        # "five years ago" in an article about 2024's figures: counted back from the year the figures are about,
        # as "a year ago" is.
        count = NUMBER_WORDS.get(mention.words.split()[0].lower()) or int(mention.words.split()[0])
        return str(int(base_year) - count), 0.6
    if mention.kind == "ytd_year":
        return (shift(_year_to_date(ref), int(mention.words[-4:]) - int(ref.month[:4])), 0.7) if ref.month else (None, 0.0)
    if words in ("ytd", "year to date", "so far this year"):
        return _year_to_date(ref), 0.7 if ref.month else 0.0
    return _from_today(words, ref)


def _year_to_date(ref: Reference) -> str | None:
    if not ref.month:
        return None
    year, month = ref.month[:4], ref.month[5:7]
    return f"{year}-01..{year}-{month}"


def _from_today(words: str, ref: Reference) -> tuple[str | None, float]:
    """Words that count from the time of writing: the document's date, else the year the document is about."""
    if ref.date:
        today = ref.date
        if words in ("last year", "past year"):
            return str(today.year - 1), 0.8
        if words == "this year":
            return str(today.year), 0.8
        if words in ("currently", "now", "this month"):
            return f"{today.year}-{today.month:02d}", 0.6
        if words in ("last month", "previous month"):
            prev = today.replace(day=1) - dt.timedelta(days=1)
            return f"{prev.year}-{prev.month:02d}", 0.7
        return None, 0.0
    # Undated: an article about one year says "last year" and "this year" of that year.
    if words in ("last year", "past year", "this year") and ref.year:
        return ref.year, 0.6
    return None, 0.0


def shift(period: str, years: int) -> str:
    """`period` moved by whole years: the same months of another year ("versus YTD 2024")."""
    return re.sub(YEAR, lambda m: str(int(m.group(0)) + years), period)


def months_back(month: str, count: int) -> str:
    """The range of `count` months ending with `month` (YYYY-MM): a "three-month average" in May 2025 -> 2025-03..2025-05."""
    year, m = int(month[:4]), int(month[5:7])
    index = year * 12 + m - 1 - (count - 1)
    return f"{index // 12}-{index % 12 + 1:02d}..{month}"


def previous(period: str) -> str | None:
    """The period before `period` of the same length: a year, a quarter or a month. A half or a range has two
    readings (the period before, or the same period a year earlier), so it has none here."""
    if re.fullmatch(r"\d{4}", period):
        return str(int(period) - 1)
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    if m:
        year, quarter = int(m[1]), int(m[2])
        return f"{year}-Q{quarter - 1}" if quarter > 1 else f"{year - 1}-Q4"
    m = re.fullmatch(r"(\d{4})-(\d\d)", period)
    if m:
        year, month = int(m[1]), int(m[2])
        return f"{year}-{month - 1:02d}" if month > 1 else f"{year - 1}-12"
    return None
