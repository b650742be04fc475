"""`check --changed-since REF`: which claims an edit added or changed since a git revision.

The older version of each claim file is read by the same reader as the current
one (``reconcile.loader.reader``), so "changed" means the same keys and
values after defaults, not a different YAML reading.

Git is the only program reconcile runs, and it is asked only with arguments
that cannot be taken for options: the revision must look like one (it cannot
start with '-') and is verified by ``git rev-parse --verify --end-of-options``
before anything else uses it; later commands take the verified commit id, after
``--end-of-options``. ``rev-parse --show-toplevel`` takes no argument of ours.

An old version that cannot be read — not UTF-8 (a binary file once committed
under that name), not YAML, not a claim file, nested deeper than any claim file
(``[[[[...``, which the pure-Python YAML composer meets as a RecursionError), or
larger than a claim file may be — is not an error: nothing in it can be trusted
as unchanged, so every claim of the current file counts as changed (the run
reports more, never less), and the file is named in ``unreadable`` so the
command line can say why.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from reconcile import problems as P
from reconcile.loader import Corpus
from reconcile.loader.reader import MAX_FILE_BYTES, RawCorpus, read_file, read_text
from reconcile.loader.tabular import TABULAR_SUFFIXES

POSITION_KEYS = {"file", "line", "key_lines", "yaml_line"}  # where a row is, not what it says
REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/@{}^~:+-]*$")
COMMIT_ID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")  # SHA-1 or SHA-256


class ChangedSinceError(Exception):
    pass


def changed_claims(corpus: Corpus, ref: str, unreadable: list[tuple[str, str]] | None = None) -> set[str]:
    """Ids of claims added or changed since `ref`, plus the paths of files whose source block changed.

    Each file whose old version cannot be read is appended to `unreadable` as (file, why).
    """
    changed: set[str] = set()
    for file in corpus.files:
        top = _toplevel(Path(file).resolve(), ref)
        commit = _commit(top, ref)
        old_data = _old_version(top, commit, Path(file).resolve().relative_to(top).as_posix())
        changed |= _changes_in(file, old_data, corpus, unreadable if unreadable is not None else [])
    return changed


def _git(args: list[str], cwd: Path, text: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=text, check=False)


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


def _old_version(top: Path, commit: str, relative: str) -> bytes | None:
    """The file's bytes at that commit (bytes: it may not be text), or None when it did not exist there."""
    done = _git(["cat-file", "--end-of-options", "blob", f"{commit}:{relative}"], top, text=False)
    return done.stdout if done.returncode == 0 else None


def _changes_in(file: str, old_data: bytes | None, corpus: Corpus, unreadable: list[tuple[str, str]]) -> set[str]:
    now_claims = [c.id for c in corpus.claims if c.file == file]
    if old_data is None:
        return {file, *now_claims}  # a new file: every claim in it is new
    before, why = _read_old(old_data, file)
    if before is None:  # nothing in the old version can be trusted as unchanged
        unreadable.append((file, why))
        return {file, *now_claims}
    now = RawCorpus()
    read_file(Path(file), now)
    changed = {file} if _content(before.sources) != _content(now.sources) else set()
    old_claims = {row["id"]: _content([row]) for row in before.claims}
    return changed | {row["id"] for row in now.claims if old_claims.get(row["id"]) != _content([row])}


def _read_old(data: bytes, file: str) -> tuple[RawCorpus | None, str]:
    """The old version read as the current one is, or (None, why it cannot be)."""
    if Path(file).suffix in TABULAR_SUFFIXES:  # more is reported, never less: every claim of the table counts as changed
        return None, "claims tables (CSV, Parquet) are not compared with their old versions yet"
    if len(data) > MAX_FILE_BYTES:
        return None, f"it is larger than a claim file may be ({len(data) / 1e6:.1f} MB)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, "it is not UTF-8 text"
    before = RawCorpus()
    try:
        read_text(text, file, before)
    except RecursionError:
        return None, "it is nested too deeply to be a claim file"
    if before.problems:
        first = before.problems[0]
        return None, f"it was not a valid claim file: line {first.location.line}: {first.code} {' '.join(first.message.split())}"
    return before, ""


def _content(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in POSITION_KEYS} for row in rows]
