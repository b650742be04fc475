"""benchmarks/references.py runs and prints its figures (tiny sizes: a smoke test, not a timing)."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_references_benchmark_runs_and_prints_its_figures():
    out = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "references.py"), "--figures", "1000", "--claims", "100", "--runs", "1", "--repo-runs", "1"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    text = out.stdout
    claims = int(re.search(r"reference figures \(parquet\) against (\d+) claims", text).group(1))
    figures = int(re.search(r"synthetic: (\d+) reference figures", text).group(1))
    assert figures >= 1000
    # The generator names the claims' partners and years first: even 1000 figures give each verdict.
    confirmed, contradicted, unverified = map(int, re.search(r"verdicts: (\d+) confirmed, (\d+) contradicted, (\d+) unverified", text).groups())
    assert confirmed and contradicted and unverified
    assert confirmed + contradicted + unverified == claims
    for label in ("with references", "--no-references"):
        assert re.search(rf"{label}\s+wall\s+[\d.]+ s\s+CPU\s+[\d.]+ s\s+peak RSS\s+\d+ MB", text), label
    assert len(re.findall(r"ratio with / without: wall [\d.]+, CPU [\d.]+", text)) == 2  # synthetic and repository
    assert re.search(r"references.load [\d.]+ s, indexes [\d.]+ s, verdicts.assess [\d.]+ s", text)
    assert "repository: `reconcile check claims/`" in text
