"""The held-out drafting sets (benchmarks/heldout/ and benchmarks/heldout2/, issue 13) stay valid, complete hand transcriptions.

benchmarks/draft_accuracy.py --heldout scores the drafter against these files, so a claim that drifts
from its document (a quote edited, a line moved, a number left untranscribed) would silently skew the
held-out figures. Each check runs the real command line, as an analyst would, on each set.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HELDOUT_SETS = [ROOT / "benchmarks" / "heldout", ROOT / "benchmarks" / "heldout2"]


def _reconcile(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reconcile", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture(params=HELDOUT_SETS, ids=lambda folder: folder.name)
def heldout(request) -> Path:
    return request.param


def test_every_document_has_its_hand_transcription(heldout):
    documents = sorted(p.stem for p in (heldout / "documents").glob("*.txt"))
    claims = sorted(p.stem for p in (heldout / "claims").glob("*.yaml"))
    assert documents == claims and len(documents) == 3


def test_heldout_claims_validate_against_their_documents(heldout):
    done = _reconcile("validate", str(heldout / "claims"), "--documents", str(heldout / "documents"),
                      "--fail-on", "info")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 findings" in done.stdout


def test_heldout_claims_cover_every_number(heldout):
    done = _reconcile("coverage", str(heldout / "claims"), "--documents", str(heldout / "documents"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("100.0% of") == 3, done.stdout


def test_the_sets_share_no_document_or_claim_id():
    """A document or claim id in both sets would let the second set repeat what the first already taught."""
    first, second = HELDOUT_SETS
    assert not _texts(first) & _texts(second)
    assert not _claim_ids(first) & _claim_ids(second)


def _texts(folder: Path) -> set[str]:
    return {p.read_text(encoding="utf-8") for p in (folder / "documents").glob("*.txt")}


def _claim_ids(folder: Path) -> set[str]:
    ids = set()
    for path in (folder / "claims").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids |= {claim["id"] for claim in data["claims"]}
    return ids
