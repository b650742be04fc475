"""a number in the document is neither transcribed nor skipped.

What it does
    Lists every number in each document (the same scan as `reconcile
    coverage`) that no claim covers and no `skip:` entry explains.

Why is this bad?
    A transcription that silently leaves figures out hides exactly the
    contradictions this tool exists to find. Skipping is fine — with a reason.

Example
    PASS: "90-day" is under skip: with reason "a negotiation window, not a trade figure".
    FAIL: "$22 billion worth of German vehicles" has no claim and no skip entry.

Use instead
    Transcribe the number as a claim, or add a `skip:` entry (a `line` and
    its `text`, or a `pattern`) with the reason it is not a figure.
    `reconcile coverage` lists what is left.
"""

from __future__ import annotations

from reconcile.rules._context import finding

CODE = "RC106"
NAME = "untranscribed-number"
DEFAULT_SEVERITY = "warning"
OPTIONS = {}
CHECKS = "document numbers"
NEEDS_DOCUMENTS = True


def check(ctx, options):
    for report in ctx.coverage:
        for gap in report.gaps:
            yield finding(
                CODE, NAME,
                f"{report.document} line {gap.token.line} states {gap.token.text.strip()!r}, which no claim transcribes "
                f"and no skip entry explains: add a claim, or a skip with its reason.",
                [], key=f"{report.document}:{gap.token.line}:{gap.token.start}",
                location=ctx.source_location(report.source, "document"),
            )
