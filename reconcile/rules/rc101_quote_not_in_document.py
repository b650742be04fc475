"""the claim's quote does not appear in its document.

What it does
    Looks for each claim's quote in the source document, with whitespace,
    dashes and curly quotes normalised ("–" matches "-", "’" matches "'").

Why is this bad?
    A figure that cannot be traced to the document's words cannot be trusted;
    a quote that is not there was paraphrased, mistyped, or belongs to another
    document.

Example
    PASS: quote "1. China: –$295.4 billion" and the document has "1. China: –$295.4 billion".
    FAIL: quote "China: –$259.4 billion" and the document has no such words.

Use instead
    Copy the document's exact words into `quote:`, digits and signs as
    printed. If the words are in another document, move the claim to that
    document's claim file.
"""

from __future__ import annotations

from reconcile.causes import quote_not_found_cause
from reconcile.rules._context import finding

CODE = "RC101"
NAME = "quote-not-in-document"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "quotes"
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = ctx.provenance
    for cid, q in prov.quotes.items():
        if q.found_line is None:
            row = ctx.claim(cid)
            yield finding(
                CODE, NAME,
                f"the quote of {cid} is not in {q.document}: \"{row['quote'][:120]}\" — copy the document's exact words.",
                [cid], quote_not_found_cause(),
            )  # fmt: skip
