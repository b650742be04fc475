"""`reconcile draft` pinned on each seed document, so refactoring reconcile/draft.py cannot change its output.

A draft of at most GOLDEN_TEXT_UP_TO bytes is kept whole as tests/golden/draft-<document stem>.yaml
(a failing test then shows where it changed); every draft's SHA-256 is kept in
tests/golden/draft-sha256.txt, which is all that pins the larger ones. Create or
rewrite them after an intended change with

    RECONCILE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_draft_golden.py

and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SEEDS, sha256_text

from reconcile.draft import draft

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
HASHES = GOLDEN / "draft-sha256.txt"
UPDATE = os.environ.get("RECONCILE_UPDATE_GOLDEN") == "1"
GOLDEN_TEXT_UP_TO = 100_000
HOW_TO_CREATE = "RECONCILE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_draft_golden.py"
DOCUMENTS = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def _hashes() -> dict[str, str]:
    if not HASHES.exists():
        return {}
    pairs = (line.split() for line in HASHES.read_text(encoding="utf-8").splitlines() if line.strip())
    return {name: digest for digest, name in pairs}


def _update(doc: Path, text: str) -> None:
    hashes = _hashes()
    hashes[doc.name] = sha256_text(text)
    HASHES.write_text("".join(f"{d}  {n}\n" for n, d in sorted(hashes.items())), encoding="utf-8")
    if len(text.encode("utf-8")) <= GOLDEN_TEXT_UP_TO:
        (GOLDEN / f"draft-{doc.stem}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.skipif(not DOCUMENTS, reason=f"no seed documents in {SEEDS}")
@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: p.stem)
def test_draft_matches_golden(doc):
    text = draft(doc)
    assert draft(doc) == text, "drafting the same document twice gave different output"
    if UPDATE:
        _update(doc, text)
    whole = GOLDEN / f"draft-{doc.stem}.yaml"
    if whole.exists():
        assert text == whole.read_text(encoding="utf-8"), f"draft of {doc.name} differs from {whole} (after an intended change: {HOW_TO_CREATE})"
    digest = _hashes().get(doc.name)
    if digest is None:
        pytest.fail(f"no golden hash for {doc.name} in {HASHES}: create it with `{HOW_TO_CREATE}`, review it and check it in")
    assert sha256_text(text) == digest, f"draft of {doc.name} differs from its golden hash in {HASHES} (after an intended change: {HOW_TO_CREATE})"
