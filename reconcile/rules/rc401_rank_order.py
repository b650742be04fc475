"""a ranked list must be in the order of its own values.

What it does
    For each declared ranking, takes the position of every ranked item (a
    partner, or a year for "record" rankings) and the item's value for the
    ranking's metric and period — the document's own figure first, other
    sources' otherwise — and reports pairs that are certainly in the wrong
    order whatever the rounding.

Why is this bad?
    A list titled "top deficits" that puts a smaller deficit above a larger
    one, or a surplus among deficits, misinforms at a glance.

Example
    PASS: 1. China −$295.4 billion, 2. Mexico −$171.9 billion.
    FAIL: 9. Netherlands +$55.5 billion, 10. Hong Kong +$21.9 billion in a list ordered from the largest deficit.

Use instead
    Check the ranking's `order:` (ascending puts the largest deficit first)
    and each rank claim's `value:`. If the document's list is out of order,
    do not quote its order; accept the finding in the baseline with a reason
    saying which items are misplaced.
"""

from __future__ import annotations

from reconcile.causes import rank_order_cause
from reconcile.rules._context import finding
from reconcile.rules._ranks import ORDER_WORDS, certainly_before, ordinal

CODE = "RC401"
NAME = "rank-order"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "rank claims"


def check(ctx, options):
    index = ctx.level_index
    for ranking in ctx.rankings:
        rid = ranking["id"]
        ranked = ctx.items_of(rid)
        valued = []
        for item in ranked:
            level = index.level(item["subject"], ranking["metric"], item["period"], "", item["source"])
            if level is not None:
                valued.append((item, level))
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
        source = ranking["source"]
        ids = list(dict.fromkeys(
            i for a, la, b, lb in inversions for i in (a["id"], b["id"], *la.ids_from(source), *lb.ids_from(source))
        ))  # fmt: skip
        evidence = [i for a, la, b, lb in inversions for i in (*la.ids, *lb.ids)]  # other sources' levels
        yield finding(
            CODE, NAME,
            f"{ranking['source']}'s ranking \"{ranking['description'] or rid}\" ({ORDER_WORDS[ranking['order']]}) "
            f"is out of order: {said}{more}.",
            ids,
            rank_order_cause(len(inversions)),
            context=evidence, ranking=rid, inversions=len(inversions), key=rid,
        )  # fmt: skip
