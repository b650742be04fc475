"""a stated share must equal its part divided by its total.

What it does
    For each `kind: share` claim ("energy made up 12.4% of all exports",
    "Canada took 17.5% of US goods exports", "together these three took
    31.8%"), finds the level of its part (the figure named by `subject:`,
    `metric:`, `product:`, or the sum of the `parts:`) and of its total (the
    figure named under `of:`) for the period — the document's own figures
    where it states them, other sources' otherwise — and compares part /
    total × 100, as an interval, with the stated share.

Why is this bad?
    A share is computed by the writer from two figures, often printed in
    the same paragraph; a share its own figures do not give is a slip in
    the division, a part or total from another table, or a share of a
    different total than the sentence says ("of all exports" vs "of goods
    exports").

Example
    PASS: energy exports $256.0 billion of total exports $2,064.1 billion,
          stated as 12.4% (256.0 / 2,064.1 = 12.40%).
    FAIL: the same figures stated as 14.2% (they give 12.40%).

Use instead
    Check `of:` against the document's words (which total the share is
    of: goods or goods and services, all partners or a region) and both
    figures. If the writer divided wrong, quote the figures rather than
    the share, and accept the finding in the baseline with that reason.
"""

from __future__ import annotations

from reconcile.causes import relational_cause
from reconcile.numbers import Interval, percent_points
from reconcile.rules._context import figure_name, finding, interval, published
from reconcile.rules._shares import part_level, total_level

CODE = "RC307"
NAME = "share-of-total"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "share claims"


def check(ctx, options):
    index = ctx.level_index
    for claim in ctx.of_kind("share"):
        if claim.of is None:
            continue
        part, whole = part_level(index, claim), total_level(index, claim)
        if part is None or whole is None:
            continue  # nothing to divide: coverage of the levels is not this rule's business
        ratio = part.interval.divide(whole.interval)
        if ratio is None:
            continue  # a total that may be zero gives no share
        computed = Interval(ratio.lo * 100, ratio.hi * 100)
        if computed.overlaps(interval(claim)):
            continue
        cause, soft = relational_cause(claim, [part, whole])
        said = percent_points(computed, ".2f")
        cause.evidence.append(f"part / total = {part.said} / {whole.said} = {said}; stated {published(claim)}")
        yield finding(
            CODE, NAME,
            f"{claim.source} states {figure_name(claim)} as {published(claim)}, but the part {part.said} of the "
            f"total {whole.said} is {said}.",
            [claim.id, *part.ids, *whole.ids], cause,
            computed_share=said, share_lo=computed.lo, share_hi=computed.hi, soften=soft,
        )  # fmt: skip
