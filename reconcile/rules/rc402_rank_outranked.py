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

import bisect

from reconcile.causes import outranked_cause
from reconcile.numbers import Interval
from reconcile.rules._context import finding, published
from reconcile.rules._levels import level_index
from reconcile.rules._ranks import ORDER_WORDS, certainly_before, items, ordinal, plural, ranking_records

CODE = "RC402"
NAME = "rank-outranked"
DEFAULT_SEVERITY = "error"
OPTIONS = {}


def _competitors(ctx) -> tuple[dict, dict]:
    """Per (metric, period): each partner's combined interval; per (metric, subject): each period's."""
    by_partner: dict[tuple, dict] = {}
    by_period: dict[tuple, dict] = {}
    for r in ctx.value_records():
        if r["product"]:
            continue
        for table, outer, inner in ((by_partner, (r["metric"], r["period"]), r["subject"]),
                                    (by_period, (r["metric"], r["subject"]), r["period"])):  # fmt: skip
            h = table.setdefault(outer, {}).get(inner)
            if h is None:
                table[outer][inner] = {"key": inner, "lo": r["lo"], "hi": r["hi"], "ids": [r["id"]], "sources": {r["source"]},
                                       "grain": r["period_grain"], "kind": r["subject_kind"]}  # fmt: skip
            else:
                h["lo"], h["hi"] = min(h["lo"], r["lo"]), max(h["hi"], r["hi"])
                h["ids"].append(r["id"])
                h["sources"].add(r["source"])
    return by_partner, by_period


def check(ctx, options):
    index = level_index(ctx)
    by_partner, by_period = _competitors(ctx)
    for ranking in ranking_records(ctx):
        rid = ranking["id"]
        ranked = items(ctx, rid)
        if not ranked:
            continue
        if ranking["over"] == "subjects":
            # One combined interval per competitor, across every source (lenient on disputes).
            pool = by_partner.get((ranking["metric"], ranking["period"]), {})
            hulls = [h for k, h in pool.items() if k != "WORLD" and (ranking["among"] != "countries" or h["kind"] == "country")]
            key = "subject"
        else:
            hulls = list(by_period.get((ranking["metric"], ranking["subject"]), {}).values())
            key = "period"
        if not hulls:
            continue
        # "Certainly ahead" is hi < my lo (ascending) or lo > my hi (descending): counted
        # by bisection on sorted bounds, so an item costs log(pool), not the pool.
        by_grain: dict[str, list[float]] = {}
        for h in hulls:
            by_grain.setdefault(h["grain"] if key == "period" else "", []).append(h["hi"] if ranking["order"] == "ascending" else -h["lo"])
        for bounds in by_grain.values():
            bounds.sort()
        for item in ranked:
            level = index.level(item["subject"], ranking["metric"], item["period"], "", item["source"])
            if level is None:
                continue
            ctx.count(CODE, 1)
            me = item[key]
            bounds = by_grain.get(item["period_grain"] if key == "period" else "", [])
            mine = level.interval.lo if ranking["order"] == "ascending" else -level.interval.hi
            if bisect.bisect_left(bounds, mine) < item["number"]:
                continue
            ahead = [
                h for h in hulls
                if h["key"] != me and (key == "subject" or h["grain"] == item["period_grain"])
                and certainly_before(Interval(h["lo"], h["hi"]), level.interval, ranking["order"])
            ]  # fmt: skip
            if len(ahead) < item["number"]:
                continue
            ahead.sort(key=lambda h: h["lo"] if ranking["order"] == "ascending" else -h["hi"])  # furthest ahead first
            names = [
                f"{ctx.row(h['ids'][0])['subject_name'] if key == 'subject' else h['key']} "
                f"({published(ctx.row(h['ids'][0]))}, {', '.join(sorted(h['sources']))})"
                for h in ahead[:8]
            ]
            more = f" and {len(ahead) - 8} more" if len(ahead) > 8 else ""
            what = item["subject_name"] if key == "subject" else item["period"]
            cause = outranked_cause(item, what, [h["sources"] for h in ahead], ordinal(len(ahead) + 1))
            yield finding(
                CODE, NAME,
                f"{item['source']} ranks {what} {ordinal(item['number'])} in \"{ranking['description'] or rid}\" "
                f"({ORDER_WORDS[ranking['order']]}), but {plural(len(ahead), 'partner' if key == 'subject' else 'period')} "
                f"certainly come before its {level.said}: {', '.join(names)}{more}.",
                [item["id"], *level.ids, *[i for h in ahead for i in h["ids"]]], cause,
                ranking=rid, claimed_rank=int(item["number"]), at_best=len(ahead) + 1, key=f"{rid}:{me}",
            )  # fmt: skip
