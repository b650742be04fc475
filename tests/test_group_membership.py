"""The groups' membership lists (reconcile/data/entities.yaml) agree with the Census aggregates.

A rank "among Asian countries" or "among EU members" is checked against the members the registry
lists; a member missing from a list, or one listed after it left, would make such a rank wrong by a
place without anyone noticing. Census publishes the groups' totals (the `AGG_` rows of the official
table), so the sum of the listed members' figures must give them back, year by year.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reconcile.entities import registry

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "census-bea" / "trade_by_country"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="the shared reference data is beside the repository in CI")

# Census's codes for Gaza and the West Bank are not ISO 3166 countries, so the registry has no entity for
# them; Census counts them in Asia. Their trade is a few million dollars a year.
NOT_IN_REGISTRY = {"ASIA": {"XGZ", "XWB"}}


def _year(year: int) -> dict[str, dict]:
    return {row["country_code"]: row for row in json.loads((SHARED / f"{year}.json").read_text())}


def _members(group: str, year: int) -> set[str]:
    return registry().resolve(group).members_on(dt.date(year, 12, 31))


@pytest.mark.parametrize("group, aggregate, first", [("ASIA", "AGG_0016", 2013), ("EU", "AGG_0003", 2013)])
def test_members_sum_to_the_census_group_total(group, aggregate, first):
    """Census's EU row counts the United Kingdom through 2019 and not from 2020, as the dated list does."""
    for year in range(first, 2025):
        rows = _year(year)
        members = _members(group, year) | NOT_IN_REGISTRY.get(group, set())
        for flow in ("exports_year", "imports_year"):
            summed = sum(rows[m][flow] for m in members if m in rows)
            assert summed == pytest.approx(rows[aggregate][flow], rel=1e-4), (group, year, flow)


def test_a_member_that_left_is_not_counted_after_it_left():
    assert "GBR" in _members("EU", 2019) and "GBR" not in _members("EU", 2020)
    assert "TLS" not in _members("ASEAN", 2024) and "TLS" in _members("ASEAN", 2025)
