""""the 43 countries on this list" must match the list.

What it does
    For each `kind: count` claim about a declared ranking, counts the distinct
    ranked items transcribed for that ranking and the highest position, and
    reports a stated count that neither matches.

Why is this bad?
    "Top 10" lists with nine entries, or "43 countries" with 42, are a sign of
    an item lost in editing — or in transcription.

Example
    PASS: "the 10 countries" and ranks 1..10.
    FAIL: "the 10 countries" and ranks 1..9.

Use instead
    Transcribe every item of the list as a `kind: rank` claim of the ranking
    (a missing one is the usual cause). If the document's list really is
    short, accept the finding in the baseline with a reason naming the gap.
"""

from __future__ import annotations

from reconcile.causes import list_count_cause
from reconcile.rules._context import finding, published

CODE = "RC403"
NAME = "list-count"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "count claims"


def check(ctx, options):
    for claim in ctx.of_kind("count"):
        ranked = ctx.items_of(claim["ranking"])
        axis = "subject" if ctx.ranking(claim["ranking"]).over == "subjects" else "period"
        n_items = len({r[axis] for r in ranked})
        top = int(max((r["number"] for r in ranked), default=0))
        if claim["lo"] <= n_items <= claim["hi"] or claim["lo"] <= top <= claim["hi"]:
            continue
        yield finding(
            CODE, NAME,
            f"{claim['source']} says the list has {published(claim)} items, but {n_items} are ranked (highest position {top}).",
            [claim["id"], *(r["id"] for r in ranked)],
            list_count_cause(),
            items=n_items, highest_position=top,
        )  # fmt: skip
