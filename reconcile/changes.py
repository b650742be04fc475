"""`check --changed-since REF`: which claims an edit added or changed since a git revision.

The older version of each claim file is read by the same reader as the current
one (``reconcile.loader.reader``), so "changed" means the same keys and
values after defaults, not a different YAML reading.

Git is the only program reconcile runs, and it is asked only with arguments
that cannot be taken for options: the revision must look like one (it cannot
start with '-') and is verified by ``git rev-parse --verify --end-of-options``
before anything else uses it; later commands take the verified commit id, after
``--end-of-options``. ``rev-parse --show-toplevel`` takes no argument of ours.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from reconcile import problems as P
from reconcile.loader import Corpus
from reconcile.loader.reader import RawCorpus, read_file, read_text

POSITION_KEYS = {"file", "line", "key_lines", "yaml_line"}  # where a row is, not what it says
REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/@{}^~:+-]*$")
COMMIT_ID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")  # SHA-1 or SHA-256


class ChangedSinceError(Exception):
    pass


def changed_claims(corpus: Corpus, ref: str) -> set[str]:
    """Ids of claims added or changed since `ref`, plus the paths of files whose source block changed."""
    changed: set[str] = set()
    for file in corpus.files:
        top = _toplevel(Path(file).resolve(), ref)
        commit = _commit(top, ref)
        old_text = _old_version(top, commit, Path(file).resolve().relative_to(top).as_posix())
        changed |= _changes_in(file, old_text, corpus)
    return changed


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def _toplevel(path: Path, ref: str) -> Path:
    try:
        done = _git(["rev-parse", "--show-toplevel"], path.parent)
    except FileNotFoundError:
        raise ChangedSinceError(P.CHANGED_SINCE_UNAVAILABLE.says(variant="no-git")) from None
    if done.returncode != 0:
        raise ChangedSinceError(P.CHANGED_SINCE_UNAVAILABLE.says(revision=ref, file=str(path)))
    return Path(done.stdout.strip())


def _commit(top: Path, ref: str) -> str:
    """The commit `ref` names; a value that is no revision (or looks like an option) is refused."""
    if not REVISION.match(ref):
        raise ChangedSinceError(P.NOT_A_REVISION.says(revision=ref))
    done = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top)
    commit = done.stdout.strip()
    if done.returncode != 0 or not COMMIT_ID.match(commit):
        raise ChangedSinceError(P.NOT_A_REVISION.says(revision=ref))
    return commit


def _old_version(top: Path, commit: str, relative: str) -> str | None:
    """The file's text at that commit, or None when it did not exist there."""
    done = _git(["cat-file", "--end-of-options", "blob", f"{commit}:{relative}"], top)
    return done.stdout if done.returncode == 0 else None


def _changes_in(file: str, old_text: str | None, corpus: Corpus) -> set[str]:
    now_claims = [c.id for c in corpus.claims if c.file == file]
    if old_text is None:
        return {file, *now_claims}  # a new file: every claim in it is new
    before, now = RawCorpus(), RawCorpus()
    read_text(old_text, file, before)
    read_file(Path(file), now)
    if before.problems:  # the old version was unreadable: nothing in it can be trusted as unchanged
        return {file, *now_claims}
    changed = {file} if _content(before.sources) != _content(now.sources) else set()
    old_claims = {row["id"]: _content([row]) for row in before.claims}
    return changed | {row["id"] for row in now.claims if old_claims.get(row["id"]) != _content([row])}


def _content(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in POSITION_KEYS} for row in rows]
