"""Published figures as intervals.

A published "$140.5 billion" is not the number 140.5: it is any true value that a
publisher would round to 140.5, i.e. [140.45, 140.55]. Qualifiers widen or
bound that interval. Two figures conflict only when their intervals cannot
both hold, so rounding noise never raises an alarm.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

INF = math.inf


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    def __post_init__(self):
        if self.lo > self.hi:
            lo, hi = self.hi, self.lo  # swap both at once: setting lo first would lose it
            object.__setattr__(self, "lo", lo)
            object.__setattr__(self, "hi", hi)

    @classmethod
    def point(cls, x: float) -> Interval:
        return cls(x, x)

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo)

    def scale(self, k: float) -> Interval:
        return Interval(self.lo * k, self.hi * k) if k >= 0 else Interval(self.hi * k, self.lo * k)

    def magnitude(self) -> Interval:
        """|x| for x in the interval."""
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        return Interval(0.0, max(-self.lo, self.hi))

    def divide(self, other: Interval) -> Interval | None:
        """self / other, or None when other may be zero."""
        if other.lo <= 0 <= other.hi:
            return None
        cands = [self.lo / other.lo, self.lo / other.hi, self.hi / other.lo, self.hi / other.hi]
        cands = [c for c in cands if not math.isnan(c)]
        return Interval(min(cands), max(cands))

    def overlaps(self, other: Interval, slack: float = 0.0) -> bool:
        return self.lo <= other.hi + slack and other.lo <= self.hi + slack

    def contains(self, x: float) -> bool:
        return self.lo <= x <= self.hi

    def gap(self, other: Interval) -> float:
        """Distance between the intervals (0 when they overlap)."""
        return max(0.0, self.lo - other.hi, other.lo - self.hi)

    @property
    def mid(self) -> float:
        if math.isinf(self.lo) or math.isinf(self.hi):
            return self.lo if math.isinf(self.hi) else self.hi
        return (self.lo + self.hi) / 2

    def __str__(self) -> str:
        return f"[{fmt(self.lo)}, {fmt(self.hi)}]"


def hull(intervals) -> Interval:
    """The smallest interval holding every one of them: what several figures allow together at most."""
    ivs = list(intervals)
    return Interval(min(i.lo for i in ivs), max(i.hi for i in ivs))


def meet(intervals) -> Interval | None:
    """The intersection of the intervals, or None when they cannot all hold at once."""
    ivs = list(intervals)
    lo, hi = max(i.lo for i in ivs), min(i.hi for i in ivs)
    return Interval(lo, hi) if lo <= hi else None


def total(intervals) -> Interval:
    out = Interval(0.0, 0.0)
    for iv in intervals:
        out = out + iv
    return out


# --- literals and precision -------------------------------------------------


class NumberLiteral(str):
    """A YAML scalar that YAML itself reads as a number, kept as its exact text ("63.0")."""


_LITERAL = re.compile(r"^[+-]?(\d+(?:,\d{3})*|\d*)(?:\.(\d+))?\Z", re.ASCII)


@functools.lru_cache(maxsize=1 << 18)  # the schema, the interval and the table all parse each literal
def parse_literal(text: str) -> Decimal | None:
    """The number a published literal denotes ("1,058" -> 1058), or None."""
    text = str(text).strip().replace("−", "-").replace("–", "-")
    if not _LITERAL.match(text) or not any(ch.isdigit() for ch in text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def parse_precision(value) -> float | None:
    """A claim's `precision:` as a float, or None when absent or not a non-negative finite number."""
    if value is None or isinstance(value, bool) or not isinstance(value, (NumberLiteral, int, float)):
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    number = parse_literal(str(value))
    if number is None or not number.is_finite() or number < 0:
        return None
    return float(number)


def literal_precision(text: str, trailing_zeros_rounded: bool = True) -> float:
    """Half a unit of the last significant digit of a published literal.

    "140.5" -> 0.05, "63" -> 0.5, "620" -> 5 (an integer ending in zeros may have
    been rounded to tens: we do not cry wolf over it), "1,000" -> 500.
    """
    text = str(text).strip().lstrip("+-−–").replace(",", "")
    if "." in text:
        decimals = len(text.split(".", 1)[1])
        return 0.5 * 10 ** (-decimals)
    if trailing_zeros_rounded:
        digits = text.lstrip("0")
        zeros = len(digits) - len(digits.rstrip("0")) if digits else 0
        return 0.5 * 10**zeros
    return 0.5


