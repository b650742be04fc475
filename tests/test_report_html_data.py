"""The HTML report's claims data (reconcile/report/html_data.py): escaped for its script element, complete, compact.

The browser side (the page draws these rows, and a hostile quote stays text) is in
test_report_html_scale_browser.py.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.config import Config
from reconcile.engine import run
from reconcile.loader import load
from reconcile.report import as_records, html_data, html_format

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "-$35.4 billion </script><script>window.pwned = 1</script><!-- <\\/script> </SCRIPT > \u2028 \u2029 & end"
HOSTILE_YAML = HOSTILE.replace("\\", "\\\\").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")

CLAIM_FILE = """source:
  id: {sid}
  title: "{title}"
  publisher: P
  published: null
  document: {sid}.txt
  sha256: {sha}
  lineage: [unknown]
defaults: {{unit: USD, scale: billion}}
claims:
  - id: {sid}-germany-2024
    subject: Germany
    metric: goods_balance
    period: "2024"
    value: {value}
    quote: "{quote}"
    line: 3
"""


def hostile_corpus(folder: Path):
    """Two sources that disagree on Germany 2024, one quoting hostile text: a finding and an entity both show it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.yaml").write_text(CLAIM_FILE.format(sid="a", title="A </script>", sha="0" * 64, value=-35.4, quote=HOSTILE_YAML), encoding="utf-8")
    (folder / "b.yaml").write_text(CLAIM_FILE.format(sid="b", title="B", sha="1" * 64, value=-85, quote="Germany: -$85 billion"), encoding="utf-8")
    corpus = load([str(folder)])
    assert corpus.ok, corpus.problems
    result = run(corpus, Config())
    assert any(f.code == "RC201" for f in result.findings)
    return result


def report_data(html: str) -> dict:
    """The data as the page's JSON.parse reads it: the text between the script element's tags."""
    text = html.split('<script type="application/json" id="report-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(text)


# --- escaping -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [HOSTILE, "</script>", "<!--", "\u2028\u2029", "a & b > c", "<\\/script>", '"quoted"'])
def test_script_json_keeps_the_element_closed_and_the_data_intact(text):
    encoded = html_data.script_json(json.dumps({"q": [text]}, ensure_ascii=False))
    assert "<" not in encoded and ">" not in encoded and "\u2028" not in encoded and "\u2029" not in encoded
    assert json.loads(encoded) == {"q": [text]}


@pytest.mark.parametrize("inline", [True, False])
def test_hostile_quote_stays_data(tmp_path, inline):
    result = hostile_corpus(tmp_path / "claims")
    html = html_format.render(as_records(result), result=result, claims_inline=inline)
    # Only our two script elements open and close; the quote cannot start a comment or a third script.
    assert len(re.findall(r"<script\b", html, re.IGNORECASE)) == 2
    assert len(re.findall(r"</script", html, re.IGNORECASE)) == 2
    assert "<!--" not in html
    # In the data, nothing that could end its element, and no line separator old script engines reject
    # (in HTML text, where inline cards show the quote, U+2028 is harmless).
    blob = html.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    assert not re.search("[<>\u2028\u2029]", blob)
    data = report_data(html)
    assert HOSTILE in data["rows"]["q"]
    assert "A </script>" not in html  # the source title too is escaped where HTML shows it
    if inline:  # the finding's card shows it as escaped text
        assert "&lt;/script&gt;&lt;script&gt;window.pwned = 1&lt;/script&gt;&lt;!--" in html


# --- what the data holds ------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_report():
    """The report of tests/data/report_claims: (records, result, data)."""
    import os

    old = os.getcwd()
    os.chdir(ROOT)
    try:
        result = run(load(["tests/data/report_claims"]), Config())
        records = as_records(result)
        return records, result, report_data(html_format.render(records, result=result))
    finally:
        os.chdir(old)


def test_each_entity_holds_exactly_its_claims_in_table_order(fixture_report):
    _, result, data = fixture_report
    rows, txt = data["rows"], data["txt"]
    for name, slug, start, count in data["ent"]:
        claims = [c for c in result.corpus.claims if c.subject_name == name]
        want = sorted(claims, key=lambda c: (c.metric, str(c.period_start), c.source, c.id))
        got = [(data["src"][data["org"][rows["o"][i]][0]][0], txt[data["org"][rows["o"][i]][1]], rows["l"][i], rows["q"][i], rows["v"][i])
               for i in range(start, start + count)]  # fmt: skip
        assert got == [(c.source, c.file, c.line, c.quote, c.value) for c in want], name
        assert slug == "e-" + name.lower()
    assert sum(e[3] for e in data["ent"]) == len(rows["q"]) == len(result.corpus.claims)


def test_ids_only_for_claims_that_findings_name_and_flags_only_for_open_findings(fixture_report):
    records, _, data = fixture_report
    named = {c["id"] for f in records["findings"] for c in f["claims"]}
    assert set(data["id"].values()) == named
    flagged = {data["id"][r] for r in data["flag"]}
    assert flagged == {c["id"] for f in records["findings"] if not f["accepted"] for c in f["claims"]}
    anchors = {f"f-{i + 1}" for i, f in enumerate(records["findings"])}
    assert all(link[1] in anchors for links in data["flag"].values() for link in links)


def test_figures_and_intervals_read_back(fixture_report):
    _, result, data = fixture_report
    rows = data["rows"]
    by_quote = {c.quote: c for c in result.corpus.claims}
    for i, quote in enumerate(rows["q"]):
        c = by_quote[quote]
        assert rows["n"][i] == pytest.approx(c.normalized, rel=1e-9)
        assert rows["n"][i] - rows["dl"][i] == pytest.approx(c.lo, rel=1e-6)
        assert rows["n"][i] + rows["dh"][i] == pytest.approx(c.hi, rel=1e-6)


# --- numbers and marks --------------------------------------------------------------------


@given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, width=64))
def test_number_is_short_json_within_ten_digits(x):
    text = html_data.number(x)
    back = json.loads(text)
    assert back == pytest.approx(x, rel=1e-9, abs=1e-300)
    assert len(text) <= len(repr(x)) + 1


