"""RC402 rank-outranked: an "N-th largest" or "record" statement contradicted by the values.

What it does
    For each rank claim at position N, counts the items that certainly come
    before it according to the values stated anywhere in the claims — other
    partners for the same metric and period (only countries when the ranking
    is among countries; a partner's figures from all sources are combined so
    a disputed figure never counts as certain), or other years of the same
    series for a "record" or "second-largest ever". When N or more items
    certainly come before, position N is impossible.

Why
    "India has the 6th-largest deficit" is false if seven partners certainly
    have larger ones; "the second-largest ever" is false if the same article's
    table shows four larger years.

Example
    PASS: "record $1.2 trillion deficit in 2024" when no other year's figure is larger.
    FAIL: "second-largest ever, only behind 2022" when the table gives larger deficits for 2017, 2018, 2019 and 2022.
"""

from __future__ import annotations

from reconcile.model import Cause
from reconcile.numbers import Interval
from reconcile.rules._context import finding, published
from reconcile.rules._levels import level_index
from reconcile.rules._ranks import ORDER_WORDS, certainly_before, items, ordinal, plural, rankings

CODE = "RC402"
NAME = "rank-outranked"
DEFAULT_SEVERITY = "error"
OPTIONS = {}


def check(ctx, options):
    values = ctx.values()
    index = level_index(ctx)
    for rid, ranking in rankings(ctx).iterrows():
        ranked = items(ctx, rid)
        if ranked.empty:
            continue
        if ranking["over"] == "subjects":
            pool = values[(values["metric"] == ranking["metric"]) & (values["period"] == ranking["period"]) & (values["product"] == "")]
            pool = pool[pool["subject"] != "WORLD"]
            if ranking["among"] == "countries":
                pool = pool[pool["subject_kind"] == "country"]
            key = "subject"
        else:
            pool = values[(values["metric"] == ranking["metric"]) & (values["subject"] == ranking["subject"]) & (values["product"] == "")]
            key = "period"
        if pool.empty:
            continue
        # One combined interval per competitor, across every source (lenient on disputes).
        hulls = pool.groupby(key).agg(lo=("lo", "min"), hi=("hi", "max"), ids=("id", list), sources=("source", lambda s: sorted(set(s))))
        for _, item in ranked.iterrows():
            level = index.level(item["subject"], ranking["metric"], item["period"], "", item["source"])
            if level is None:
                continue
            ctx.count(CODE, 1)
            me = item[key]
            grain = item["period_grain"]
            ahead = []
            for other, h in hulls.iterrows():
                if other == me:
                    continue
                if key == "period" and pool.loc[pool["period"] == other, "period_grain"].iloc[0] != grain:
                    continue
                if certainly_before(Interval(h["lo"], h["hi"]), level.interval, ranking["order"]):
                    ahead.append((other, h))
            if len(ahead) < item["number"]:
                continue
            rows = ctx.claims
            names = [
                f"{rows.loc[h['ids'][0], 'subject_name'] if key == 'subject' else other} "
                f"({published(rows.loc[h['ids'][0]])}, {', '.join(h['sources'])})"
                for other, h in ahead[:8]
            ]
            more = f" and {len(ahead) - 8} more" if len(ahead) > 8 else ""
            what = item["subject_name"] if key == "subject" else item["period"]
            foreign = sorted({s for _, h in ahead for s in h["sources"]} - {item["source"]})
            cause = Cause(
                "different-source" if foreign and item["source"] not in {s for _, h in ahead for s in h["sources"]} else "unexplained",
                "medium",
                [f"{len(ahead)} item(s) certainly rank ahead of {what}: {', '.join(names)}"]
                + ([f"values from {', '.join(foreign)}"] if foreign else []),
            )  # fmt: skip
            yield finding(
                CODE, NAME,
                f"{item['source']} ranks {what} {ordinal(item['number'])} in \"{ranking['description'] or rid}\" "
                f"({ORDER_WORDS[ranking['order']]}), but {plural(len(ahead), 'partner' if key == 'subject' else 'period')} "
                f"certainly come before its {level.said}: {', '.join(names)}{more}.",
                [item["id"], *level.ids, *[i for _, h in ahead for i in h["ids"]]], cause,
                ranking=rid, claimed_rank=int(item["number"]), at_best=len(ahead) + 1, key=f"{rid}:{me}",
            )  # fmt: skip
