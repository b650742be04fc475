"""Shared fixtures: paths of the real repository, a claim-file writer and a CLI runner.

Tests that run the CLI on claim files of their own run it from a temporary
working directory, so the repository's ``[tool.reconcile]`` configuration (its
documents folder, its baseline, its HTML report path) never leaks into them.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "claims"
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(argv: list[str], cwd: Path | None = None) -> CliResult:
    """reconcile.cli.main(argv), capturing its output; fails the test on a traceback or a stray exception."""
    from reconcile import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        code = cli.main([str(a) for a in argv])
    result = CliResult(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in result.text, result.text
    return result


@pytest.fixture
def cli(tmp_path):
    """Run the CLI from an empty working directory (no configuration file applies)."""
    workdir = tmp_path / "cwd"
    workdir.mkdir()

    def run(*argv) -> CliResult:
        return run_cli(list(argv), cwd=workdir)

    return run


@pytest.fixture
def write(tmp_path):
    """write("claims/a.yaml", text) -> the path, parents created; bytes are written as they are."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def pytest_report_header(config):
    return f"reconcile tests: repository {ROOT}, seed documents {SEEDS} ({'found' if SEEDS.is_dir() else 'MISSING'})"


__all__ = ["ROOT", "CLAIMS", "SEEDS", "sha256_text", "run_cli", "CliResult"]
