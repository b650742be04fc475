"""the claim matches an official figure that a later release has revised.

What it does
    Takes the verdict on each claim against the reference tables: a claim confirmed
    only by an older vintage of a statistic (the first-published 2024 figures, an
    earlier BEA release) while the newest vintage of the same series lies outside its
    interval.

Why is this bad?
    The figure was right when it was published, but it is no longer the official
    figure: statistical agencies revise (Census every June). An editor printing it
    today should print the revised figure, or say "as first published".

Example
    PASS: "Canada: -$61.2 billion" (2024) against the latest Census -61,166.0 $M.
    FAIL: "Canada: -$63.3 billion" matches only the first-published -63,335.8 $M.

Use instead
    Print the latest figure the finding names, or qualify the figure with its release
    ("as first published in February 2025").
"""

from __future__ import annotations

from reconcile.rules._context import finding

CODE = "RC502"
NAME = "superseded-vintage"
DEFAULT_SEVERITY = "info"
OPTIONS = {}
CHECKS = "assessed claims"
NEEDS_REFERENCES = True


def check(ctx, options):
    for a in ctx.assessments.values():
        if a.status == "confirmed" and a.cause is not None and a.cause.label == "revision":
            yield finding(CODE, NAME, a.message, [a.claim.id], a.cause, matched_vintage=a.reference.vintage)
