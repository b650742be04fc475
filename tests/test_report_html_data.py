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


# --- the verdicts (html_verdicts.py) ----------------------------------------------------------


REFERENCE_DATA = ROOT / ".." / "shared" / "reference"


@pytest.fixture(scope="module")
def judged_report():
    """tests/data/report_claims judged by the repository's reference tables: (records, result, data)."""
    import os

    from reconcile import references

    if not REFERENCE_DATA.is_dir():
        pytest.skip(f"no reference data at {REFERENCE_DATA}")
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        refs = references.load(ROOT / "references", REFERENCE_DATA.resolve(), ROOT)
        assert refs.ok, refs.problems
        result = run(load(["tests/data/report_claims"]), Config(), references=refs)
        records = as_records(result)
        return records, result, report_data(html_format.render(records, result=result))
    finally:
        os.chdir(old)


def _strict(text: str):
    def no_constant(name):
        raise ValueError(f"the data holds {name}, which JSON has not")

    return json.loads(text, parse_constant=no_constant)


def _row_claims(data: dict, result) -> list:
    """The corpus claim of each row (the fixture's quotes are distinct)."""
    by_quote = {c.quote: c for c in result.corpus.claims}
    return [by_quote[q] for q in data["rows"]["q"]]


def test_without_references_the_data_has_no_verdicts(fixture_report):
    _, result, data = fixture_report
    assert not result.assessments
    assert not {"vs", "ref", "vr", "vro", "vc", "vcl", "fig"} & set(data)


def _figure_at(data: dict, row: int):
    return next((f for f in data["fig"] if f[0] <= row < f[0] + f[1]), None)


def _named_reference(data: dict, row: int):
    """The official figure (a "ref" entry) row's verdict names, read as the page's script reads it."""
    from reconcile.report.html_verdicts import DIGITS

    ch = data["vr"][row]
    if ch == "-":
        return data["ref"][data["vro"][str(row)]] if str(row) in data.get("vro", {}) else None
    return data["ref"][_figure_at(data, row)[2][DIGITS.index(ch)]]


def test_each_row_carries_its_verdict_and_official_figure(judged_report):
    from reconcile.report.html_verdicts import DIGITS

    records, result, data = judged_report
    by_id = {a["claim"]["id"]: a for a in records["assessments"]}
    rows = _row_claims(data, result)
    assert len(data["vs"]) == len(data["vr"]) == len(data["vc"]) == len(rows)
    statuses = {"c": "confirmed", "x": "contradicted", "u": "unverified"}
    assert [statuses[ch] for ch in data["vs"]] == [by_id[c.id]["status"] for c in rows]
    assert {"confirmed", "contradicted"} <= {by_id[c.id]["status"] for c in rows}  # the fixture exercises both
    txt = data["txt"]
    for i, c in enumerate(rows):
        want, cause = by_id[c.id]["reference"], by_id[c.id]["cause"]
        assert (data["vcl"][DIGITS.index(data["vc"][i])] if data["vc"][i] != "-" else None) == (cause["label"] if cause else None)
        ref = _named_reference(data, i)
        assert (ref is None) == (want is None), c.id
        if want is not None:
            assert (ref[2], ref[3], txt[ref[5]], txt[ref[6]], txt[ref[7]]) == (want["value"], want["normalized"], want["basis"], want["adjustment"], want["vintage"])
    assert any(ch != "-" for ch in data["vc"])  # some verdict gives a cause


def test_figures_hold_their_rows_candidates_and_the_figure_to_print(judged_report):
    records, result, data = judged_report
    rows = _row_claims(data, result)
    judged = {a.claim.id: a for a in result.assessments}
    covered = set()
    for first, count, candidates, to_print, _consensus in data["fig"]:
        members = rows[first : first + count]
        assert len({(c.subject_name, c.metric, c.period) for c in members}) == 1
        covered.update(range(first, first + count))
        want = {(r.value, r.vintage, r.basis) for c in members for r in judged[c.id].candidates}
        got = {(data["ref"][i][2], data["txt"][data["ref"][i][7]], data["txt"][data["ref"][i][5]]) for i in candidates}
        assert got == want
        assert to_print and set(to_print) <= set(candidates)
        # What to print is the newest vintage of the series the verdicts name, never an older release.
        for i in to_print:
            ref = data["ref"][i]
            same = [data["ref"][j] for j in candidates if data["ref"][j][5:7] == ref[5:7]]
            assert data["txt"][ref[7]] == max(data["txt"][r[7]] for r in same)
    assert {i for i in range(len(rows)) if _named_reference(data, i)} <= covered  # a row an official figure judges is in a figure


def test_a_revised_figure_prints_the_revision_not_the_release_it_matches(judged_report):
    records, result, data = judged_report
    revised = [a for a in result.assessments if a.cause and a.cause.label == "revision"]
    assert revised, "the fixture should hold a claim that matches a since-revised release"
    rows = _row_claims(data, result)
    a = revised[0]
    row = next(i for i, c in enumerate(rows) if c.id == a.claim.id)
    fig = next(f for f in data["fig"] if f[0] <= row < f[0] + f[1])
    printed = data["ref"][fig[3][0]]
    assert printed[2] != a.reference.value and data["txt"][printed[7]] > a.reference.vintage


