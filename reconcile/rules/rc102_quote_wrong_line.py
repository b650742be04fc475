"""the quote is in the document, but not at the stated line.

What it does
    Compares the line where the quote is found with the claim's `line`.

Why is this bad?
    The line is how a reader finds the figure in its context; a wrong line
    sends every reviewer to the wrong paragraph.

Example
    PASS: line: 9 and the quote is on line 9.
    FAIL: line: 19 and the quote is on line 9.

Use instead
    Set `line:` to the line the finding names, where the quote is found
    (lines are 1-based).
"""

from __future__ import annotations

from reconcile.causes import quote_wrong_line_cause
from reconcile.rules._context import finding

CODE = "RC102"
NAME = "quote-wrong-line"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "quotes"
NEEDS_DOCUMENTS = True


def check(ctx, options):
    prov = ctx.provenance
    for cid, q in prov.quotes.items():
        row = ctx.claim(cid)
        if q.found_line is not None and q.found_line != int(row["quote_line"]):
            yield finding(
                CODE, NAME,
                f"the quote of {cid} is on line {q.found_line} of {q.document}, not line {row['quote_line']}.",
                [cid], quote_wrong_line_cause(q.found_line),
                found_line=q.found_line,
            )  # fmt: skip
