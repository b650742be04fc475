"""`reconcile draft` never crashes, whatever the text: random Unicode, very long lines, no numbers, only numbers.

Each example is drafted and the output must be YAML that reads back, with every claim's quote
on its stated line; drafting twice gives the same file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.documents import split_lines
from reconcile.draft import draft

EXAMPLES = int(os.environ.get("RECONCILE_FUZZ_EXAMPLES", "60"))
WORDS = ["China", "deficit", "surplus", "exports to the U.S.", "imports", "$", "billion", "%", "2024", "–", "-", "1.", "May",
         "Q2", "first half of", "combined", "average", "from", "versus YTD", "at least", "each of the", "countries", "\n", ", ", ". "]
numbers_only = st.text(alphabet="0123456789.,$%-–+ \n", max_size=400)
trade_words = st.lists(st.sampled_from(WORDS) | st.integers(0, 10**7).map(str), max_size=120).map(" ".join)
anything = st.text(max_size=300)
long_line = st.tuples(st.sampled_from(WORDS), st.integers(1000, 20000)).map(lambda p: (p[0] + " ") * p[1])


def _check(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "fuzz.txt"
        doc.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        out = draft(doc)
        assert draft(doc) == out
    data = yaml.safe_load(out)
    lines = split_lines(text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace"))
    for claim in data["claims"] or []:
        assert claim["quote"] in lines[claim["line"] - 1]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(anything, numbers_only, trade_words, st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200)))
def test_draft_never_crashes(text):
    _check(text)


@settings(max_examples=max(5, EXAMPLES // 10), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(long_line)
def test_draft_of_very_long_lines(text):
    _check(text)


def test_draft_of_a_text_without_numbers_has_no_claims():
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "words.txt"
        doc.write_text("Trade between nations is old.\nNo figures here.\n", encoding="utf-8")
        assert yaml.safe_load(draft(doc))["claims"] is None
