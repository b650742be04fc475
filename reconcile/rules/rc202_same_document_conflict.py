"""one document states two incompatible values for the same figure.

What it does
    Within each source, groups plain value claims by figure (entity, metric,
    period, product, status) and reports figures the document gives twice
    with values that rounding and qualifiers cannot reconcile — typically a
    table against its own text. Figures the document itself says are
    compiled differently (claims with another `basis:` or `lineage:`, such as
    a Census-basis and a balance-of-payments-basis goods balance, another
    `adjustment:`, or another release, `vintage:`, such as a revised figure
    and the one it replaced) are two statistics, not one told twice: they are
    not held to one value. Between two bases alike in adjustment and release
    the gap is compared with the band `expected-gaps` gives for the pair (the
    same bands as RC201's, measured on the official data): within it nothing
    is reported; beyond it the document's two figures cannot both be right,
    and the finding gives the gap and the band. Each is also judged against
    the official table of its own basis, adjustment and release (RC501).

Why is this bad?
    A document that contradicts itself cannot be quoted on that figure without
    saying which of its two numbers is right.

Example
    PASS: "$918 billion" in the text and "$918 billion" in the summary.
    PASS: "-$1,200.9 billion" (Census basis) and "-$1,215.4 billion" (BOP basis): 1.2% apart, inside 0.2–2.5%.
    FAIL: "2024 | –$903 billion" in the table and "deficit reached $918 billion" in the text.
    FAIL: "-$1,200.9 billion" (Census basis) and "-$1,290 billion" (BOP basis): 6.9% apart, beyond 0.2–2.5%.

Use instead
    Check both transcriptions. If they are right, decide which of the
    document's numbers to rely on (a table often carries a revised figure,
    the text an earlier release), for instance against the publisher's
    primary source, and accept the finding in the baseline with a reason
    naming the figure you rely on.
"""

from __future__ import annotations

from itertools import combinations

from reconcile.causes import closest_published, compiled_as, expected_gap_cause, same_document_cause
from reconcile.numbers import relative_gap
from reconcile.rules._bases import band_for, beyond_band_words, expected_gaps_option
from reconcile.rules._context import (
    FIGURE_KEY,
    conflict_groups,
    figure_name,
    finding,
    hull,
    human,
    meet,
    published,
)

CODE = "RC202"
NAME = "same-document-conflict"
DEFAULT_SEVERITY = "error"
OPTIONS = {"expected_gaps": expected_gaps_option()}
CHECKS = "value claims"


def check(ctx, options):
    for group in conflict_groups(ctx, ["source", *FIGURE_KEY]):
        compilations = _compilations(group)
        yield from _conflicts(compilations)
        yield from _gaps_beyond_band(compilations, options["expected_gaps"])


def _compilations(group) -> list[list]:
    """The group's claims per way the document says the figure was compiled: basis or lineage, adjustment, release.

    A claim that leaves one of these unsaid may be any, so it joins each way
    that agrees with what it does say; with fewer than two ways the group is one.
    """
    ways = sorted({_way(c) for c in group}, key=str)
    most_said = [w for w in ways if not any(o != w and _within(w, o) for o in ways)]
    if len(most_said) < 2:
        return [group]
    return [[c for c in group if _within(_way(c), way)] for way in most_said]


def _way(claim) -> tuple:
    return compiled_as(claim), claim["adjustment"], claim["vintage"]


def _within(said: tuple, way: tuple) -> bool:
    """What a claim says is part of a way of compiling (what it leaves unsaid may be anything)."""
    return all(s is None or s == w for s, w in zip(said, way, strict=True))


def _conflicts(compilations):
    """A finding per compilation whose own figures disagree."""
    for same in compilations:
        if len(same) < 2 or meet(same) is not None:
            continue
        rows = sorted(same, key=lambda c: c.quote_line)
        first = rows[0]
        said = "; ".join(f"{published(r)} (line {r['quote_line']})" for r in rows)
        yield finding(
            CODE, NAME,
            f"{first['source']} gives {figure_name(first)} {len(rows)} times with incompatible values: {said}.",
            [r["id"] for r in rows],
            same_document_cause(rows),
        )  # fmt: skip


def _gaps_beyond_band(compilations, bands: dict):
    """Two compilations of one figure in one document, on two bases, further apart than those bases usually are.

    Only the claims that state their basis or lineage are compared (a claim
    that says neither is already held to each), and only compilations alike in
    adjustment and release: a seasonally adjusted figure and an unadjusted one,
    or a revision and the figure it replaced, are two statistics with no band.
    A compilation that contradicts itself is reported above and not compared again.
    """
    stated = [[c for c in same if compiled_as(c)] for same in compilations]
    consistent = sorted((side for side in stated if side and meet(side) is not None), key=lambda side: min(c.quote_line for c in side))
    for a, b in combinations(consistent, 2):
        band = band_for(a, b, bands)
        if band and _alike_but_basis(a, b) and not hull(a).overlaps(hull(b)):
            yield from _beyond(a, b, band)


def _alike_but_basis(a, b) -> bool:
    return {_way(c)[1:] for c in a} == {_way(c)[1:] for c in b}


def _beyond(a, b, band):
    ia, ib = hull(a), hull(b)
    first = a[0]
    x, y = closest_published(a, b)
    least = ia.gap(ib) / max(abs(x), abs(y), 1e-9)  # the gap rounding leaves, which is what a band may explain
    cause, expected = expected_gap_cause(same_document_cause(a + b), *band[0], first["metric"], least, band[1])
    if expected:
        return
    rows = sorted(a + b, key=lambda c: c.quote_line)
    said = "; ".join(f"{published(r)} ({compiled_as(r)}, line {r['quote_line']})" for r in rows)
    gap = beyond_band_words(relative_gap(x, y), human(ia.gap(ib), first["unit"]), band, first["metric"])
    yield finding(
        CODE, NAME, f"{first['source']} gives {figure_name(first)} on two bases too far apart: {said} — {gap}.",
        [r["id"] for r in rows], cause,
    )  # fmt: skip
