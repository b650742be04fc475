"""Ctrl-C and SIGTERM: exit 130 / 143 with one line, no traceback, and every output either the old file or the new one.

A real `reconcile check` on a synthetic corpus of a few thousand claims
(benchmarks/synth.py) is sent the signal at several moments of its run — while
loading, while the rules run, while the report is written — with an -o file and
an HTML report already there. Whatever the moment, each file is afterwards the
old one or exactly what an uninterrupted run writes, and no temporary file is left.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").is_file() or os.name != "posix", reason="needs POSIX signals and /proc")

OLD = "the previous run's output\n"
COMMAND = [sys.executable, "-m", "reconcile", "check", "synth", "--no-baseline", "--format", "json", "-o", "out.json", "--html", "report.html"]
STOPPED = {signal.SIGINT: (130, "reconcile: interrupted\n"), signal.SIGTERM: (143, "reconcile: terminated\n")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A clean synthetic claim set of ~2,000 claims, and what an uninterrupted run writes (and how long it takes)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("signals")
    rng = random.Random(7)
    world = synth.make_world(rng, n_countries=40, years=list(range(2000, 2025)))
    synth.write_sources(synth.make_sources(world, rng, 10, n_countries=22, prefix="s"), folder / "synth")
    proc = subprocess.Popen(COMMAND, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _in_main(proc.pid)
    started = time.perf_counter()
    _, err = proc.communicate(timeout=300)
    elapsed = time.perf_counter() - started  # from main() on, as the signals below are timed
    assert proc.returncode in (0, 1), err
    expected = {name: (folder / name).read_text(encoding="utf-8") for name in ("out.json", "report.html")}
    return folder, expected, elapsed


def _in_main(pid: int, timeout: float = 60) -> None:
    """Wait until reconcile's main() has taken over SIGTERM (the process catches it): signals sent now are its to handle.

    Before that the interpreter is still starting, and a signal then is Python's default (killed, or a
    KeyboardInterrupt in an import) — with nothing written yet.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1], 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.005)
    raise AssertionError("reconcile never installed its SIGTERM handler")


def _interrupt(folder: Path, signum: int, after: float) -> tuple[int, str, str]:
    for name in ("out.json", "report.html"):
        (folder / name).write_text(OLD, encoding="utf-8")
    proc = subprocess.Popen(COMMAND, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _in_main(proc.pid)
    time.sleep(after)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


@pytest.mark.parametrize("signum", list(STOPPED), ids=["SIGINT", "SIGTERM"])
def test_a_signal_at_any_moment_stops_cleanly(corpus, signum):
    folder, expected, elapsed = corpus
    code, message = STOPPED[signum]
    interrupted = 0
    for fraction in (0.1, 0.5, 0.95):
        returncode, out, err = _interrupt(folder, signum, fraction * elapsed)
        # Dying by the signal itself (-signum: what CPython does when the interrupt lands while the interpreter
        # is finishing) is the same outcome for a shell, which reports 128 + signum for both.
        if returncode in (code, -signum):
            interrupted += 1
            assert err == message and out == "", (fraction, err)
        else:  # it finished before the signal came: an ordinary run
            assert returncode in (0, 1) and "Traceback" not in err, (fraction, returncode, err)
        for name, new in expected.items():
            now = (folder / name).read_text(encoding="utf-8")
            assert now in (OLD, new), f"{name} is neither the old file nor the complete new one after a signal at {fraction:.0%}"
        assert not list(folder.glob(".*.tmp")), "a temporary file was left behind"
    assert interrupted >= 2, "the signal never arrived while reconcile was running: nothing was tested"


_WRITER = r"""
import sys
from reconcile import output
texts = ["a" * 30_000_000, "b" * 30_000_000]
with output.interruptible():
    try:
        n = 0
        while True:
            output.write_atomically(sys.argv[1], texts[n % 2])
            n += 1
            if n == 1:
                print("ready", flush=True)
    except output.Terminated:
        sys.exit(143)
"""


def test_a_signal_while_a_large_file_is_written_leaves_it_whole(tmp_path):
    """Most of this process's time is spent inside write_atomically: the signal lands mid-write, the file stays whole."""
    target = tmp_path / "big.txt"
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143 and "Traceback" not in err, err
    text = target.read_text(encoding="utf-8")
    assert len(text) == 30_000_000 and len(set(text)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


@pytest.mark.parametrize("stop, code, line", [(KeyboardInterrupt, 130, "reconcile: interrupted\n"),
                                              (None, 143, "reconcile: terminated\n")], ids=["SIGINT", "SIGTERM"])  # fmt: skip
def test_main_in_process_says_one_line_and_restores_the_handlers(monkeypatch, capsys, stop, code, line):
    """Called as a function (as the tests do), main() leaves this process's signal handlers as it found them."""
    from reconcile import cli

    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))

    def stopped(args):
        if stop is None:
            os.kill(os.getpid(), signal.SIGTERM)  # delivered to main()'s handler: Terminated
            time.sleep(5)
        raise stop()

    monkeypatch.setattr(cli, "cmd_rules", stopped)
    assert cli.main(["rules"]) == code
    assert capsys.readouterr().err == line
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
