"""RC401 rank-order: a ranked list must be in the order of its own values.

What it does
    For each declared ranking, takes the position of every ranked item (a
    partner, or a year for "record" rankings) and the item's value for the
    ranking's metric and period — the document's own figure first, other
    sources' otherwise — and reports pairs that are certainly in the wrong
    order whatever the rounding.

Why
    A list titled "top deficits" that puts a smaller deficit above a larger
    one, or a surplus among deficits, misinforms at a glance.

Example
    PASS: 1. China −$295.4 billion, 2. Mexico −$171.9 billion.
    FAIL: 9. Netherlands +$55.5 billion, 10. Hong Kong +$21.9 billion in a list ordered from the largest deficit.
"""

from __future__ import annotations

from reconcile.causes import rank_order_cause
from reconcile.rules._context import finding
from reconcile.rules._levels import level_index
from reconcile.rules._ranks import (
    ORDER_WORDS,
    certainly_before,
    items,
    ordinal,
    ranking_records,
)

CODE = "RC401"
NAME = "rank-order"
DEFAULT_SEVERITY = "error"
OPTIONS = {}


def check(ctx, options):
    index = level_index(ctx)
    for ranking in ranking_records(ctx):
        rid = ranking["id"]
        ranked = items(ctx, rid)
        valued = []
        for item in ranked:
            level = index.level(item["subject"], ranking["metric"], item["period"], "", item["source"])
            if level is not None:
                valued.append((item, level))
        ctx.count(CODE, len(valued))
        inversions = []
        for i, (a, la) in enumerate(valued):
            for b, lb in valued[i + 1 :]:
                if a["number"] < b["number"] and certainly_before(lb.interval, la.interval, ranking["order"]):
                    inversions.append((a, la, b, lb))
        if not inversions:
            continue
        label = "subject_name" if ranking["over"] == "subjects" else "period"
        said = "; ".join(
            f"{a[label]} ({la.said}) is {ordinal(a['number'])} but {b[label]} ({lb.said}) is {ordinal(b['number'])}"
            for a, la, b, lb in inversions[:5]
        )
        more = f" and {len(inversions) - 5} more" if len(inversions) > 5 else ""
        ids = list(dict.fromkeys(i for a, la, b, lb in inversions for i in (a["id"], b["id"], *la.ids, *lb.ids)))
        yield finding(
            CODE, NAME,
            f"{ranking['source']}'s ranking \"{ranking['description'] or rid}\" ({ORDER_WORDS[ranking['order']]}) "
            f"is out of order: {said}{more}.",
            ids,
            rank_order_cause(len(inversions)),
            ranking=rid, inversions=len(inversions), key=rid,
        )  # fmt: skip
