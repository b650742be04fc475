"""Claim files -> a ``Corpus`` of ``Claim`` records, or the problems that make them unusable.

Three layers, each readable alone:

1. ``reader``: YAML -> raw rows, every key with its line (``yaml_nodes`` types
   the scalars, ``defaults`` fills what a claim leaves out); ``tabular``: CSV and
   Parquet claims tables -> the same raw rows, each on its file:row;
2. ``validation``: the pandera schemas judge the raw rows -> ``file:line`` problems;
3. ``normalize``: each valid raw row -> one ``Claim`` (``reconcile.claim``).

Every claim read becomes a Claim, or a Problem says why it could not; nothing
is dropped silently. The raw rows are gone once the claims are made.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reconcile import problems as P
from reconcile.claim import Claim, Ranking, Source
from reconcile.documents import DocumentStore, is_inside, real_path
from reconcile.loader import normalize, tabular
from reconcile.loader.reader import (
    CLAIM_KEYS, DEFAULT_KEYS, MAX_FILE_BYTES, RANKING_KEYS, SKIP_KEYS, SOURCE_KEYS, RawCorpus, read_file,
)  # fmt: skip
from reconcile.loader.tabular import TABULAR_SUFFIXES, read_table
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


@dataclass
class Discovery:
    """The claim files the paths name, and the links found among them that lead elsewhere (not read)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


CLAIM_SUFFIXES = (".yaml", ".yml", *TABULAR_SUFFIXES)


def _is_claim_file(path: Path) -> bool:
    """A claim file by its name: YAML or a claims table; a table's sidecar (NAME.source.yaml) is read with its table."""
    return path.suffix in CLAIM_SUFFIXES and not tabular.is_sidecar(path)


def discover(paths: list[str]) -> Discovery:
    """The claim files of `paths`: files named as they are, folders walked for *.yaml and *.yml.

    A file named on the command line is the user's choice and is read. What a folder
    holds may come from a pull request, so a file or folder inside it that is a
    symbolic link to somewhere outside every given path is not read: it is a problem
    (claim-link-outside-paths) naming the link and its target. Links inside the given paths are followed,
    each real folder walked once, so a link back up the tree cannot loop.
    """
    roots = [real_path(Path(raw)) for raw in paths]
    found = Discovery()
    walked: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(P.PATH_NOT_FOUND.says(path=raw))
        if path.is_dir():
            in_folder: list[Path] = []
            _walk(path, roots, walked, in_folder, found.problems)
            found.files.extend(sorted(in_folder))
        elif tabular.is_sidecar(path) and tabular.tables_of(path):
            found.files.extend(tabular.tables_of(path))  # a sidecar named alone stands for its tables
        else:
            found.files.append(path)
    if not found.files and not found.problems:
        raise UsageError(P.NO_CLAIM_FILES.says(paths=", ".join(paths)))
    # A file named twice (`claims/ claims/a.yaml`, `a.yaml ./a.yaml`) is read once: its ids are not duplicates.
    unique = {}
    for f in found.files:
        unique.setdefault(f.resolve(), f)
    found.files = list(unique.values())
    return found


def _walk(folder: Path, roots: list[Path], walked: set[Path], files: list[Path], problems: list[Problem]) -> None:
    """Add the claim files under `folder` to `files`; a link out of the roots becomes a problem instead."""
    real = real_path(folder)
    if real in walked:  # reached again through a link: its files are already listed
        return
    walked.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:  # unreadable folder: as before, nothing in it can be listed
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink() and not _link_is_followed(path, roots, problems):
            continue
        if os.path.isdir(path):
            _walk(path, roots, walked, files, problems)
        elif _is_claim_file(path) and os.path.isfile(path):
            files.append(path)


def _link_is_followed(link: Path, roots: list[Path], problems: list[Problem]) -> bool:
    """Whether a link found in a claims folder may be followed: its real path is inside a given path."""
    target = real_path(link)
    # Only links that would be read are reported: a folder, or a claim file (a link to a README is not a claim).
    would_be_read = os.path.isdir(link) or _is_claim_file(link)
    if not any(is_inside(target, root) for root in roots):
        if would_be_read:
            problems.append(P.CLAIM_LINK_OUTSIDE_PATHS.at(str(link), 1, link=str(link), target=str(target)))
        return False
    if not os.path.exists(link):  # dangling, or a loop (os.path.exists follows links and fails on both)
        if would_be_read:
            problems.append(P.CLAIM_LINK_OUTSIDE_PATHS.at(str(link), 1, variant="unresolvable", link=str(link), target=str(target)))
        return False
    return True


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


def load(
    paths: list[str], tolerances: Tolerances | None = None, max_bytes: int = MAX_FILE_BYTES, documents: str | Path | None = None
) -> Corpus:
    """The corpus of the claim files under `paths`. With `documents`, every source's document is also
    confined to that folder (document-link-outside-folder for one that links out), so nothing downstream can be led to read it."""
    found = discover(paths)
    with long_lived_objects():
        raw = RawCorpus(problems=list(found.problems))
        for path in found.files:
            if path.suffix in TABULAR_SUFFIXES:
                read_table(path, raw, max_bytes)
            else:
                read_file(path, raw, max_bytes)
        if documents is not None:
            raw.problems.extend(DocumentStore(documents).refusals(raw.sources))
        return build(raw, [str(f) for f in found.files], tolerances or Tolerances())


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
    "Corpus", "Discovery", "UsageError", "build", "discover", "load", "long_lived_objects",
]  # fmt: skip
