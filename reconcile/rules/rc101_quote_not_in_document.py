"""RC101 quote-not-in-document: the claim's quote does not appear in its document.

What it does
    Looks for each claim's quote in the source document, with whitespace,
    dashes and curly quotes normalised ("–" matches "-", "’" matches "'").

Why
    A figure that cannot be traced to the document's words cannot be trusted;
    a quote that is not there was paraphrased, mistyped, or belongs to another
    document.

Example
    PASS: quote "1. China: –$295.4 billion" and the document has "1. China: –$295.4 billion".
    FAIL: quote "China: –$259.4 billion" and the document has no such words.
"""

from __future__ import annotations

from reconcile.causes import quote_not_found_cause
from reconcile.provenance import provenance
from reconcile.rules._context import finding

CODE = "RC101"
NAME = "quote-not-in-document"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = provenance(ctx)
    ctx.count(CODE, len(prov.quotes))
    for cid, q in prov.quotes.items():
        if q.found_line is None:
            row = ctx.row(cid)
            yield finding(
                CODE, NAME,
                f"the quote of {cid} is not in {q.document}: \"{row['quote'][:120]}\" — copy the document's exact words.",
                [cid], quote_not_found_cause(),
            )  # fmt: skip
