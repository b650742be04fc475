"""The levels a share relates (its part and its total), and which parts of a total cannot overlap.

A share claim (kind: share) names its part as one figure (subject, metric,
period, product) or as a group of subjects (parts:), and its total under of:
(normalised to ``Claim.of``). Like every relational claim it is checked
against plain value claims: the document's own where it states them, other
sources' otherwise (``LevelIndex.level``).
"""

from __future__ import annotations

import datetime as dt

from reconcile.entities import registry
from reconcile.numbers import total
from reconcile.rules._levels import Level
from reconcile.verdicts import stated_basis


def part_level(index, claim) -> Level | None:
    """The part's level: the subject's figure, or the sum of the group's figures when every one is stated."""
    if not claim.parts:
        return index.level(claim.subject, claim.metric, claim.period, claim.product, claim.source, stated_basis(claim))
    levels = [index.level(p, claim.metric, claim.period, claim.product, claim.source, stated_basis(claim)) for p in claim.parts]
    if any(lv is None for lv in levels):
        return None
    return Level(total(lv.interval for lv in levels), [r for lv in levels for r in lv.rows], all(lv.same_source for lv in levels))


def total_level(index, claim) -> Level | None:
    of = claim.of
    return index.level(of.subject, of.metric, of.period, of.product, claim.source, stated_basis(claim))


def part_label(claim) -> str:
    return " + ".join(entity_name(p) for p in claim.parts) if claim.parts else (claim.subject_name or str(claim.subject))


def entity_name(entity_id: str) -> str:
    found = registry().resolve(entity_id)
    return found.name if found else entity_id


def covered(entity_id: str, day: dt.date | None) -> frozenset[str] | None:
    """The countries a part covers, or None when they are not known (World, a group without members)."""
    group = registry().group(entity_id)
    if group is None:
        return frozenset({entity_id})
    if not group.members or day is None:
        return None
    return frozenset(group.members_on(day))


def part_countries(claim) -> frozenset[str] | None:
    """Every country the share's part covers, or None when one of its subjects covers an unknown set."""
    ids = claim.parts or (claim.subject,)
    out: set[str] = set()
    for entity_id in ids:
        countries = covered(entity_id, claim.period_start)
        if countries is None:
            return None
        out |= countries
    return frozenset(out)


def same_whole(claim) -> tuple:
    """Shares with this key divide the same kind of figure by the same total: their parts' levels add up."""
    return (claim.of.key, claim.metric, claim.product, claim.period, claim.status)
