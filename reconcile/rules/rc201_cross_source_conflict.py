"""two sources state incompatible values for the same figure.

What it does
    Groups plain value claims and share claims by figure (entity after alias
    resolution, metric, period, product scope, status; for a share, also the
    total it is of) and reports sources whose figures cannot
    both be true once rounding and qualifiers are allowed for. Figures from
    different known data lineages (Census vs OEC mirror data) that differ by
    no more than `lineage-tolerance` are expected to differ and are not
    reported.

Why is this bad?
    When two documents disagree on the same statistic at least one of them is
    wrong, or they are not measuring the same thing; a reader needs to know
    before quoting either.

Example
    PASS: "-$295.4 billion" (source A) and "$295B deficit" (source B) for China 2024:
          [-295.45, -295.35] and [-295.5, -294.5] overlap.
    FAIL: "-$35.4 billion" (source A) and "$85B deficit" (source B) for Germany 2024.

Use instead
    Check both transcriptions first. Then find out which figure is right:
    compare the documents' definitions (goods, or goods and services), periods
    and data sources. If the documents measure different things, say so in
    the claims (`product:`, `status:`, the source's `lineage:`); if both stand
    as published, quote the one with the better provenance and accept the
    finding in the baseline with a reason saying what was examined.
"""

from __future__ import annotations

from itertools import combinations

from reconcile.causes import corroboration, explain
from reconcile.numbers import percent
from reconcile.options import Option
from reconcile.rules._context import (
    FIGURE_KEY,
    describe,
    figure_name,
    finding,
    hull,
    human,
    human_interval,
    inconsistent_groups,
)

CODE = "RC201"
NAME = "cross-source-conflict"
DEFAULT_SEVERITY = "error"
OPTIONS = {
    "lineage_tolerance": Option(
        float, 0.15, "relative gap within which figures of different known data lineages are expected to differ (0.15 = 15 %)", min=0.0
    ),
}
CHECKS = "value claims"


def check(ctx, options):
    for group in _disagreeing_across_sources(ctx):
        sides: dict[str, list] = {}
        for c in group:
            sides.setdefault(c.source, []).append(c)
        for (sa, a), (sb, b) in combinations(sorted(sides.items()), 2):
            ia, ib = hull(a), hull(b)
            if ia.overlaps(ib):
                continue
            cause = explain(a, b, ctx.corpus)
            rel = ia.gap(ib) / max(abs(ia.mid), abs(ib.mid), 1e-9)
            if cause.label == "different-source" and rel <= options["lineage_tolerance"]:
                continue
            first = a[0]
            others = _nearby(ctx, first, exclude={c.id for c in a + b})
            hint = corroboration({sa: ia, sb: ib}, others)
            if hint:
                cause.evidence.append(hint)
            yield finding(
                CODE, NAME,
                f"{sa} and {sb} disagree on {figure_name(first)}: "
                f"{_say(a)} vs {_say(b)} — {percent(rel)} apart, beyond rounding.",
                [c.id for c in a + b], cause,
                sides={sa: human_interval(ia, first["unit"]), sb: human_interval(ib, first["unit"])}, gap=human(ia.gap(ib), first["unit"]),
            )  # fmt: skip


def _say(side) -> str:
    texts = sorted({describe(c).split(": ", 1)[1].rsplit(" (", 1)[0] for c in side})
    return " / ".join(texts)


def _disagreeing_across_sources(ctx):
    """Groups whose sources disagree; a source's own inconsistencies are RC202's business."""
    return [g for g in inconsistent_groups(ctx, FIGURE_KEY, ctx.figure_table) if len({c.source for c in g}) > 1]


def _nearby(ctx, claim, exclude) -> list:
    """Figures of the same entity and metric from adjacent years, any source."""
    if claim.period_start is None:
        return []
    year = claim.period_start.year
    return [
        c for c in ctx.values
        if (c.subject, c.metric, c.product, c.period_grain, c.share_of) == (claim.subject, claim.metric, claim.product, claim.period_grain, claim.share_of)
        and c.id not in exclude and abs(c.period_start.year - year) <= 1
    ]  # fmt: skip

