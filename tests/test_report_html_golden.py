"""The HTML report pinned byte for byte, so refactoring html_format.py or the template cannot change it unnoticed.

The other formats' golden files are checked in test_report_formats.py; the HTML
page has its own test because its golden file is large and because a missing
golden file must fail here rather than be written silently. Create or rewrite
the golden files after an intended change with

    RECONCILE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_html_golden.py

and review the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reconcile import report
from reconcile.config import Config
from reconcile.engine import Baseline, run
from reconcile.loader import load
from reconcile.report import as_records, html_format

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("RECONCILE_UPDATE_GOLDEN") == "1"
TEST_VERSION = "0.0.0+test"
ACCEPT_REASON = 'Checked the document: line 31 repeats the figure with a typo ("86.5" for "68.5") <kept as published>'
STALE = "feedfacefeedface"
HOW_TO_CREATE = "RECONCILE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_html_golden.py"


@pytest.fixture(autouse=True)
def _stable(monkeypatch):
    """Relative claim paths (as the CLI gives them) and a fixed tool version."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(report, "tool_version", lambda: TEST_VERSION)


def _run(baseline: Baseline | None = None):
    return run(load([str(Path("tests") / "data" / "report_claims")]), Config(), None, baseline)


@pytest.fixture
def result():
    """tests/data/report_claims with one finding accepted in a baseline and one stale entry (as in test_report_formats)."""
    first = _run()
    target = [f for f in first.findings if f.code == "RC202" and "alpha-japan-goods-balance-2024-text" in f.claims]
    assert target, "the fixture should raise RC202 on alpha's two Japan figures"
    entries = {
        target[0].fingerprint: {"fingerprint": target[0].fingerprint, "code": "RC202", "reason": ACCEPT_REASON},
        STALE: {"fingerprint": STALE, "code": "RC201", "reason": "figures since corrected"},
    }
    return _run(Baseline(ROOT / "unused-baseline.yaml", entries))


def _first_difference(got: str, want: str) -> str:
    for n, (a, b) in enumerate(zip(got.splitlines(), want.splitlines()), start=1):
        if a != b:
            return f"first difference on line {n}:\n  got:  {a[:300]!r}\n  want: {b[:300]!r}"
    return f"one output is a prefix of the other ({len(got)} vs {len(want)} characters)"


def assert_golden(text: str, name: str) -> None:
    """`text` equals tests/golden/`name`; a missing golden file is a failure that says how to create it."""
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing: create it with `{HOW_TO_CREATE}`, review it and check it in")
    want = path.read_text(encoding="utf-8")
    assert text == want, f"HTML differs from {path}: {_first_difference(text, want)}\n(after an intended change: {HOW_TO_CREATE})"


def _inline(result) -> str:
    return report.render(result, "html").replace(TEST_VERSION, "<version>")


def _store(result) -> str:
    return html_format.render(as_records(result), result=result, claims_inline=False).replace(TEST_VERSION, "<version>")


def test_html_report_is_deterministic(result):
    assert _inline(result) == _inline(result)
    assert _store(result) == _store(result)


def test_html_report_matches_golden(result):
    assert_golden(_inline(result), "report.html")


def test_html_claim_store_report_matches_golden(result):
    """The large-run layout (claim cards written once, copied on demand) is pinned too."""
    assert_golden(_store(result), "report.store.html")
