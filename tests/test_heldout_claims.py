"""The held-out drafting set (benchmarks/heldout/, issue 13) stays a valid, complete hand transcription.

benchmarks/draft_accuracy.py --heldout scores the drafter against these files, so a claim that drifts
from its document (a quote edited, a line moved, a number left untranscribed) would silently skew the
held-out figures. Both checks run the real command line, as an analyst would.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HELDOUT = Path(__file__).resolve().parents[1] / "benchmarks" / "heldout"


def _reconcile(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reconcile", *args], capture_output=True, text=True,
                          cwd=HELDOUT.parents[1], timeout=300)


def test_every_document_has_its_hand_transcription():
    documents = sorted(p.stem for p in (HELDOUT / "documents").glob("*.txt"))
    claims = sorted(p.stem for p in (HELDOUT / "claims").glob("*.yaml"))
    assert documents == claims and len(documents) == 3


def test_heldout_claims_validate_against_their_documents():
    done = _reconcile("validate", str(HELDOUT / "claims"), "--documents", str(HELDOUT / "documents"),
                      "--fail-on", "info")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 findings" in done.stdout


def test_heldout_claims_cover_every_number():
    done = _reconcile("coverage", str(HELDOUT / "claims"), "--documents", str(HELDOUT / "documents"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("100.0% of") == 3, done.stdout
