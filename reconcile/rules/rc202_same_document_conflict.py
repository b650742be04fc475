"""one document states two incompatible values for the same figure.

What it does
    Within each source, groups plain value claims by figure (entity, metric,
    period, product, status) and reports figures the document gives twice
    with values that rounding and qualifiers cannot reconcile — typically a
    table against its own text. Figures the document itself says are
    compiled differently (claims with another `basis:` or `lineage:`, such as
    a Census-basis and a balance-of-payments-basis goods balance) are two
    statistics, not one told twice: they are not compared with each other
    here, and each is judged against the official table of its own basis
    (RC501).

Why is this bad?
    A document that contradicts itself cannot be quoted on that figure without
    saying which of its two numbers is right.

Example
    PASS: "$918 billion" in the text and "$918 billion" in the summary.
    FAIL: "2024 | –$903 billion" in the table and "deficit reached $918 billion" in the text.

Use instead
    Check both transcriptions. If they are right, decide which of the
    document's numbers to rely on (a table often carries a revised figure,
    the text an earlier release), for instance against the publisher's
    primary source, and accept the finding in the baseline with a reason
    naming the figure you rely on.
"""

from __future__ import annotations

from reconcile.causes import compiled_as, same_document_cause
from reconcile.rules._context import (
    FIGURE_KEY,
    conflict_groups,
    figure_name,
    finding,
    meet,
    published,
)

CODE = "RC202"
NAME = "same-document-conflict"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "value claims"


def check(ctx, options):
    for group in conflict_groups(ctx, ["source", *FIGURE_KEY]):
        yield from _conflicts(group)


def _conflicts(group):
    """A finding per way of compiling the figure (basis or lineage) whose own figures disagree.

    A claim that says nothing of its basis or lineage may be either, so it is
    compared with each.
    """
    known = sorted({compiled_as(c) for c in group} - {None})
    unsaid = [c for c in group if compiled_as(c) is None]
    compilations = [[c for c in group if compiled_as(c) == term] + unsaid for term in known] if len(known) > 1 else [group]
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
