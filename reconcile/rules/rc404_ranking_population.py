"""a ranking mixes a group with countries, a group with its own members, or ranks outside its group.

What it does
    Reports rankings declared `among: countries` that rank a group (the EU),
    rankings that rank both a group and one of its members on the
    ranking's date (the EU and Germany), which counts the member twice, and
    rankings among a group (`among: EU`) that rank a partner that was not a
    member on the ranked period's last day.

Why is this bad?
    "Top 10 countries" that include the European Union compare unlike things,
    and a reader adding up the list double-counts Germany.

Example
    PASS: China, Mexico, Vietnam, Germany ranked among countries.
    FAIL: China, European Union, Mexico, ..., Germany ranked as "top 10 countries".

Use instead
    Declare the ranking `among: partners` when the document ranks groups
    with countries, and do not add up a list that holds a group and its
    members. If the document calls it a list of countries, accept the finding
    in the baseline with a reason.
"""

from __future__ import annotations

import datetime as dt

from reconcile.causes import group_among_countries_cause, group_with_members_cause, outside_group_cause
from reconcile.entities import ranking_group, registry
from reconcile.rules._context import finding

CODE = "RC404"
NAME = "ranking-population"
DEFAULT_SEVERITY = "warning"
OPTIONS = {}
CHECKS = "rankings"


def check(ctx, options):
    reg = registry()
    for ranking in ctx.rankings:
        rid = ranking["id"]
        if ranking["over"] != "subjects":
            continue
        ranked = ctx.items_of(rid)
        yield from _outside_group(ranking, ranked)
        groups = [r for r in ranked if r["subject_kind"] == "group"]
        if ranking["among"] == "countries" and groups:
            names = ", ".join(g["subject_name"] for g in groups)
            yield finding(
                CODE, NAME,
                f"{ranking['source']}'s \"{ranking['description'] or rid}\" is a ranking of countries but includes {names}, a group of countries.",
                [g["id"] for g in groups], group_among_countries_cause(names),
                key=f"{rid}:group",
            )  # fmt: skip
        for g in groups:
            group = reg.group(g["subject"])
            day = g["period_end"] or dt.date.today()
            members = group.members_on(day) if group else set()
            inside = [r for r in ranked if r["subject"] in members]
            if not inside:
                continue
            yield finding(
                CODE, NAME,
                f"{ranking['source']}'s \"{ranking['description'] or rid}\" ranks {g['subject_name']} and its member(s) "
                f"{', '.join(r['subject_name'] for r in inside)} side by side: the members' trade is counted twice.",
                [g["id"], *(r["id"] for r in inside)],
                group_with_members_cause(g["subject_name"], ", ".join(r["subject_name"] for r in inside), day),
                key=f"{rid}:members",
            )  # fmt: skip


def _outside_group(ranking, ranked):
    """A ranking among a group (EU) that ranks a non-member: its rank says nothing about the group's members."""
    group = ranking_group(ranking.among)
    if group is None:
        return
    outside = [r for r in ranked if r.subject not in group.members_on(r.period_end or dt.date.today())]
    if not outside:
        return
    names = ", ".join(r.subject_name for r in outside)
    day = outside[0].period_end or dt.date.today()
    yield finding(
        CODE, NAME,
        f"{ranking.source}'s \"{ranking.description or ranking.id}\" is a ranking among {group.name} members but "
        f"ranks {names}, not a member on {day}.",
        [r.id for r in outside], outside_group_cause(names, group.name, day), key=f"{ranking.id}:outside",
    )  # fmt: skip
