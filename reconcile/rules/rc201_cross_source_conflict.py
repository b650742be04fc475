"""two sources state incompatible values for the same figure.

What it does
    Groups plain value claims and share claims by figure (entity after alias
    resolution, metric, period, product scope, status; for a share, also the
    total it is of) and reports sources whose figures cannot
    both be true once rounding and qualifiers are allowed for. When the two
    sources compile the figure differently, on another basis (a claim's
    `basis:`, or its lineage's: census is the Census basis, bea the
    balance-of-payments basis) or from another data lineage (`lineage:` of the
    claim, its defaults or its source: census vs oec), the gap is compared with
    the band `expected-gaps` gives for that pair: within it the finding is
    info (cause different-basis, or different-source for lineages) and says
    how far apart the figures are and how far such figures usually are;
    beyond it the finding is reported at the rule's severity with the gap and
    the band. Pairs without a band are compared like figures of one lineage.
    Figures the claims say are seasonally adjusted and not (`adjustment:`),
    or from different releases (`vintage:`), are two statistics: the finding
    is info with cause different-adjustment or revision, unless a slip (sign,
    scale, digits) explains the gap better.
    Percentages are on the published figures.

    The default bands, measured on the official data:
    Census vs BOP goods ("bop/census" = [0.002, 0.025]): the annual goods
    balance on the two bases 2013-2025 (census-bea trade_national.json)
    differs by 0.27% to 2.15%, median 1.20% (exports 0.27-1.25%, imports
    0.65-1.22%). Census vs OEC mirror data ("census/oec" = [0, 0.25]): the 131
    OEC-sourced 2023 goods figures of the claims (wallst247) against Census by
    country differ by a median of 6.1%, 18% at the 75th percentile and up to
    67%; the band holds 83% of them. It is wide because mirror data is what
    partners report, and small balances swing most: a gap inside it says
    little, one beyond it says a figure is probably wrong.

Why is this bad?
    When two documents disagree on the same statistic at least one of them is
    wrong, or they are not measuring the same thing; a reader needs to know
    before quoting either. A blanket allowance for "different sources" hides
    real gaps; a basis difference reported as a conflict hides nothing but
    wastes the reader's time, so each pair gets the band its data shows.

Example
    PASS: "-$295.4 billion" (source A) and "$295B deficit" (source B) for China 2024:
          [-295.45, -295.35] and [-295.5, -294.5] overlap.
    PASS (info): "-$1,215.4 billion" (bea) and "-$1,200.9 billion" (census), total 2024:
          1.2% apart; Census-basis vs BOP-basis goods usually differ by 0.2–2.5%.
    FAIL: "-$35.4 billion" (source A) and "$85B deficit" (source B) for Germany 2024.
    FAIL: "-$1,250 billion" (bea) and "-$1,200.9 billion" (census), total 2024:
          3.9% apart ($49 billion even after rounding); Census-basis vs BOP-basis
          goods usually differ by 0.2–2.5%.

Use instead
    Check both transcriptions first. Then find out which figure is right:
    compare the documents' definitions (goods, or goods and services), periods
    and data sources. If the documents measure different things, say so in
    the claims (`product:`, `status:`, `basis:`, `adjustment:`, `lineage:`);
    if both stand as published, quote the one with the better provenance and
    accept the finding in the baseline with a reason saying what was examined.
    Set `expected-gaps` for a pair of bases or lineages your sources use
    (for example "census/unctad" = [0, 0.05]), with the measurement that
    justifies it; `lineage-tolerance` is retired (it let any pair of lineages
    differ by 15%).
"""

from __future__ import annotations

from itertools import combinations

from reconcile.causes import STATED_STATISTICS, closest_published, corroboration, expected_gap_cause, explain
from reconcile.model import Severity
from reconcile.numbers import apart, relative_gap
from reconcile.rules._bases import band_for, beyond_band_words, expected_gaps_option, usual_gap_words
from reconcile.rules._context import (
    FIGURE_KEY,
    conflict_groups,
    describe,
    figure_name,
    finding,
    hull,
    human,
    human_interval,
    series_key,
)

