"""Claim files -> a ``Corpus`` of ``Claim`` records, or the problems that make them unusable.

Three layers, each readable alone:

1. ``reader``: YAML -> raw rows, every key with its line (``yaml_nodes`` types
   the scalars, ``defaults`` fills what a claim leaves out);
2. ``validation``: the pandera schemas judge the raw rows -> ``file:line`` problems;
3. ``normalize``: each valid raw row -> one ``Claim`` (``reconcile.claim``).

Every claim read becomes a Claim, or a Problem says why it could not; nothing
is dropped silently. The raw rows are gone once the claims are made.
"""

from __future__ import annotations

import contextlib
import gc
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reconcile import problems as P
from reconcile.claim import Claim, Ranking, Source
from reconcile.loader import normalize
from reconcile.loader.reader import (
    CLAIM_KEYS, DEFAULT_KEYS, MAX_FILE_BYTES, RANKING_KEYS, SKIP_KEYS, SOURCE_KEYS, RawCorpus, read_file,
)  # fmt: skip
from reconcile.loader.validation import validate
from reconcile.model import Problem
from reconcile.numbers import Tolerances


@dataclass
class Corpus:
    """Everything a claims folder says, plus the problems that make it unusable (then it holds no claims)."""

    sources: list[Source] = field(default_factory=list)
    rankings: list[Ranking] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    skips: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    claims_read: int = 0  # items under `claims:` in every file
    claims_parsed: int = 0  # of them, read into a row (the others are named by a problem)

    @property
    def ok(self) -> bool:
        return not self.problems

    @cached_property
    def by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    def claim(self, claim_id: str) -> Claim:
        return self.by_id[claim_id]

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}


class UsageError(Exception):
    """A command-line mistake (no such path): exit 2 with the message."""


def discover(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(P.PATH_NOT_FOUND.says(path=raw))
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            files.append(path)
    if not files:
        raise UsageError(P.NO_CLAIM_FILES.says(paths=", ".join(paths)))
    # A file named twice (`claims/ claims/a.yaml`, `a.yaml ./a.yaml`) is read once: its ids are not duplicates.
    unique = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values())


@contextlib.contextmanager
def long_lived_objects():
    """Pause the cyclic garbage collector while building objects that live until exit.

    Loading makes millions of small objects and no cycles; every full collection
    rescans all of them, which doubled the time of a 100,000-claim run. What was
    built is then frozen out of later collections.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def load(paths: list[str], tolerances: Tolerances | None = None, max_bytes: int = MAX_FILE_BYTES) -> Corpus:
    files = discover(paths)
    with long_lived_objects():
        raw = RawCorpus()
        for path in files:
            read_file(path, raw, max_bytes)
        return build(raw, [str(f) for f in files], tolerances or Tolerances())


def build(raw: RawCorpus, files: list[str], tolerances: Tolerances) -> Corpus:
    """Validate the raw rows; when they are all usable, make the records the rest of reconcile reads."""
    problems = sorted(raw.problems + validate(raw), key=lambda p: (p.location.file, p.location.line, p.code))
    # Sources are listed even when the claims are unusable: a report of problems still says whose files they are.
    sources = [normalize.source(r) for r in raw.sources]
    corpus = Corpus(sources=sources, skips=raw.skips, problems=problems, files=files, claims_read=raw.claims_read,
                    claims_parsed=len(raw.claims))
    if corpus.ok:
        corpus.rankings = [normalize.ranking(r) for r in raw.rankings]
        corpus.claims = [normalize.claim(r, tolerances) for r in raw.claims]
    return corpus


__all__ = [
    "CLAIM_KEYS", "DEFAULT_KEYS", "MAX_FILE_BYTES", "RANKING_KEYS", "SKIP_KEYS", "SOURCE_KEYS",
    "Corpus", "UsageError", "build", "discover", "load", "long_lived_objects",
]  # fmt: skip
