"""A small claims project for command-line tests: two sources, faithful to their documents, that disagree.

Germany 2024 is −$85 billion in alpha and −$35.4 billion in beta, so `check`
finds a cross-source conflict (exit 1) while every quote, line, value and hash
is right. Used by test_validate_documents, test_outputs, test_pipelines.
"""

from __future__ import annotations

from pathlib import Path

from conftest import sha256_text

DOCUMENTS = {
    "alpha": "Alpha Trade Wire, 2024 figures\nGermany: –$85 billion\nJapan: –$69 billion\n",
    "beta": "Beta Trade Notes, 2024 figures\nGermany: –$35.4 billion\nJapan: –$69 billion\n",
}
CLAIMS = """\
source: {{id: {sid}, title: "{sid}", publisher: "{sid}", document: {sid}.txt, sha256: "{sha}", lineage: [census]}}
defaults: {{unit: USD, scale: billion}}
skip:
  - {{pattern: '\\b20\\d\\d\\b', reason: "years are periods"}}
claims:
  - {{id: {sid}-germany, subject: Germany, metric: goods_balance, period: "2024", value: {germany}, quote: "Germany: –${magnitude} billion", line: 2}}
  - {{id: {sid}-japan, subject: Japan, metric: goods_balance, period: "2024", value: -69, quote: "Japan: –$69 billion", line: 3}}
"""
GERMANY = {"alpha": "-85", "beta": "-35.4"}


def make_project(root: Path) -> Path:
    """claims/ and docs/ under root, faithful to each other; returns root."""
    (root / "claims").mkdir(parents=True, exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    for sid, text in DOCUMENTS.items():
        (root / "docs" / f"{sid}.txt").write_text(text, encoding="utf-8")
        write_claims(root, sid)
    return root


def claims_text(sid: str, *edits: tuple[str, str]) -> str:
    fields = {"sid": sid, "sha": sha256_text(DOCUMENTS[sid]), "germany": GERMANY[sid], "magnitude": GERMANY[sid].lstrip("-")}
    text = CLAIMS.format(**fields)
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def write_claims(root: Path, sid: str, *edits: tuple[str, str]) -> None:
    """The claim file of `sid`, faithful to its document unless an (old, new) edit breaks it."""
    (root / "claims" / f"{sid}.yaml").write_text(claims_text(sid, *edits), encoding="utf-8")
