"""a figure excluding a named part must equal the total minus that part.

What it does
    For each value claim of a residual scope (`excluding: {product: energy}`:
    "the goods deficit excluding energy was $1,065 billion"), finds the level
    of the total (the same subject, metric and period over the claim's own
    product scope, all goods by default) and of the part left out (the same
    figure for the excluded product) — the document's own where it states
    them, other sources' otherwise — and compares total − part, as an
    interval, with the stated figure.

Why is this bad?
    A figure "excluding energy" is computed by the writer, or taken from a
    table that defines the part differently; when the document's own total
    and part do not give it, one of the three is mistyped, or the part left
    out is not the one the sentence names.

Example
    PASS: goods balance -$1,211.7 billion, energy balance $28.0 billion,
          stated excluding energy as -$1,239.7 billion (−1,211.7 − 28.0).
    FAIL: the same figures, stated excluding energy as -$1,183.7 billion
          (the total plus the part: the part added, not subtracted).

Use instead
    Check `excluding:` against the document's words (the part it names,
    energy or petroleum) and the sign of the part (an energy surplus makes
    the rest of the balance deeper). If the writer subtracted wrong, quote
    the total and the part rather than the residual, and accept the finding
    in the baseline with that reason.
"""

from __future__ import annotations

from reconcile.causes import identity_cause, relational_cause
from reconcile.numbers import human_interval
from reconcile.rules._context import figure_name, finding, interval, published
from reconcile.verdicts import stated_basis

CODE = "RC309"
NAME = "residual-scope"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "residual claims"


def check(ctx, options):
    index = ctx.level_index
    for claim in ctx.residuals:
        of = claim.of
        whole = index.level(of.subject, of.metric, of.period, of.product, claim.source, stated_basis(claim))
        part = index.level(of.subject, of.metric, of.period, claim.excluding, claim.source, stated_basis(claim))
        if whole is None or part is None:
            continue  # nothing to subtract: coverage of the levels is not this rule's business
        computed = whole.interval - part.interval
        stated = interval(claim)
        if computed.overlaps(stated):
            continue
        cause, soft = relational_cause(claim, [whole, part])
        if not soft:  # the document's own three figures: a sign slip or bad subtraction (as RC301 words it)
            cause = identity_cause(computed, stated, "residual = total − part", [whole.said, part.said], claim.unit, published(claim))
        yield finding(
            CODE, NAME,
            f"{claim.source} states {figure_name(claim)} as {published(claim)}, but the total {whole.said} minus "
            f"{claim.excluding} {part.said} is {human_interval(computed, claim.unit)}.",
            [claim.id, *whole.ids, *part.ids], cause,
            computed_residual=human_interval(computed, claim.unit), residual_lo=computed.lo, residual_hi=computed.hi, soften=soft,
        )  # fmt: skip