@dataclass(frozen=True)
class Tolerances:
    about: float = 0.10  # "about 100" holds for 90..110
    nearly: float = 0.10  # "nearly 500" holds for 450..500
    trailing_zeros_rounded: bool = True
    round_zeros_max: float = 0.05  # ... but by at most 5 % of the figure ("100" is 95..105)


BOUND_QUALIFIERS = {"over", "at_least", "under", "at_most"}


def claim_interval(
    literal: str,
    qualifier: str = "exact",
    precision: float | None = None,
    exact_unit: bool = False,
    tol: Tolerances = Tolerances(),
) -> Interval:
    """The interval of true values (in the literal's own scale) a published figure allows.

    Qualifiers bound the magnitude, as the words do: "a deficit of over $100
    billion" is a balance below -100.
    """
    value = parse_literal(literal)
    if value is None:
        raise ValueError(f"not a number: {literal!r}")
    v = float(value)
    sign = -1.0 if v < 0 else 1.0
    m = abs(v)
    if precision is None:
        if exact_unit:
            precision = 0.0
        elif qualifier in BOUND_QUALIFIERS or qualifier in ("nearly", "about"):
            # A bound is stated as a bound: "over 100" means above 100, not above 50;
            # "about 100" already says it is round: its band is tol.about (90..110), not 50..150.
            precision = literal_precision(literal, trailing_zeros_rounded=False)
        else:
            precision = literal_precision(literal, tol.trailing_zeros_rounded)
            # A round figure may hide rounding to tens, not to a different number:
            # "$100 billion" is not 50..150. Cap the widening at round_zeros_max of the figure.
            last_digit = literal_precision(literal, trailing_zeros_rounded=False)
            precision = max(last_digit, min(precision, tol.round_zeros_max * m))
    if qualifier == "exact":
        mag = Interval(m - precision, m + precision)
    elif qualifier == "about":
        band = max(precision, tol.about * m)
        mag = Interval(m - band, m + band)
    elif qualifier == "nearly":
        mag = Interval(m * (1 - tol.nearly), m + precision)
    elif qualifier in ("over", "at_least"):
        mag = Interval(m, INF)
    elif qualifier in ("under", "at_most"):
        mag = Interval(0.0, m)
    else:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    if qualifier != "exact":  # a band never crosses zero: "about 5" is not "maybe -0.5"
        mag = Interval(max(mag.lo, 0.0), mag.hi)
    return mag if sign > 0 else -mag


# --- formatting -------------------------------------------------------------


def fmt(x: float, digits: int = 4) -> str:
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.{digits}g}" if abs(x) >= 1e4 else f"{x:.{digits}g}"


HUGE_RATIO = 1000.0  # past ±100,000 % a percentage has stopped meaning anything but "a different order of magnitude"


def percent(ratio: float | None, spec: str = ".0%") -> str:
    """A ratio (0.58) as a percentage ("58%"): "n/a" when there is none (a zero or infinite base), never "nan%" or "inf%".

    A ratio past ±HUGE_RATIO (a base of about zero) keeps three digits: "+5e+29%", not thirty.
    """
    if ratio is None or not math.isfinite(ratio):
        return "n/a"
    if abs(ratio) >= HUGE_RATIO:
        return f"{ratio * 100:{'+' if '+' in spec else ''}.3g}%"
    return f"{ratio:{spec}}"


def relative_gap(x: float, y: float) -> float | None:
    """How far apart two published figures are, as a fraction of the larger: 1,215.4 vs 1,200.9 -> 0.0119.

    On the figures as published, never on the midpoints of their rounding intervals, which no source published.
    None when both are zero.
    """
    base = max(abs(x), abs(y))
    return abs(x - y) / base if base else None


def apart(ratio: float | None) -> str:
    """A relative gap in words, with the digits it needs: "58% apart", "1.0% apart", "0.4% apart", "0.04% apart".

    Never "0% apart" for a gap that is there: small gaps keep decimals until a digit shows.
    """
    if ratio is None or not math.isfinite(ratio) or abs(ratio) >= HUGE_RATIO:
        return f"{percent(ratio)} apart"
    if ratio == 0:
        return "the same as published"
    points = abs(ratio) * 100
    if points >= 10:
        return f"{points:.0f}% apart"
    decimals = max(1, -math.floor(math.log10(points)))  # the first digit that is not zero, at least one decimal
    return f"{points:.{decimals}f}% apart"


