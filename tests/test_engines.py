"""The rules on each engine give the same findings: the Python loops, the Ibis kernels on DuckDB, and on Spark.

Compared as the JSON report (findings, messages, fingerprints, order) on the repository's claims and on a
small synthetic corpus with injected errors (benchmarks/engines.py, built on benchmarks/synth.py). The Spark
comparison is marked `spark`: it needs the spark extra and Java 17 (.ci/run installs both) and starts one
SparkSession for the whole test session.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

sys.path.insert(0, str(ROOT / "benchmarks"))

from reconcile.columnar import engines

CHECK = ["check", "--no-html", "--no-baseline", "--no-references", "--format", "json"]


def report(folder: Path, engine: str) -> dict:
    result = run_cli([*CHECK, str(folder), "--engine", engine], cwd=ROOT)
    assert result.code in (0, 1), result.text
    return json.loads(result.out)


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> Path:
    """~600 synthetic claims with 12 injected errors of the benchmark's kinds."""
    import engines as bench

    folder = tmp_path_factory.mktemp("synthetic") / "claims"
    bench.write_corpus(bench.synthetic_sources(600, random.Random(20250611), injections=12), folder)
    return folder


def test_duckdb_and_python_agree_on_the_repository_claims():
    duck = report(ROOT / "claims", "duckdb")
    assert duck == report(ROOT / "claims", "python")
    assert duck["findings"], "the repository's claims have known findings: an empty report would prove nothing"


def test_duckdb_and_python_agree_on_injected_errors(synthetic):
    duck = report(synthetic, "duckdb")
    assert duck == report(synthetic, "python")
    codes = {f["code"] for f in duck["findings"]}
    assert codes & {"RC201", "RC202", "RC203", "RC204"}, codes  # the kernels' rules have something to find


def _spark_or_skip():
    if importlib.util.find_spec("pyspark") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI installs the spark extra: pyspark must be importable")
        pytest.skip("pyspark is not installed (pip install -e '.[spark]')")


@pytest.mark.spark
def test_pyspark_and_duckdb_agree(synthetic):
    _spark_or_skip()
    for folder in (ROOT / "claims", synthetic):
        assert report(folder, "pyspark") == report(folder, "duckdb"), folder


# --- choosing an engine: problems, not tracebacks ----------------------------------------------------


def test_unknown_engine_says_did_you_mean(cli):
    result = cli("check", "claims", "--engine", "pyspak")
    assert result.code == 2
    assert "RC056 unknown engine 'pyspak' in --engine — did you mean 'pyspark'? engines: duckdb, pyspark, polars, python" in result.err


def test_engine_from_the_configuration_is_checked(cli, tmp_path):
    (tmp_path / "cwd" / "pyproject.toml").write_text('[tool.reconcile]\nengine = "duckdv"\n', encoding="utf-8")
    result = cli("check", "claims")
    assert result.code == 2 and "RC056 unknown engine 'duckdv' in engine in pyproject.toml — did you mean 'duckdb'?" in result.err
    (tmp_path / "cwd" / "pyproject.toml").write_text("[tool.reconcile]\nengine = 3\n", encoding="utf-8")
    result = cli("check", "claims")
    assert result.code == 2 and "RC052 [tool.reconcile] engine: expected a string" in result.err, result.err


def test_engine_not_installed(monkeypatch, write, tmp_path):
    monkeypatch.setitem(engines.ENGINES, "polars", ("no_such_module_for_reconcile", "polars"))
    with pytest.raises(engines.EngineError, match=r"RC057 engine 'polars' is not installed .*pip install 'reconcile\[polars\]'"):
        engines.connect("polars")


def test_engine_failed_to_start(monkeypatch):
    def broken():
        raise RuntimeError("Java gateway process exited before sending its port number")

    monkeypatch.setitem(engines._CONNECT, "duckdb", broken)
    with pytest.raises(engines.EngineError, match="RC058 engine 'duckdb' failed to start: Java gateway process exited"):
        engines.connect("duckdb")


# Runs reconcile with the columnar libraries made unimportable: ``sys.modules[name] = None`` makes
# ``import name`` raise ImportError, as in a venv where they were never installed.
_WITHOUT_COLUMNAR = """
import sys
for name in ("pyarrow", "ibis", "duckdb", "polars", "pyspark"):
    sys.modules[name] = None
from reconcile.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_default_engine_runs_without_the_columnar_libraries():
    import subprocess

    argv = [sys.executable, "-c", _WITHOUT_COLUMNAR, *CHECK, "claims"]
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert json.loads(done.stdout) == report(Path("claims"), "python")
