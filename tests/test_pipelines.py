"""Every command in a pipeline: when the reader goes away, reconcile exits quietly (0 or 141), nothing on stderr.

The commands are taken from the parser, so a new subcommand without an entry
here fails `test_every_subcommand_is_covered`. Each invocation is run with its
stdout a pipe whose reader is already gone (the first write fails); the first
invocation of each subcommand also as `reconcile ... | head -c 1` (the reader
leaves after one byte, whenever that is).
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from reconcile import cli
from small_project import make_project

# subcommand -> the invocations tested (in a folder made by small_project.make_project)
INVOCATIONS = {
    "check": [["check", "claims", "--documents", "docs", "--no-baseline"],
              ["check", "claims", "--documents", "docs", "--no-baseline", "--format", "json", "-o", "-"]],
    "validate": [["validate", "claims"], ["validate", "claims", "--show-defaults"], ["validate", "claims", "--documents", "docs"]],
    "baseline": [["baseline", "claims", "--reason", "examined", "--baseline", "accepted.yaml"]],
    "coverage": [["coverage", "claims", "--documents", "docs", "--all"]],
    "draft": [["draft", "docs/alpha.txt"]],
    "rule": [["rule", "RC201"]],
    "explain": [["explain", "cannot-write-output"]],
    "schema": [["schema"]],
    "rules": [["rules"], ["rules", "--markdown"]],
    "problems": [["problems"]],
}  # fmt: skip
CASES = [argv for invocations in INVOCATIONS.values() for argv in invocations]
FIRSTS = [invocations[0] for invocations in INVOCATIONS.values()]
USUAL_STATUS = {"check": 1}  # the small project has a cross-source conflict; every other command exits 0 on it
HTML_LINE = re.compile(r"HTML report: \S+ \(\d+ KB\)\n")  # what check says on stderr anyway, pipe or not


def subcommands() -> set[str]:
    parser = cli._parser()
    (action,) = [a for a in parser._actions if a.dest == "command"]
    return set(action.choices)


def test_every_subcommand_is_covered():
    assert set(INVOCATIONS) == subcommands()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("pipelines"))


def _reconcile(argv, project, stdout) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "reconcile", *argv], cwd=project, stdout=stdout, stderr=subprocess.PIPE)


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(a) for a in CASES])
def test_a_closed_pipe_before_the_first_write(project, argv):
    proc = _reconcile(argv, project, subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the command writes anything
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert err == ""


@pytest.mark.parametrize("argv", FIRSTS, ids=[" ".join(a) for a in FIRSTS])
def test_piped_into_head(project, argv):
    """`reconcile ... | head -c 1`: one byte read, then the reader leaves; whatever reconcile had left to write is dropped."""
    proc = _reconcile(argv, project, subprocess.PIPE)
    head = subprocess.Popen(["head", "-c", "1"], stdin=proc.stdout, stdout=subprocess.PIPE)
    proc.stdout.close()  # head holds the only reading end
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (USUAL_STATUS.get(argv[0], 0), 141), err
    assert len(head.communicate(timeout=60)[0]) == 1
    assert err == "" or HTML_LINE.fullmatch(err), err
