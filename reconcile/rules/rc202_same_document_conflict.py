"""RC202 same-document-conflict: one document states two incompatible values for the same figure.

What it does
    Within each source, groups plain value claims by figure (entity, metric,
    period, product, status) and reports figures the document gives twice
    with values that rounding and qualifiers cannot reconcile — typically a
    table against its own text.

Why
    A document that contradicts itself cannot be quoted on that figure without
    saying which of its two numbers is right.

Example
    PASS: "$918 billion" in the text and "$918 billion" in the summary.
    FAIL: "2024 | –$903 billion" in the table and "deficit reached $918 billion" in the text.
"""

from __future__ import annotations

from reconcile.causes import same_document_cause
from reconcile.rules._context import (
    FIGURE_KEY,
    figure_name,
    finding,
    inconsistent_groups,
    published,
)

CODE = "RC202"
NAME = "same-document-conflict"
DEFAULT_SEVERITY = "error"
OPTIONS = {}


def check(ctx, options):
    values = ctx.values()
    ctx.count(CODE, values.groupby(["source", *FIGURE_KEY]).ngroups if not values.empty else 0)
    for group in inconsistent_groups(values, ["source", *FIGURE_KEY]):
        rows = group.sort_values("quote_line").to_dict("records")
        first = rows[0]
        said = "; ".join(f"{published(r)} (line {r['quote_line']})" for r in rows)
        yield finding(
            CODE, NAME,
            f"{first['source']} gives {figure_name(first)} {len(rows)} times with incompatible values: {said}.",
            [r["id"] for r in rows],
            same_document_cause(rows),
        )  # fmt: skip
