"""Accepted findings stay accepted when new documents are transcribed about other figures.

A finding's fingerprint covers what the finding is about (its subject claims and their
published values), not the context a rule consulted: the competitors that outrank a rank
claim, or another source's level a growth rate was checked against. So the repository's
claims with their baseline, plus two new sources, must leave every baseline entry matched.
The second source is chosen to change that context: it adds a 2024 partner ahead of the
ranked Germany and Japan, a second figure for Ireland (a competitor of every ranked
partner) and a 2023 level for India (the earlier level of crossdock's India growth rate).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CLAIMS, ROOT, SEEDS, run_cli, sha256_text

REFERENCE_DATA = ROOT.parent / "shared" / "reference"

# Other figures only: Germany, Japan and China, other metrics and years than the accepted findings'.
OTHER_FIGURES = {
    "sid": "gammadigest",
    "text": "Gamma Trade Digest, partner notes\n"
            "Germany bought $160.0 billion of US goods in 2024.\n"
            "Japan: goods deficit of $71.2 billion in 2023.\n"
            "China: the US imported $438.9 billion of Chinese goods in 2024.\n",
    "claims": [
        ("gamma-germany-goods-exports-2024", "Germany", "goods_exports", "2024", "160.0", "Germany bought $160.0 billion", 2),
        ("gamma-japan-goods-balance-2023", "Japan", "goods_balance", "2023", "-71.2", "goods deficit of $71.2 billion", 3),
        ("gamma-china-goods-imports-2024", "China", "goods_imports", "2024", "438.9", "imported $438.9 billion", 4),
    ],
}  # fmt: skip
# Figures that change the context of accepted findings (see the module docstring).
NEW_CONTEXT = {
    "sid": "deltamonitor",
    "text": "Delta Trade Monitor, goods deficits\n"
            "Thailand: goods deficit of $45.6 billion in 2024.\n"
            "Ireland: goods deficit of $86.7 billion in 2024.\n"
            "India: goods deficit of $43.6 billion in 2023.\n",
    "claims": [
        ("delta-thailand-goods-balance-2024", "Thailand", "goods_balance", "2024", "-45.6", "goods deficit of $45.6 billion", 2),
        ("delta-ireland-goods-balance-2024", "Ireland", "goods_balance", "2024", "-86.7", "goods deficit of $86.7 billion", 3),
        ("delta-india-goods-balance-2023", "India", "goods_balance", "2023", "-43.6", "goods deficit of $43.6 billion", 4),
    ],
}  # fmt: skip


def claim_file(source: dict) -> str:
    """A claim file faithful to its document: every quote on its line, the document's own hash."""
    lines = [
        f'source: {{id: {source["sid"]}, title: "{source["sid"]}", publisher: "{source["sid"]}", '
        f'document: {source["sid"]}.txt, sha256: "{sha256_text(source["text"])}", lineage: [census]}}',
        "defaults: {unit: USD, scale: billion}",
        "skip:",
        "  - {pattern: '\\b20\\d\\d\\b', reason: \"years are periods\"}",
        "claims:",
    ]
    for cid, subject, metric, period, value, quote, line in source["claims"]:
        lines.append(f'  - {{id: {cid}, subject: {subject}, metric: {metric}, period: "{period}", value: {value}, '
                     f'quote: "{quote}", line: {line}}}')  # fmt: skip
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path) -> Path:
    """The repository's claims, baseline and documents, plus two new sources and their documents."""
    shutil.copytree(CLAIMS, tmp_path / "claims")
    shutil.copytree(SEEDS, tmp_path / "docs")
    shutil.copy(ROOT / "reconcile-baseline.yaml", tmp_path / "reconcile-baseline.yaml")
    for source in (OTHER_FIGURES, NEW_CONTEXT):
        (tmp_path / "docs" / f"{source['sid']}.txt").write_text(source["text"], encoding="utf-8")
        (tmp_path / "claims" / f"{source['sid']}.yaml").write_text(claim_file(source), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.reconcile]\ndocuments = "docs"\nreferences = "{REFERENCE_DATA.as_posix()}"\n'
        f'reference-sources = "{(ROOT / "references").as_posix()}"\nbaseline = "reconcile-baseline.yaml"\nreport = false\n',
        encoding="utf-8",
    )
    return tmp_path


def check(cwd: Path) -> dict:
    result = run_cli(["check", "claims", "--format", "json"], cwd=cwd)
    assert result.code in (0, 1), result.text
    return json.loads(result.out)


def test_new_sources_about_other_figures_leave_every_baseline_entry_matched(project):
    entries = yaml.safe_load((project / "reconcile-baseline.yaml").read_text(encoding="utf-8"))["accepted"]
    report = check(project)

    assert report["problems"] == [], report["problems"]
    assert report["stale_baseline"] == []
    accepted = {f["fingerprint"]: f for f in report["findings"] if f["accepted"]}
    assert {e["fingerprint"] for e in entries} == set(accepted)
    assert all(accepted[e["fingerprint"]]["accepted_reason"] == e["reason"] for e in entries)


def test_the_new_sources_do_change_the_context_of_accepted_findings(project):
    """Guards the test above: the new claims are consulted by accepted findings, so a fingerprint
    covering every claim consulted would have moved."""
    report = check(project)
    new_ids = {cid for source in (OTHER_FIGURES, NEW_CONTEXT) for cid, *_ in source["claims"]}
    consulted = {
        (f["code"], cid) for f in report["findings"] if f["accepted"]
        for cid in {c["id"] for c in f["claims"]} & new_ids
    }  # fmt: skip
    assert ("RC402", "delta-thailand-goods-balance-2024") in consulted  # a partner certainly ahead of Germany, Japan
    assert ("RC402", "delta-ireland-goods-balance-2024") in consulted  # a second source for a competitor
    assert ("RC305", "delta-india-goods-balance-2023") in consulted  # India's 2023 level, now from two sources


def test_the_fingerprint_covers_the_subject_and_its_values_never_the_context():
    from reconcile.rules._context import finding

    def fingerprint(subject, context, literals):
        return finding("RC402", "rank-outranked", "m", subject, context=context, key="r:DE").compute_fingerprint(literals)

    values = {"rank": "7", "level": "-35.4", "rival": "-87", "new-rival": "-45.6"}
    base = fingerprint(["rank", "level"], ["rival"], values)
    assert fingerprint(["rank", "level"], ["rival", "new-rival"], values) == base  # a new competitor
    assert fingerprint(["rank", "level"], ["rival"], {**values, "rival": "-86.7"}) == base  # a competitor revised
    assert fingerprint(["rank", "level"], ["rival"], {**values, "level": "-35.5"}) != base  # the ranked figure edited
    assert fingerprint(["rank"], ["level", "rival"], values) != base  # the level is no longer the document's own


def test_context_claims_are_listed_after_the_subject_and_a_claim_in_both_is_subject():
    from reconcile.rules._context import finding

    f = finding("RC305", "growth-rate", "m", ["growth", "later"], context=["later", "earlier", "earlier"])
    assert f.claims == ["growth", "later", "earlier"]
    assert f.subject == ["growth", "later"] and f.context == ["earlier"]
