"""`check --changed-since REF` when the old version of a claim file cannot be read.

The old version comes from git, not from the analyst's editor: it may be
anything that was once committed under the file's name. Deeply nested YAML,
text that is not YAML, bytes that are not text — none may end in a traceback.
The choice (reconcile/changes.py): nothing in such a version can be trusted as
unchanged, so every claim of the current file counts as changed, and a note on
stderr says which file and why.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from conftest import run_cli
from reconcile.loader import reader
from small_project import claims_text, make_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}  # fmt: skip


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=GIT_ENV)


@pytest.fixture
def repo(tmp_path):
    """A git repository whose first commit holds `old` under claims/alpha.yaml; the work tree has the valid claims."""

    def commit_old(old: bytes):
        make_project(tmp_path)
        (tmp_path / "claims" / "alpha.yaml").write_bytes(old)
        git(tmp_path, "init", "-q")
        git(tmp_path, "add", ".")
        git(tmp_path, "commit", "-qm", "old")
        (tmp_path / "claims" / "alpha.yaml").write_text(claims_text("alpha"), encoding="utf-8")
        return tmp_path

    return commit_old


def changed_since(root):
    result = run_cli(["check", "claims", "--no-html", "--no-baseline", "--documents", "docs", "--format", "json",
                      "--changed-since", "HEAD"], cwd=root)  # fmt: skip
    return result, json.loads(result.out)


OLD_VERSIONS = {
    "100000 brackets": b"[" * 100_000,
    "deep but within libyaml's limit": b"claims:\n  - id: x\n    value: " + b"[" * 990 + b"]" * 990 + b"\n",
    "not YAML": b"source: {id: alpha\nclaims: [\n  - : :\n",
    "YAML but not a claim file": b"- just\n- a list\n",
    "binary": bytes(range(256)) * 64,
    "UTF-8 with NUL bytes": b"source:\x00\x00\nclaims: []\n",
    "too large for a claim file": b"# " + b"x" * (reader.MAX_FILE_BYTES + 10) + b"\n",
}


@pytest.mark.parametrize("old", list(OLD_VERSIONS.values()), ids=list(OLD_VERSIONS))
def test_an_unreadable_old_version_counts_every_claim_as_changed(repo, old):
    root = repo(old)
    result, data = changed_since(root)
    assert result.code == 1, result.text  # the Germany conflict involves alpha-germany, which now counts as changed
    assert [f["code"] for f in data["findings"]] == ["RC201"]
    assert {c["id"] for c in data["findings"][0]["claims"]} == {"alpha-germany", "beta-germany"}
    note = "reconcile: note: claims/alpha.yaml at HEAD cannot be read ("
    assert result.err.startswith(note) and result.err.endswith("): every claim in it counts as changed\n"), result.err
    assert result.err.count("\n") == 1


def test_a_readable_old_version_still_narrows_the_findings(repo):
    """The control: the same old version, valid and identical, means nothing changed and no note."""
    root = repo(claims_text("alpha").encode("utf-8"))
    result, data = changed_since(root)
    assert result.code == 0 and data["findings"] == [] and result.err == "", result.text


def test_the_pure_python_composer_meets_a_recursion_error(repo, monkeypatch):
    """Without libyaml, PyYAML composes nodes recursively: 100000 '[' is a RecursionError, which must count as unreadable."""

    def pure_python_compose(text):
        return list(yaml.compose_all(text, Loader=yaml.BaseLoader))

    with pytest.raises(RecursionError):
        pure_python_compose("[" * 100_000)
    monkeypatch.setattr(reader, "compose", pure_python_compose)
    root = repo(b"[" * 100_000)
    result, data = changed_since(root)
    assert result.code == 1 and [f["code"] for f in data["findings"]] == ["RC201"], result.text
    assert "(it is nested too deeply to be a claim file)" in result.err
