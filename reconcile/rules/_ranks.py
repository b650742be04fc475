"""Shared pieces of the ranking rules: the items of a ranking and what 'comes before' means."""

from __future__ import annotations

from reconcile.numbers import Interval


def certainly_before(a: Interval, b: Interval, order: str) -> bool:
    """a ranks strictly ahead of b whatever the rounding: more negative (ascending) or larger (descending)."""
    return a.hi < b.lo if order == "ascending" else a.lo > b.hi


def ordinal(n: float) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


ORDER_WORDS = {"ascending": "most negative first, i.e. largest deficit first", "descending": "largest first"}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