def test_number_special_values():
    assert [html_data.number(x) for x in (None, math.inf, -math.inf, math.nan, "inf", "-inf", True)] == [
        "null", '"inf"', '"-inf"', "null", '"inf"', '"-inf"', "null"]  # fmt: skip
    assert html_data.number(-35_400_000_000.0) == "-354e8"
    assert html_data.number(0.5) == "0.5" and html_data.number(1000) == "1e3" and html_data.number(120) == "120"


def reference_marks(quote: str, value) -> list[tuple[int, int]]:
    """The figure's spans as the report's former regular expression found them (one compiled per literal)."""
    literal = str(value or "").strip().lstrip("+-\u2212\u2013").replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", literal):
        return []
    whole, _, frac = literal.partition(".")
    variants = {whole}
    if len(whole) > 3:
        grouped = f"{int(whole):,}"
        variants |= {grouped, grouped.replace(",", "\u202f"), grouped.replace(",", " ")}
    body = "(?:" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + ")"
    if frac:
        body += re.escape("." + frac)
    return [m.span() for m in re.finditer(r"(?<![\w.,])" + body + r"(?![.,]?\d)", quote)]


LITERALS = st.one_of(
    st.from_regex(r"-?\d{1,7}(\.\d{1,3})?", fullmatch=True),
    st.sampled_from(["1,234", "−85", "–35.4", "12\u202f345", "x", "", "0", "1000", "63.0"]),
)


@given(LITERALS, st.lists(st.sampled_from(["1", "2", "3", "4", "5", "0", ",", ".", " ", "\u202f", "a", "$", "_", "-", "1,234", "12 345",
                                           "1\u202f234", "35.4", "85", "1234", "٣"]), max_size=14))  # fmt: skip
def test_marks_find_what_the_regular_expression_found(value, pieces):
    literal = value.lstrip("-\u2212\u2013")
    quote = "".join(pieces[: len(pieces) // 2]) + literal + "".join(pieces[len(pieces) // 2 :])
    assert html_format.marks(quote, value) == reference_marks(quote, value)


def test_marks_examples():
    assert html_format.marks("Japan: a $68.5 billion deficit", "-68.5") == [(10, 14)]
    assert html_format.marks("$1,234.5 million or 1234.5", "1234.5") == [(1, 8), (20, 26)]
    assert html_format.marks("in 1985 it was 85", "-85") == [(15, 17)]
    assert html_format.marks("85.5 not 85", "85") == [(9, 11)]
    assert html_format.marks(None, "1") == [] and html_format.marks("1", None) == []