def band_words(low: float, high: float) -> str:
    """A band of relative gaps as a range: [0.002, 0.025] -> "0.2–2.5%", [0, 0.25] -> "0–25%"."""
    return f"{low * 100:.3g}–{high * 100:.3g}%"


def percent_points(iv: Interval, spec: str = "+.1f") -> str:
    """An interval already in percent (a growth rate), with its unbounded end in words: "at least +90.5%"."""
    lo, hi = (f"{x:{spec}}%" if math.isfinite(x) else None for x in (iv.lo, iv.hi))
    if lo and hi:
        return f"{lo} to {hi}"
    if lo:
        return f"at least {lo}" if iv.hi > 0 else "n/a"
    if hi:
        return f"at most {hi}" if iv.lo < 0 else "n/a"
    return "n/a"


SCALE_WORDS = {1.0: "", 1e3: " thousand", 1e6: " million", 1e9: " billion", 1e12: " trillion"}


def human(amount: float, unit: str = "USD") -> str:
    """A base-unit amount as an analyst would write it: -1.205e12 USD -> "-$1.205 trillion"."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "n/a"
    if math.isinf(amount):
        return fmt(amount)
    if unit == "percent":
        return f"{amount:.4g}%"
    if unit in ("count", "rank"):
        if abs(amount) >= 1e6:
            return f"{amount / 1e6:.4g} million"
        return fmt(round(amount, 2))
    sign = "-" if amount < 0 else ""
    a = abs(amount)
    for factor in (1e12, 1e9, 1e6, 1e3):
        if a >= factor:
            return f"{sign}${a / factor:.4g}{SCALE_WORDS[factor]}"
    return f"{sign}${a:,.4g}"


def human_interval(iv: Interval, unit: str = "USD") -> str:
    if iv.lo == iv.hi or human(iv.lo, unit) == human(iv.hi, unit):  # narrower than we print
        return human(iv.mid, unit)
    if math.isinf(iv.hi):
        return f"at least {human(iv.lo, unit)}"
    if math.isinf(iv.lo):
        return f"at most {human(iv.hi, unit)}"
    return f"{human(iv.lo, unit)} to {human(iv.hi, unit)}"


# --- periods ----------------------------------------------------------------

_PERIOD = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>0[1-9]|1[0-2])(?:-(?P<d>\d{2}))?|Q(?P<q>[1-4])|H(?P<h>[12])))?\Z",
    re.ASCII,  # "٢٠٢٤" is not the period 2024 as written anywhere else
)


@dataclass(frozen=True)
class Period:
    text: str
    start: dt.date
    end: dt.date
    grain: str  # year, half, quarter, month, day, range

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def _single(text: str) -> Period | None:
    m = _PERIOD.match(text)
    if not m:
        return None
    try:
        return _dated(m, text)
    except ValueError:  # no such day (2024-02-30) or year (0000): not a period
        return None


def _dated(m: re.Match, text: str) -> Period:
    """The period a well-formed match names; ValueError when the calendar has no such day."""
    y = int(m["y"])
    if m["d"]:
        day = dt.date(y, int(m["m"]), int(m["d"]))
        return Period(text, day, day, "day")
    if m["m"]:
        mo = int(m["m"])
        return Period(text, dt.date(y, mo, 1), _month_end(y, mo), "month")
    if m["q"]:
        q = int(m["q"])
        return Period(text, dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
    if m["h"]:
        h = int(m["h"])
        return Period(text, dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half")
    return Period(text, dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _month_end(y: int, m: int) -> dt.date:
    # From the month's length, not "the day before the next month": December 9999 has no next month.
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def parse_period(text) -> Period | None:
    """A period from its text, or None when it is not a valid period."""
    if text is None:
        return None
    text = str(text).strip()
    if ".." in text:
        a, _, b = text.partition("..")
        pa, pb = _single(a), _single(b)
        if not pa or not pb or pb.end < pa.start:
            return None
        return Period(text, pa.start, pb.end, "range")
    return _single(text)
