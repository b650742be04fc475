"""an "N-th largest" or "record" statement contradicted by the values.

What it does
    For each rank claim at position N, counts the items that certainly come
    before it according to the values stated anywhere in the claims — other
    partners for the same metric and period (only countries when the ranking
    is among countries, only the group's members on the period's last day
    when it is among a group such as the EU; a partner's figures from all
    sources are combined so a disputed figure never counts as certain), or other years of the same
    series for a "record" or "second-largest ever". When N or more items
    certainly come before, position N is impossible.

Why is this bad?
    "India has the 6th-largest deficit" is false if seven partners certainly
    have larger ones; "the second-largest ever" is false if the same article's
    table shows four larger years.

Example
    PASS: "record $1.2 trillion deficit in 2024" when no other year's figure is larger.
    FAIL: "second-largest ever, only behind 2022" when the table gives larger deficits for 2017, 2018, 2019 and 2022.
    PASS: "Italy has the second-largest deficit among EU members" behind Germany, though China's and Mexico's are larger.

Use instead
    Check the ranking's `metric:`, `period:`, `order:` and `among:` against
    the document's words (a ranking among countries leaves groups out). If
    they are right, the rank is wrong for these figures: quote the figures
    rather than the rank, and accept the finding in the baseline with a
    reason naming the items that come before.
"""

from __future__ import annotations

import bisect

from reconcile.causes import outranked_cause
from reconcile.entities import group_members
from reconcile.numbers import Interval
from reconcile.rules._context import finding, published
from reconcile.rules._ranks import ORDER_WORDS, certainly_before, ordinal, plural

CODE = "RC402"
NAME = "rank-outranked"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "rank claims"


def _competitors(ctx) -> tuple[dict, dict]:
    """Per (metric, period): each partner's combined interval; per (metric, subject): each period's."""
    by_partner: dict[tuple, dict] = {}
    by_period: dict[tuple, dict] = {}
    for r in ctx.values:
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
    index = ctx.level_index
    by_partner, by_period = _competitors(ctx)
    for ranking in ctx.rankings:
        ranked = ctx.items_of(ranking["id"])
        pool, key = _pool(ranking, by_partner, by_period)
        if not ranked or not pool:
            continue
        bounds = _sorted_bounds(pool, key, ranking["order"])
        for item in ranked:
            level = index.level(item["subject"], ranking["metric"], item["period"], "", item["source"])
            if level is None:
                continue
            ahead = _certainly_ahead(item, level, pool, bounds, key, ranking["order"])
            if len(ahead) >= item["number"]:
                yield _finding(ctx, ranking, item, level, ahead, key)


def _pool(ranking, by_partner: dict, by_period: dict) -> tuple[list[dict], str]:
    """The ranking's competitors (combined intervals) and what they are keyed by: "subject" or "period"."""
    if ranking["over"] == "subjects":
        # One combined interval per competitor, across every source (lenient on disputes).
        pool = by_partner.get((ranking["metric"], ranking["period"]), {})
        members = group_members(ranking.among, ranking.period)
        if members is not None:  # a rank among EU members competes with the members only
            return [h for k, h in pool.items() if k in members], "subject"
        countries_only = ranking["among"] == "countries"
        return [h for k, h in pool.items() if k != "WORLD" and (not countries_only or h["kind"] == "country")], "subject"
    return list(by_period.get((ranking["metric"], ranking["subject"]), {}).values()), "period"


def _sorted_bounds(pool: list[dict], key: str, order: str) -> dict[str, list[float]]:
    """Per grain, the competitors' near bounds, sorted, so "how many may be ahead" is a bisection.

    Periods compete only with periods of their own grain (years with years); partners all compete.
    """
    by_grain: dict[str, list[float]] = {}
    for h in pool:
        by_grain.setdefault(h["grain"] if key == "period" else "", []).append(h["hi"] if order == "ascending" else -h["lo"])
    for bounds in by_grain.values():
        bounds.sort()
    return by_grain


def _certainly_ahead(item, level, pool: list[dict], bounds: dict[str, list[float]], key: str, order: str) -> list[dict]:
    """The competitors certainly ahead of the item whatever the rounding, or [] when fewer than its position can be.

    "Certainly ahead" is hi < my lo (ascending) or lo > my hi (descending): the
    bisection on sorted bounds rules most items out at log(pool) cost.
    """
    mine = level.interval.lo if order == "ascending" else -level.interval.hi
    grain = item["period_grain"] if key == "period" else ""
    if bisect.bisect_left(bounds.get(grain, []), mine) < item["number"]:
        return []
    return [
        h for h in pool
        if h["key"] != item[key] and (key == "subject" or h["grain"] == item["period_grain"])
        and certainly_before(Interval(h["lo"], h["hi"]), level.interval, order)
    ]  # fmt: skip


def _finding(ctx, ranking, item, level, ahead: list[dict], key: str):
    """The finding for a rank that the competitors ahead of it make impossible."""
    ahead = sorted(ahead, key=lambda h: h["lo"] if ranking["order"] == "ascending" else -h["hi"])  # furthest ahead first
    what = item["subject_name"] if key == "subject" else item["period"]
    rid = ranking["id"]
    return finding(
        CODE, NAME, _message(ctx, ranking, item, level, ahead, key, what),
        [item["id"], *level.ids_from(item["source"])],
        outranked_cause(item, what, [h["sources"] for h in ahead], ordinal(len(ahead) + 1)),
        context=[*level.ids, *[i for h in ahead for i in h["ids"]]],  # who else is ahead moves no fingerprint
        ranking=rid, claimed_rank=int(item["number"]), at_best=len(ahead) + 1, key=f"{rid}:{item[key]}",
    )  # fmt: skip


def _message(ctx, ranking, item, level, ahead: list[dict], key: str, what: str) -> str:
    """The rank, the ranking, and the first eight competitors certainly ahead (furthest first)."""
    names = [
        f"{ctx.claim(h['ids'][0])['subject_name'] if key == 'subject' else h['key']} "
        f"({published(ctx.claim(h['ids'][0]))}, {', '.join(sorted(h['sources']))})"
        for h in ahead[:8]
    ]
    more = f" and {len(ahead) - 8} more" if len(ahead) > 8 else ""
    competitors = plural(len(ahead), "partner" if key == "subject" else "period")
    return (
        f"{item['source']} ranks {what} {ordinal(item['number'])} in \"{ranking['description'] or ranking['id']}\" "
        f"({ORDER_WORDS[ranking['order']]}), but {competitors} certainly come before its {level.said}: {', '.join(names)}{more}."
    )
