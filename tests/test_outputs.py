"""Every file reconcile writes: whole or not at all, a clear error when it cannot be, problems always seen.

reconcile.output.write_atomically is the one way a file is written (the -o
output of check, validate --documents and draft, the HTML report, the
baseline); these tests drive it through the command line where the failure can
be produced for real (a folder, a file in the way, /dev/full) and directly where
it cannot (an interrupt between write and rename).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import run_cli
from reconcile import output, problems
from reconcile.engine import Baseline
from small_project import make_project

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


@pytest.fixture
def run_in(project):
    return lambda *argv: run_cli(list(argv), cwd=project)


def leftovers(folder: Path) -> list[str]:
    """Temporary files write_atomically would have left (hidden, .tmp)."""
    return sorted(p.name for p in folder.rglob(".*.tmp"))


def cannot_write(path, reason: str) -> str:
    return f"reconcile: {problems.CANNOT_WRITE_OUTPUT.says(path=str(path), reason=reason)}\n"


# --- `-o -` and where problems go ------------------------------------------------------------------


def test_dash_is_stdout_for_check_and_draft(project, run_in):
    result = run_in("check", "claims", "--no-html", "--no-baseline", "--format", "json", "-o", "-")
    assert result.code == 1 and json.loads(result.out)["summary"]["by_rule"] == {"RC201": 1}
    draft = run_in("draft", "docs/alpha.txt", "-o", "-")
    assert draft.code == 0 and draft.out.startswith("# Draft claims for alpha.txt") and "\nsource:" in draft.out
    assert not (project / "-").exists()


def _break_a_claim(project):
    (project / "claims" / "alpha.yaml").write_text("source: [x]\nclaims: []\n", encoding="utf-8")


@pytest.mark.parametrize("where", [["-o", "out.txt"], ["-o", "-"], []], ids=["-o FILE", "-o -", "stdout"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_problems_are_always_seen(project, run_in, where, fmt):
    """Text on stdout lists the problems itself; in every other case they are said on stderr too."""
    _break_a_claim(project)
    result = run_in("check", "claims", "--no-html", "--format", fmt, *where)
    assert result.code == 2
    problem = "claims/alpha.yaml:1: RC009"
    to_terminal = fmt == "text" and where != ["-o", "out.txt"]
    if to_terminal:
        assert problem in result.out and result.err == ""
    else:
        assert problem in result.err and "1 problem(s): fix them first" in result.err, result.text
    if where == ["-o", "out.txt"]:
        assert result.out == "" and "RC009" in (project / "out.txt").read_text(encoding="utf-8")


def test_the_text_problem_list_is_not_said_twice(project, run_in):
    _break_a_claim(project)
    result = run_in("check", "claims", "--no-html")
    assert result.out.count("RC009") == 1 and "RC009" not in result.err


# --- every output that cannot be written -----------------------------------------------------------

# (id, the command's arguments with PATH where the output goes, or a configuration that names it)
WRITERS = [
    ("check -o", ["check", "claims", "--no-html", "--no-baseline", "-o", "PATH"], None),
    ("check --html", ["check", "claims", "--no-baseline", "--html", "PATH"], None),
    ("configured report", ["check", "claims", "--no-baseline"], "report: PATH\n"),
    ("validate --documents -o", ["validate", "claims", "--documents", "docs", "-o", "PATH"], None),
    ("draft -o", ["draft", "docs/alpha.txt", "-o", "PATH"], None),
]


def _destination(project: Path, kind: str) -> str:
    if kind == "folder":
        (project / "a-folder").mkdir()
        return "a-folder"
    if kind == "parent is a file":
        (project / "a-file").write_text("x", encoding="utf-8")
        return "a-file/out.txt"
    return "/dev/full"


REASONS = {"folder": "it is a folder", "parent is a file": "a part of the path is a file, not a folder",
           "full disk": "no space left on device"}  # fmt: skip


@pytest.mark.parametrize("kind", list(REASONS))
@pytest.mark.parametrize("name, argv, config", WRITERS, ids=[w[0] for w in WRITERS])
def test_an_output_that_cannot_be_written_is_one_clear_line(project, run_in, name, argv, config, kind):
    path = _destination(project, kind)
    if config:
        (project / "reconcile.yaml").write_text(config.replace("PATH", path), encoding="utf-8")
    result = run_in(*[path if a == "PATH" else a for a in argv])
    assert result.code == 2, result.text
    shown = project / path if config and not path.startswith("/") else path  # the configuration's paths are relative to it
    assert result.err.endswith(cannot_write(shown, REASONS[kind])), result.err
    assert result.err.count("reconcile:") == 1 and "Traceback" not in result.text
    assert leftovers(project) == []


@pytest.mark.skipif(IS_ROOT, reason="root may write anywhere: no permission can be denied")
def test_permission_denied(project, run_in):
    locked = project / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_in("check", "claims", "--no-html", "-o", "locked/out.txt")
        assert result.code == 2 and result.err == cannot_write("locked/out.txt", "permission denied")
        readonly = project / "readonly.txt"
        readonly.write_text("old", encoding="utf-8")
        readonly.chmod(0o444)
        result = run_in("check", "claims", "--no-html", "-o", "readonly.txt")
        assert result.err == cannot_write("readonly.txt", "permission denied") and readonly.read_text() == "old"
    finally:
        locked.chmod(0o755)


@pytest.mark.parametrize("kind", ["folder", "parent is a file", "special file"])
@pytest.mark.parametrize("command", [["check", "claims", "--no-html"], ["baseline", "claims", "--reason", "r"]])
def test_a_baseline_that_cannot_be_read(project, run_in, command, kind):
    path = "/dev/zero" if kind == "special file" else _destination(project, kind)
    result = run_in(*command, "--baseline", path)
    why = {"folder": "it is a folder", "parent is a file": "a part of the path is a file, not a folder",
           "special file": "it is not a regular file"}[kind]  # fmt: skip
    assert result.code == 2, result.text
    assert result.err == f"reconcile: {problems.CANNOT_READ_BASELINE.says(path=path, reason=why)}\n"


def test_a_baseline_that_is_not_utf8(project, run_in):
    (project / "b.yaml").write_bytes(b"accepted: []\n# \xff\n")
    result = run_in("check", "claims", "--no-html", "--baseline", "b.yaml")
    assert result.code == 2 and result.err == f"reconcile: {problems.CANNOT_READ_BASELINE.says(path='b.yaml', reason='it is not UTF-8 text')}\n"


def test_the_baseline_is_written_atomically(project, monkeypatch):
    """Baseline.write goes through write_atomically: a failed rename keeps the old file and leaves no temporary."""
    path = project / "accepted.yaml"
    path.write_text("accepted: []\n", encoding="utf-8")

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "replace", full)
    with pytest.raises(output.OutputError, match="RC065 cannot write .*accepted.yaml: no space left on device"):
        Baseline(path).write([], "r")
    assert path.read_text(encoding="utf-8") == "accepted: []\n" and leftovers(project) == []


# --- whole or not at all ---------------------------------------------------------------------------


def test_an_interrupt_before_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "report.html"
    path.write_text("old", encoding="utf-8")

    def interrupted(src, dst):
        assert Path(src).parent == tmp_path and Path(src).read_text(encoding="utf-8") == "new"  # beside it, complete
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomically(path, "new")
    assert path.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "out.json"
    path.write_text("old", encoding="utf-8")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd, mode):
            self.file = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[: len(data) // 2])  # half of it, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fdopen", Full)
    with pytest.raises(output.OutputError, match="no space left on device"):
        output.write_atomically(path, "new content " * 1000)
    assert path.read_text(encoding="utf-8") == "old" and leftovers(tmp_path) == []


def test_an_existing_file_keeps_its_permissions_and_a_new_one_follows_the_umask(tmp_path):
    kept = tmp_path / "shared.html"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    output.write_atomically(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text(encoding="utf-8") == "new"
    previous = os.umask(0o027)
    try:
        output.write_atomically(tmp_path / "fresh.json", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "fresh.json").stat().st_mode) == 0o640  # 0o666 less the umask, not mkstemp's 0o600


def test_a_symlink_stays_a_link_to_the_new_content(tmp_path):
    real = tmp_path / "reports" / "real.html"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    output.write_atomically(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_missing_folders_are_created(tmp_path):
    output.write_atomically(tmp_path / "reports" / "deep" / "r.html", "x")
    assert (tmp_path / "reports" / "deep" / "r.html").read_text(encoding="utf-8") == "x"


def test_special_files_are_written_directly(project, run_in, tmp_path):
    assert run_in("check", "claims", "--no-html", "--no-baseline", "-o", "/dev/null").code == 1
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    result = run_in("check", "claims", "--no-html", "--no-baseline", "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert result.code == 1 and json.loads(received[0])["summary"]["findings"] == 1
    assert fifo.exists() and stat.S_ISFIFO(fifo.stat().st_mode)  # not replaced by a regular file


def test_dev_stdout_is_the_process_stdout(project):
    """/dev/stdout links to a pipe realpath cannot name: it is opened as given, not replaced."""
    done = subprocess.run([sys.executable, "-m", "reconcile", "check", "claims", "--no-html", "--no-baseline", "--format", "json",
                           "-o", "/dev/stdout"], cwd=project, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["findings"] == 1 and done.stderr == ""


def test_concurrent_writers_and_a_reader_never_see_half_a_file(tmp_path):
    path = tmp_path / "out.txt"
    texts = [f"{n}" * 2_000_000 for n in range(4)]  # 2 MB each: a write takes long enough to overlap
    output.write_atomically(path, texts[0])
    seen, errors = set(), []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            text = path.read_text(encoding="utf-8")
            seen.add((text[:1], len(text), len(set(text))))

    def write(text):
        try:
            for _ in range(5):
                output.write_atomically(path, text)
        except Exception as exc:  # a thread cannot fail the test: collected and asserted below
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(t,)) for t in texts]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    reader.join()
    assert errors == []
    assert seen <= {(str(n), 2_000_000, 1) for n in range(4)}, seen  # each read: one whole text, never a mixture or a prefix
    assert path.read_text(encoding="utf-8") in texts and leftovers(tmp_path) == []


def test_two_concurrent_runs_leave_one_complete_output(project):
    """Two checks writing the same -o in two formats: the file is one of them, whole."""
    argv = [sys.executable, "-m", "reconcile", "check", "claims", "--no-html", "--no-baseline", "-o", "out"]
    runs = [subprocess.Popen([*argv, "--format", fmt], cwd=project, stderr=subprocess.PIPE) for fmt in ("json", "sarif")]
    assert [r.wait(timeout=120) for r in runs] == [1, 1], [r.stderr.read() for r in runs]
    singles = {}
    for fmt in ("json", "sarif"):
        subprocess.run([*argv[:-1], f"single.{fmt}", "--format", fmt], cwd=project, check=False, timeout=120)
        singles[fmt] = (project / f"single.{fmt}").read_text(encoding="utf-8")
    assert (project / "out").read_text(encoding="utf-8") in singles.values()
    assert leftovers(project) == []
