"""RC404 ranking-population: a ranking mixes a group with countries, or a group with its own members.

What it does
    Reports rankings declared `among: countries` that rank a group (the EU),
    and rankings that rank both a group and one of its members on the
    ranking's date (the EU and Germany), which counts the member twice.

Why
    "Top 10 countries" that include the European Union compare unlike things,
    and a reader adding up the list double-counts Germany.

Example
    PASS: China, Mexico, Vietnam, Germany ranked among countries.
    FAIL: China, European Union, Mexico, ..., Germany ranked as "top 10 countries".
"""

from __future__ import annotations

import datetime as dt

from reconcile.causes import group_among_countries_cause, group_with_members_cause
from reconcile.entities import registry
from reconcile.rules._context import finding
from reconcile.rules._ranks import items, ranking_records

CODE = "RC404"
NAME = "ranking-population"
DEFAULT_SEVERITY = "warning"
OPTIONS = {}


def check(ctx, options):
    reg = registry()
    for ranking in ranking_records(ctx):
        rid = ranking["id"]
        if ranking["over"] != "subjects":
            continue
        ranked = items(ctx, rid)
        ctx.count(CODE, len(ranked))
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
