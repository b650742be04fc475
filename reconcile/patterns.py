"""Regular expressions written by analysts (a skip entry's `pattern:`), compiled and run within stated bounds.

A claim file is input from anyone, and a regular expression is a small
program: with Python's ``re`` a pattern such as ``(\\w+\\s?)+$`` backtracks for
hours over one line of a document, and nothing can stop it. Patterns are
therefore compiled with the ``regex`` package, whose matching takes a timeout,
and bounded three ways before and while they run:

- the pattern's length (``MAX_PATTERN_LENGTH`` characters);
- its counted repeats: ``regex`` expands ``x{1000}`` into a thousand copies
  when it compiles, so ``(?:a{1000}){1000}`` takes 270 MB and ``(a{65535}){65535}``
  all the memory there is; their product, summed over the pattern, is at most
  ``MAX_REPEAT_EXPANSION``;
- the time it may take over one document (``PATTERN_SECONDS``, the lines of
  the document together), after which the pattern is an input problem at its
  skip entry, never a hang.

Each bound is an input problem of the catalogue (invalid-skip-pattern).
"""

from __future__ import annotations

import time

import regex

MAX_PATTERN_LENGTH = 500  # characters; the repository's longest skip pattern has 110
MAX_REPEAT_EXPANSION = 10_000  # items that counted repeats may expand to when the pattern is compiled
PATTERN_SECONDS = 2.0  # per pattern and document: the repository's patterns take milliseconds; 250,000 matches on a 1 MB line, 0.7 s

_COUNT = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPES = set("pPNxgu")  # \p{L}, \N{EN DASH}, \x{2013}, \g{1}: one item, not a counted repeat


class PatternTooSlow(Exception):
    """A pattern took longer than PATTERN_SECONDS over one document."""


def refusal(pattern: str) -> tuple[str, dict] | None:
    """Why the pattern cannot be used, as (problem variant, its fields), or None when it is within bounds.

    The variant is None for a pattern that is not a regular expression at all
    (fields: ``error``), "too-long" or "too-large" for one over a bound.
    """
    if len(pattern) > MAX_PATTERN_LENGTH:
        return "too-long", {"length": len(pattern), "limit": MAX_PATTERN_LENGTH}
    expansion = repeat_expansion(pattern)
    if expansion > MAX_REPEAT_EXPANSION:
        return "too-large", {"expansion": expansion, "limit": MAX_REPEAT_EXPANSION}
    try:
        regex.compile(pattern, regex.MULTILINE)
    except (regex.error, OverflowError, ValueError, RecursionError) as exc:
        return None, {"error": str(exc)}
    return None


def compile_pattern(pattern: str) -> regex.Pattern:
    """The compiled pattern; call ``refusal`` first (this raises for a refused one)."""
    return regex.compile(pattern, regex.MULTILINE)


def repeat_expansion(pattern: str) -> int:
    """How many items the pattern's counted repeats ({n}, {n,m}) ask the compiler to lay out, at most.

    Every item (a character, a class, an escape, a group) counts 1, times the
    counts of the repeats around it; a repeat counts its upper bound, or its lower
    one when it has none. An over-estimate on purpose: it only has to be cheap
    and never below what compiling costs.
    """
    frames: list[list[int]] = [[0, 0]]  # per open group: [total so far, weight of its last item]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        count = _COUNT.match(pattern, i) if ch == "{" else None
        if count and (count[1] or count[2]):
            times = int(count[2] or count[1])
            total, last = frames[-1]
            frames[-1] = [total + last * (times - 1), last * times]
            i = count.end()
            continue
        if ch == "(":
            frames.append([0, 0])
            i += 1
            continue
        if ch == ")" and len(frames) > 1:
            weight = frames.pop()[0]
            frames[-1] = [frames[-1][0] + weight, weight]
            i += 1
            continue
        i = _item_end(pattern, i)
        frames[-1] = [frames[-1][0] + 1, 1]
    return sum(total for total, _ in frames)


def _item_end(pattern: str, i: int) -> int:
    """The index after the one item that starts at i: an escape, a character class or a character."""
    if pattern[i] == "\\":
        if i + 2 < len(pattern) and pattern[i + 1] in _BRACED_ESCAPES and pattern[i + 2] == "{":
            close = pattern.find("}", i + 2)
            return close + 1 if close >= 0 else len(pattern)
        return min(i + 2, len(pattern))
    if pattern[i] == "[":
        j = i + 1
        if j < len(pattern) and pattern[j] == "^":
            j += 1
        if j < len(pattern) and pattern[j] == "]":  # a leading ] is a member, not the end
            j += 1
        while j < len(pattern) and pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return min(j + 1, len(pattern))
    return i + 1


def spans(compiled: regex.Pattern, lines: list[str], seconds: float = PATTERN_SECONDS) -> list[tuple[int, int, int]]:
    """(line number, start, end) of every match, line by line; PatternTooSlow past `seconds` for all the lines."""
    deadline = time.monotonic() + seconds
    out = []
    for number, text in enumerate(lines, start=1):
        left = deadline - time.monotonic()
        if left <= 0:
            raise PatternTooSlow
        try:
            # The timeout bounds the search for each match; the deadline, all of them over the document.
            for m in compiled.finditer(text, timeout=left):
                out.append((number, m.start(), m.end()))
                if time.monotonic() > deadline:
                    raise PatternTooSlow
        except TimeoutError:
            raise PatternTooSlow from None
    return out
