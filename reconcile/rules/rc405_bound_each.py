""""at least $1 billion with each of the 43 countries" must hold for each.

What it does
    For each `kind: bound` claim about a declared ranking, checks every ranked
    item's value (the document's own first) against the bound, with rounding.

Why is this bad?
    A blanket statement over a list is only as true as its weakest item.

Example
    PASS: "a deficit of at least $1 billion with each" and the smallest deficit is -$1.1 billion.
    FAIL: "a deficit of at least $1 billion with each" and one item is -$0.8 billion.

Use instead
    Check the bound's `qualifier:` and `value:` against the quote, and the
    breaking items' figures. If they are right, the statement does not hold
    for every item: quote the items, not the blanket statement, and accept
    the finding in the baseline with that reason.
"""

from __future__ import annotations

from reconcile.causes import bound_each_cause
from reconcile.rules._context import finding, interval, published

CODE = "RC405"
NAME = "bound-each"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "bound claims"


def check(ctx, options):
    if not ctx.of_kind("bound"):
        return
    index = ctx.level_index
    for claim in ctx.of_kind("bound"):
        ranking = ctx.ranking(claim["ranking"])
        bound = interval(claim)
        breaking = []
        for item in ctx.items_of(claim["ranking"]):
            level = index.level(item["subject"], claim["metric"], item["period"], "", claim["source"])
            if level is None:
                continue
            if not level.interval.overlaps(bound):
                breaking.append((item, level))
        if not breaking:
            continue
        said = ", ".join(f"{item['subject_name']} ({level.said})" for item, level in breaking[:8])
        yield finding(
            CODE, NAME,
            f"{claim['source']} says {published(claim)} holds for each item of \"{ranking['description'] or ranking['id']}\", "
            f"but {len(breaking)} item(s) do not: {said}.",
            [claim["id"], *[i for item, level in breaking for i in (item["id"], *level.ids_from(claim["source"]))]],
            bound_each_cause(),
            context=[i for item, level in breaking for i in level.ids],  # levels of other sources: evidence
        )  # fmt: skip
