"""the number in the quote is not the claim's value.

What it does
    Finds the numbers inside the located quote and checks that one of them
    states the claim's value: the same digits (commas ignored), the same
    scale word (million/billion/trillion, B, bn), a sign consistent with the
    quote (a minus sign, or "deficit" for a balance, means a negative value),
    and a percent sign only for percentages. Ranks may be stated in words
    ("second-largest", "record").

Why is this bad?
    This is where transcription goes wrong: a dropped minus sign, a million
    read as a billion, two digits swapped. Each would surface later as a
    false discrepancy between sources.

Example
    PASS: quote "trade deficit of $295.4 billion", value -295.4, scale billion.
    FAIL: quote "$425.3 million", value 425.3, scale billion (a scale slip).
    FAIL: quote "a trade deficit of $45.7 billion", value 45.7 (dropped minus sign).

Use instead
    Write `value:` with the quote's digits and a sign from the reporter's
    side (a deficit is negative), and `scale:` as the quote's scale word says.
    If the value is right but comes from another passage, quote that passage.
"""

from __future__ import annotations

from reconcile.causes import quote_value_cause
from reconcile.rules._context import finding

CODE = "RC103"
NAME = "quote-value-mismatch"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "quotes"
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = ctx.provenance
    for cid, q in prov.quotes.items():
        if q.found_line is None:
            continue
        if q.value_problem:
            yield finding(
                CODE, NAME,
                f"{cid} does not say what its quote says: {q.value_problem}.",
                [cid], quote_value_cause(q.cause, ctx.claim(cid)["quote"]),
            )  # fmt: skip
