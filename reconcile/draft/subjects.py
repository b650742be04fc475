"""Entities a document's words name, with where they are: country and group names, aliases, demonyms.

Every name goes through the entity registry (reconcile/entities.py), so a draft's subject is
what the claim file would resolve it to. One regular expression of every known name (ISO 3166
names through pycountry, the registry's aliases and groups, demonyms such as "German" or
"Japanese-made") finds them all in one pass over a line, which keeps a long document fast.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry
import yaml

from reconcile.entities import registry

REPORTER = "USA"  # the default reporter of a claim file (source.reporter: United States)
# Adjectives for a country's goods or firms ("German vehicles", "Chinese imports"). General English, not one document's words.
DEMONYMS = {
    "American": "United States", "Chinese": "China", "Mexican": "Mexico", "Canadian": "Canada", "German": "Germany",
    "Japanese": "Japan", "Korean": "South Korea", "South Korean": "South Korea", "Taiwanese": "Taiwan",
    "Vietnamese": "Vietnam", "Indian": "India", "Irish": "Ireland", "Swiss": "Switzerland", "French": "France",
    "Italian": "Italy", "British": "United Kingdom", "Dutch": "Netherlands", "Brazilian": "Brazil", "Thai": "Thailand",
    "Malaysian": "Malaysia", "Israeli": "Israel", "Saudi": "Saudi Arabia", "Russian": "Russia", "Australian": "Australia",
    "Indonesian": "Indonesia", "Singaporean": "Singapore", "Spanish": "Spain", "Belgian": "Belgium", "Austrian": "Austria",
    "Swedish": "Sweden", "Norwegian": "Norway", "Danish": "Denmark", "Polish": "Poland", "Turkish": "Türkiye",
    "Cambodian": "Cambodia", "Filipino": "Philippines", "Chilean": "Chile", "Colombian": "Colombia", "Argentine": "Argentina",
}  # fmt: skip
# The reporter's own names: a figure "the U.S. ran" is about the reporter's trade with the world, not a partner.
WORLD_WORDS = re.compile(r"\b(?:world|global|worldwide|all (?:its |of its )?(?:trading )?partners|overall|in total)\b", re.I)


@dataclass(frozen=True)
class EntityMention:
    start: int
    end: int
    name: str  # as written
    id: str  # the registry's entity id
    display: str  # the name a claim file writes
    demonym: bool  # "German" rather than "Germany": the subject is less certain

    @property
    def is_reporter(self) -> bool:
        return self.id == REPORTER


def entity_mentions(text: str) -> list[EntityMention]:
    """Every entity named in `text`, left to right."""
    return list(_entity_mentions(text))


@functools.lru_cache(maxsize=4096)
def _entity_mentions(text: str) -> tuple[EntityMention, ...]:
    # Cached: a sentence is read for each of its figures, and again as the sentence before the next one.
    out = []
    for m in _scanner().finditer(text):
        name = m.group("name")
        target = DEMONYMS.get(name, name)
        entity = registry().resolve(target)
        if entity is None:
            continue
        out.append(EntityMention(m.start(), m.end(), name, entity.id, _display(entity, target), name in DEMONYMS))
    return tuple(out)


def _display(entity, written: str) -> str:
    # A group is written by its name ("European Union" for "EU bloc"); a country as the registry shows it.
    return entity.name


@functools.lru_cache(maxsize=1)
def _scanner() -> re.Pattern:
    names = set(DEMONYMS)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.add(value)
    data = yaml.safe_load((Path(__file__).parents[1] / "data" / "entities.yaml").read_text(encoding="utf-8"))
    names.update(str(a) for a in (data.get("aliases") or {}) if str(a)[:1].isupper())
    for spec in (data.get("groups") or {}).values():
        names.update(str(a) for a in [spec.get("name"), *(spec.get("aliases") or [])] if a and str(a)[:1].isupper())
    names.discard("World")  # "the world" is the reporter's total, read by WORLD_WORDS; the capital word starts headlines
    names.discard("Total")
    # Longest first, so "South Korea" wins over "Korea" and "United States of America" over "United States".
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(rf"(?<![\w.])(?P<name>{alternatives})(?![\w])")


def partners(mentions: list[EntityMention]) -> list[EntityMention]:
    return [m for m in mentions if not m.is_reporter]
