"""Entity registry: one id per real-world entity, whatever a document calls it.

Countries resolve through pycountry (ISO 3166 names and codes); the small data
file ``data/entities.yaml`` adds only what ISO lacks: publishers' aliases
("Chinese Taipei", "U.S.") and groups with dated membership (EU-27).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
import yaml


@dataclass(frozen=True)
class Entity:
    id: str  # ISO 3166 alpha-3 for countries, an upper-case id for groups
    name: str  # the name the report shows
    kind: str  # "country" or "group"
    members: dict[str, tuple[dt.date, dt.date | None]] = field(default_factory=dict, compare=False)

    def members_on(self, day: dt.date) -> set[str]:
        return {
            code
            for code, (joined, left) in self.members.items()
            if joined <= day and (left is None or day <= left)
        }


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").strip().casefold().split())


class EntityRegistry:
    def __init__(self, data: dict):
        self._aliases: dict[str, str] = {}
        self._groups: dict[str, Entity] = {}
        for gid, spec in (data.get("groups") or {}).items():
            members = {
                code: (_as_date(span[0]), _as_date(span[1]) if span[1] else None)
                for code, span in (spec.get("members") or {}).items()
            }
            self._groups[gid] = Entity(gid, spec["name"], "group", members)
            for alias in [spec["name"], gid, *(spec.get("aliases") or [])]:
                self._aliases[_norm(alias)] = gid
        for alias, target in (data.get("aliases") or {}).items():
            self._aliases[_norm(alias)] = target
        self._resolved: dict[str, Entity | None] = {}  # every name is looked up once per process

    def resolve(self, name: str) -> Entity | None:
        """The entity a name denotes, or None when neither ISO nor our aliases know it."""
        if not isinstance(name, str) or not name.strip():
            return None
        if name not in self._resolved:
            self._resolved[name] = self._lookup(name)
        return self._resolved[name]

    def _lookup(self, name: str) -> Entity | None:
        target = self._aliases.get(_norm(name))
        if target in self._groups:
            return self._groups[target]
        if target is None and len(name.strip()) <= 3 and not name.strip().isupper():
            return None  # "So", "In": words, not ISO codes; codes are written in capitals
        try:
            country = pycountry.countries.lookup(target or name.strip())
        except LookupError:
            return None
        display = getattr(country, "common_name", None) or country.name
        # ISO's formal names read badly in a report ("Taiwan, Province of China").
        display = _DISPLAY.get(country.alpha_3, display)
        return Entity(country.alpha_3, display, "country")

    def suggest(self, name: str) -> str | None:
        if len(str(name)) > 64:  # no entity's name is that long; difflib's time grows with it
            return None
        candidates = list(self._aliases) + [_norm(c.name) for c in pycountry.countries]
        match = difflib.get_close_matches(_norm(str(name)), candidates, n=1, cutoff=0.75)
        if not match:
            return None
        entity = self.resolve(match[0])
        return entity.name if entity else match[0]

    def group(self, gid: str) -> Entity | None:
        return self._groups.get(gid)

    def group_ids(self) -> list[str]:
        """The groups with a membership list (the ones a ranking can rank within)."""
        return [gid for gid, g in self._groups.items() if g.members]


_DISPLAY = {
    "TWN": "Taiwan",
    "KOR": "South Korea",
    "RUS": "Russia",
    "USA": "United States",
    "VNM": "Vietnam",
    "IRN": "Iran",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
    "TUR": "Türkiye",
    "GBR": "United Kingdom",
}


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@functools.lru_cache(maxsize=1)
def registry() -> EntityRegistry:
    text = (Path(__file__).parent / "data" / "entities.yaml").read_text(encoding="utf-8")
    return EntityRegistry(yaml.safe_load(text))


# A ranking's `among:` is one of these, or a group with a membership list.
POPULATIONS = ("countries", "partners")


def ranking_group(among: str) -> Entity | None:
    """The group a ranking's `among:` names (EU, ASEAN), or None for countries / partners."""
    if among in POPULATIONS:
        return None
    entity = registry().resolve(among)
    return entity if entity is not None and entity.kind == "group" and entity.members else None


def group_members(among: str, period: str | None) -> set[str] | None:
    """The members of the ranking's group at the end of its period (today without one); None when not a group."""
    from reconcile.numbers import parse_period

    group = ranking_group(among)
    if group is None:
        return None
    parsed = parse_period(period)
    return group.members_on(parsed.end if parsed else dt.date.today())