def test_verdict_data_is_strict_json(judged_report):
    _, _, data = judged_report
    _strict(json.dumps(data))


def test_reliability_rows_are_the_jsons(judged_report):
    from reconcile.report import html_verdicts

    records, _, _ = judged_report
    rows = html_verdicts.reliability_rows(records)
    assert {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in rows} == {s["id"]: s["reliability"] for s in records["sources"]}
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_verdict_line_drops_the_claim_it_is_about():
    from reconcile.report import html_verdicts

    record = {"claim": {"source": "a", "subject_name": "Germany", "subject": "DEU", "metric": "goods_balance", "period": "2024",
                        "kind": "value", "value": "-85"},
              "message": "a's Germany goods_balance 2024 (-85) is contradicted by T, latest, census basis: -$84.6B"}  # fmt: skip
    assert html_verdicts.verdict_line(record) == "contradicted by T, latest, census basis: -$84.6B"
    record["message"] = "a's Germany goods_balance 2024 (-85) = T, latest, census basis"
    assert html_verdicts.verdict_line(record) == "= T, latest, census basis"
    record["message"] = "something else entirely"
    assert html_verdicts.verdict_line(record) == "something else entirely"


def test_from_records_alone_figures_hold_the_official_figures_the_verdicts_name(judged_report):
    records, result, with_result = judged_report
    data = report_data(html_format.render(records))  # no result: the claims findings name, the JSON's verdicts
    by_id = {a["claim"]["id"]: a for a in records["assessments"]}
    statuses = {"c": "confirmed", "x": "contradicted", "u": "unverified"}
    ids = {int(row): cid for row, cid in data["id"].items()}
    assert ids and all(statuses[data["vs"][row]] == by_id[cid]["status"] for row, cid in ids.items())
    for first, count, candidates, to_print, _ in data["fig"]:
        named = {(by_id[ids[i]]["reference"] or {}).get("value") for i in range(first, first + count)} - {None}
        assert {data["ref"][i][2] for i in candidates} == named
        assert set(to_print) <= set(candidates)
    assert len(data["ref"]) < len(with_result["ref"])  # the result adds the candidates no verdict names


CONSENSUS_SPEC = """id: t
title: "Test goods table"
publisher: "Test Bureau"
lineage: census
basis: census
adjustment: nsa
vintage: 2026-10-01
data: trade.csv
format: csv
unit: USD
scale: million
precision: 0.05
subject: {column: country, codes: alpha-3}
period: {column: year}
values:
  - {column: balance, metric: goods_balance}
"""


def _consensus_source(folder: Path, sid: str, claims: str) -> None:
    (folder / f"{sid}.yaml").write_text(
        f'source: {{id: {sid}, title: "{sid}", publisher: "{sid}", document: {sid}.txt, '
        f'sha256: "{"ab" * 32}", lineage: [census]}}\ndefaults: {{unit: USD, scale: billion}}\nclaims:\n{claims}',
        encoding="utf-8")  # fmt: skip


def test_consensus_of_a_figure_no_table_covers(tmp_path):
    """Japan is in no table here: three sources' figures for it are judged by each other, and the figure view
    shows that consensus (Germany, in the table, tells the sources' reliability apart)."""
    from reconcile import references

    (tmp_path / "refs").mkdir(), (tmp_path / "data").mkdir(), (tmp_path / "claims").mkdir()
    (tmp_path / "refs" / "t.yaml").write_text(CONSENSUS_SPEC, encoding="utf-8")
    (tmp_path / "data" / "trade.csv").write_text("country,year,balance\nDEU,2024,-84612.1\n", encoding="utf-8")
    row = '  - {{id: {id}, subject: {s}, metric: goods_balance, period: "2024", value: {v}, quote: q, line: {n}}}\n'
    for sid, de, jp in (("good", -84.6, -68.3), ("also", -84.6, -68), ("bad", -35.4, -33.1)):
        _consensus_source(tmp_path / "claims", sid, row.format(id=f"{sid}-de", s="Germany", v=de, n=1)
                          + row.format(id=f"{sid}-jp", s="Japan", v=jp, n=2))  # fmt: skip
    refs = references.load(tmp_path / "refs", tmp_path / "data")
    result = run(load([str(tmp_path / "claims")]), Config(), references=refs)
    data = report_data(html_format.render(as_records(result), result=result))
    by_consensus = [a for a in result.assessments if a.consensus is not None]
    assert {a.claim.id for a in by_consensus} == {"good-jp", "also-jp", "bad-jp"}
    figs = [f for f in data["fig"] if f[4]]
    assert figs
    want = {(a.consensus.verdict, tuple(a.consensus.supporters), tuple(a.consensus.against)) for a in by_consensus}
    assert {(f[4][0], tuple(f[4][3]), tuple(f[4][4])) for f in figs} <= want
    assert figs[0][4][0] == "supported"  # the figure shows its most telling consensus: two sources agree
    _strict(json.dumps(data))
