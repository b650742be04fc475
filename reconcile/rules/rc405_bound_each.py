"""RC405 bound-each: "at least $1 billion with each of the 43 countries" must hold for each.

What it does
    For each `kind: bound` claim about a declared ranking, checks every ranked
    item's value (the document's own first) against the bound, with rounding.

Why
    A blanket statement over a list is only as true as its weakest item.

Example
    PASS: "a deficit of at least $1 billion with each" and the smallest deficit is -$1.1 billion.
    FAIL: "a deficit of at least $1 billion with each" and one item is -$0.8 billion.
"""

from __future__ import annotations

from reconcile.causes import bound_each_cause
from reconcile.rules._context import finding, interval, published
from reconcile.rules._levels import level_index
from reconcile.rules._ranks import items, rankings

CODE = "RC405"
NAME = "bound-each"
DEFAULT_SEVERITY = "error"
OPTIONS = {}


def check(ctx, options):
    bounds = ctx.claims[ctx.claims["kind"] == "bound"]
    if bounds.empty:
        return
    index = level_index(ctx)
    table = rankings(ctx)
    for claim in bounds.to_dict("records"):
        ranking = table.loc[claim["ranking"]]
        bound = interval(claim)
        breaking = []
        for item in items(ctx, claim["ranking"]):
            level = index.level(item["subject"], claim["metric"], item["period"], "", claim["source"])
            if level is None:
                continue
            ctx.count(CODE, 1)
            if not level.interval.overlaps(bound):
                breaking.append((item, level))
        if not breaking:
            continue
        said = ", ".join(f"{item['subject_name']} ({level.said})" for item, level in breaking[:8])
        yield finding(
            CODE, NAME,
            f"{claim['source']} says {published(claim)} holds for each item of \"{ranking['description'] or ranking['id']}\", "
            f"but {len(breaking)} item(s) do not: {said}.",
            [claim["id"], *[i for item, level in breaking for i in (item["id"], *level.ids)]],
            bound_each_cause(),
        )  # fmt: skip
