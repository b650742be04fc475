"""the official table gives another figure than the claim, and says which one to print.

What it does
    Takes the verdict on each claim against the reference tables (docs/references.md):
    a claim is contradicted when official figures exist for its entity, metric and
    period and none lies within the claim's interval (rounding and qualifier
    allowed). The finding names the official figure to print (the latest vintage on
    the claim's basis), the gap, and what the claim matches instead (another metric,
    period, partner, basis, a flipped sign, a scale slip), if anything.

Why is this bad?
    An editor who prints the claim prints a figure the official statistics do not
    support. When it matches another official figure (imports for exports, the prior
    year) it is almost certainly a mistake; when it cites another method (OEC mirror
    data) it may be right on its own terms, and is reported milder.

Example
    PASS: "Germany: -$84.6 billion" (2024 goods balance) against Census -84,612.1 $M.
    FAIL: "Germany: -$35.4 billion" against Census -84,612.1 $M (58% off, unexplained).

Use instead
    Print the official figure the finding names, or say why the document's figure
    differs (another basis, another period). If the transcription is wrong, fix the
    claim; if the document is wrong, accept the finding in the baseline with that reason.
"""

from __future__ import annotations

from reconcile.rules._context import finding

CODE = "RC501"
NAME = "contradicted-by-official"
DEFAULT_SEVERITY = "warning"
OPTIONS = {}
CHECKS = "assessed claims"
NEEDS_REFERENCES = True

# A gap explained by another method or a cut-off digit is not a mistake of the document's own: reported milder.
MILD_CAUSES = ("different-source", "rounding", "different-basis", "different-adjustment")


def check(ctx, options):
    for a in ctx.assessments.values():
        if a.status != "contradicted":
            continue
        ref = a.reference
        yield finding(
            CODE, NAME, a.message, [a.claim.id], a.cause, soften=a.cause is not None and a.cause.label in MILD_CAUSES,
            official=ref.value, official_source=ref.source, official_vintage=ref.vintage, official_basis=ref.basis,
            official_provenance=str(ref.provenance),
        )  # fmt: skip