CODE = "RC201"
NAME = "cross-source-conflict"
DEFAULT_SEVERITY = "error"
OPTIONS = {"expected_gaps": expected_gaps_option()}
RETIRED_OPTIONS = {
    "lineage_tolerance": ('lineage-tolerance (one allowance for every pair of lineages) is replaced by expected-gaps, a band per pair: '
                          'write for example expected-gaps = {"census/oec" = [0, 0.15]} (`reconcile rule RC201` shows the defaults)'),
}  # fmt: skip
CHECKS = "value claims"


def check(ctx, options):
    for group in _disagreeing_across_sources(ctx):
        sides: dict[str, list] = {}
        for c in group:
            sides.setdefault(c.source, []).append(c)
        for (sa, a), (sb, b) in combinations(sorted(sides.items()), 2):
            if not hull(a).overlaps(hull(b)):
                yield _conflict(ctx, sa, a, sb, b, options["expected_gaps"])


def _conflict(ctx, sa, a, sb, b, bands: dict):
    """The finding on two sides that cannot both hold: info when their bases or lineages explain the gap."""
    ia, ib = hull(a), hull(b)
    first = a[0]
    x, y = closest_published(a, b)
    published = relative_gap(x, y)
    cause, expected, band = explain(a, b, ctx.corpus), False, band_for(a, b, bands)
    if band:
        least = ia.gap(ib) / max(abs(x), abs(y), 1e-9)  # the gap rounding leaves, which is what a band may explain
        cause, expected = expected_gap_cause(cause, *band[0], first["metric"], least, band[1])
    expected = expected or _two_statistics(cause)
    contradicted = {i for i, v in ctx.assessments.items() if v.status == "contradicted"}  # no support (issue: double counting)
    hint = corroboration({sa: ia, sb: ib}, _nearby(ctx, first, exclude={c.id for c in a + b}), contradicted)
    if hint:
        cause.evidence.append(hint)
    result = finding(
        CODE, NAME,
        f"{sa} and {sb} {'state' if expected else 'disagree on'} {figure_name(first)}: {_say(a)} vs {_say(b)} — "
        f"{_gap_words(published, cause, band, expected, human(ia.gap(ib), first['unit']), first['metric'])}.",
        [c.id for c in a + b], cause,
        sides={sa: human_interval(ia, first["unit"]), sb: human_interval(ib, first["unit"])}, gap=human(ia.gap(ib), first["unit"]),
    )  # fmt: skip
    if expected:
        result.severity = Severity.INFO  # a cap the engine keeps: an expected basis gap is never more than info
    return result


def _two_statistics(cause) -> bool:
    """The claims themselves say the figures are two statistics: seasonally adjusted and not, or two releases."""
    return cause.label in STATED_STATISTICS and cause.confidence == "high"


def _gap_words(published: float | None, cause, band, expected: bool, gap: str, metric: str) -> str:
    """How far apart, and what that means: a band's usual gap, two statistics, or beyond what the published digits allow."""
    if expected and _two_statistics(cause):
        said = "one is seasonally adjusted, the other not" if cause.label == "different-adjustment" else "they cite different releases"
        return f"{apart(published)}; {said}, so both may be right"
    if band:
        return f"{apart(published)}; {usual_gap_words(band, metric)}" if expected else beyond_band_words(published, gap, band, metric)
    if cause.label == "rounding":
        return f"{apart(published)}, more than the published digits allow, though a source may have rounded differently"
    return f"{apart(published)}, beyond rounding"


def _say(side) -> str:
    texts = sorted({describe(c).split(": ", 1)[1].rsplit(" (", 1)[0] for c in side})
    return " / ".join(texts)


def _disagreeing_across_sources(ctx):
    """Groups whose sources disagree; a source's own inconsistencies are RC202's business."""
    return [g for g in conflict_groups(ctx, FIGURE_KEY, figures=True) if len({c.source for c in g}) > 1]


def _nearby(ctx, claim, exclude) -> list:
    """Figures of the same entity and metric from adjacent years, any source."""
    if claim.period_start is None:
        return []
    year = claim.period_start.year
    series = ctx.values_by_series.get(series_key(claim), [])
    return [c for c in series if c.id not in exclude and abs(c.period_start.year - year) <= 1]
