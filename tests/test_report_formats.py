"""Output formats: golden files, SARIF schema validity, JUnit XML, GitHub escaping, HTML safety.

Golden files live in tests/golden/; rewrite them after an intended change with

    RECONCILE_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_report_formats.py

and review the diff before committing.
"""

from __future__ import annotations

import json
import os
import re
import time
import xml.etree.ElementTree as ET
from copy import deepcopy
from pathlib import Path

import jsonschema
import pytest

import reconcile.report as report
from reconcile import rules as rule_registry
from reconcile.config import Config
from reconcile.engine import Baseline, run
from reconcile.loader import load
from reconcile.report import as_records, github_format, html_format, junit_format, sarif_format

ROOT = Path(__file__).resolve().parents[1]
DATA = Path("tests") / "data"
GOLDEN = ROOT / "tests" / "golden"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0.json"
UPDATE = os.environ.get("RECONCILE_UPDATE_GOLDEN") == "1"
TEST_VERSION = "0.0.0+test"
ACCEPT_REASON = 'Checked the document: line 31 repeats the figure with a typo ("86.5" for "68.5") <kept as published>'
STALE = "feedfacefeedface"


@pytest.fixture(autouse=True)
def _stable(monkeypatch):
    """Relative claim paths (as the CLI gives them) and a fixed tool version."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(report, "tool_version", lambda: TEST_VERSION)


def _run(folder: str, baseline: Baseline | None = None):
    corpus = load([str(DATA / folder)])
    return run(corpus, Config(), None, baseline)


@pytest.fixture
def result():
    """The fixture claims with one finding accepted in a baseline and one stale baseline entry."""
    first = _run("report_claims")
    target = [f for f in first.findings if f.code == "RC202" and "alpha-japan-goods-balance-2024-text" in f.claims]
    assert target, "the fixture should raise RC202 on alpha's two Japan figures"
    entries = {
        target[0].fingerprint: {"fingerprint": target[0].fingerprint, "code": "RC202", "reason": ACCEPT_REASON},
        STALE: {"fingerprint": STALE, "code": "RC201", "reason": "figures since corrected"},
    }
    return _run("report_claims", Baseline(ROOT / "unused-baseline.yaml", entries))


@pytest.fixture
def broken():
    return _run("report_claims_bad")


def _normalise(text: str) -> str:
    text = text.replace(TEST_VERSION, "<version>")
    return text.replace(sarif_format.information_uri(), "<informationUri>")


GOLDEN_FILES = {"json": "report.json", "sarif": "report.sarif", "junit": "report.junit.xml", "github": "report.github.txt", "text": "report.text.txt"}


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FILES))
def test_golden(fmt, result):
    out = _normalise(report.render(result, fmt))
    path = GOLDEN / GOLDEN_FILES[fmt]
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out, encoding="utf-8")
    # A missing golden file fails: a test that writes its own expectation cannot fail.
    assert path.exists(), f"{path} is missing: run with RECONCILE_UPDATE_GOLDEN=1 to write it, then review and commit it"
    assert out == path.read_text(encoding="utf-8"), f"{fmt} output differs from {path}: set RECONCILE_UPDATE_GOLDEN=1 to rewrite it, then review the diff"


# --- SARIF --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _errors(validator, log) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]


def test_sarif_is_valid_against_the_schema(result, broken, sarif_validator):
    for res in (result, broken):
        log = json.loads(report.render(res, "sarif"))
        assert _errors(sarif_validator, log) == []


def test_sarif_real_claims_valid(sarif_validator):
    corpus = load(["claims"])
    res = run(corpus, Config())
    log = json.loads(report.render(res, "sarif"))
    assert _errors(sarif_validator, log) == []
    assert len(log["runs"][0]["results"]) == len(res.findings)


def test_schema_rejects_a_broken_log(sarif_validator):
    """The schema file is the real one: it catches what GitHub would reject."""
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "m"}}]}]}
    assert _errors(sarif_validator, bad)
    assert _errors(sarif_validator, {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]})


def test_sarif_content(result):
    log = json.loads(report.render(result, "sarif"))
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "reconcile" and driver["version"] == TEST_VERSION
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert set(rule_registry.all_rules()) <= set(ids)
    rc201 = driver["rules"][ids.index("RC201")]
    module = rule_registry.find("RC201")
    assert rc201["name"] == module.NAME
    assert rc201["shortDescription"]["text"] == rule_registry.summary(module) == rule_registry.spec("RC201").summary
    for words in ("What it does", "Why is this bad?", "Example", "Use instead", "expected-gaps"):
        assert words in rc201["help"]["text"] and words in rc201["help"]["markdown"], words
    assert rc201["properties"]["options"] == {"expected-gaps": {"bop/census": [0.002, 0.025], "census/oec": [0.0, 0.25]}}
    assert rc201["defaultConfiguration"]["level"] == "error"

    records = as_records(result)
    assert len(run_["results"]) == len(records["findings"])
    for res, f in zip(run_["results"], records["findings"]):
        assert res["ruleId"] == f["code"]
        assert driver["rules"][res["ruleIndex"]]["id"] == f["code"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == f["file"] and not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] == f["line"]
        assert res["partialFingerprints"] == {"reconcile/v1": f["fingerprint"]}
        related = res.get("relatedLocations", [])
        assert len(related) == len(f["claims"]) - 1
        assert len({r["id"] for r in related}) == len(related)
        if f["accepted"]:
            assert res["suppressions"] == [{"kind": "external", "state": "accepted", "justification": ACCEPT_REASON}]
        else:
            assert "suppressions" not in res
    assert any(r.get("suppressions") for r in run_["results"])
    assert run_["properties"]["staleBaseline"][0]["fingerprint"] == STALE


def test_sarif_problems_are_results(broken):
    log = json.loads(report.render(broken, "sarif"))
    run_ = log["runs"][0]
    assert run_["invocations"][0]["executionSuccessful"] is False
    codes = [r["ruleId"] for r in run_["results"]]
    assert codes == [p.code for p in broken.problems]
    res = run_["results"][0]
    assert res["level"] == "error"
    assert "goods_balanse" in res["message"]["text"] and "did you mean" in res["message"]["text"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tests/data/report_claims_bad/broken.yaml"
    assert run_["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_sarif_uri_for_absolute_and_odd_paths(tmp_path):
    assert sarif_format.artifact_uri(str(ROOT / "claims" / "a b.yaml")) == "claims/a%20b.yaml"
    assert sarif_format.artifact_uri(str(tmp_path / "x.yaml")).startswith("file:///")


# --- JUnit --------------------------------------------------------------------------


def test_junit_structure(result):
    xml = report.render(result, "junit")
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["reconcile"]
    suite = suites[0]
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    for code, module in rule_registry.all_rules().items():
        assert cases[f"{code} {module.NAME}"].get("classname") == "reconcile.rules"
    assert cases["input"].find("failure") is None
    records = as_records(result)
    active = [f for f in records["findings"] if not f["accepted"]]
    for code in {f["code"] for f in active}:
        failure = cases[f"{code} {rule_registry.find(code).NAME}"].find("failure")
        mine = [f for f in active if f["code"] == code]
        assert failure is not None and failure.get("message").startswith(f"{len(mine)} finding")
        lines = failure.text.splitlines()
        assert len(lines) == len(mine)
        for line, f in zip(lines, mine):
            assert line.startswith(f"{f['file']}:{f['line']}: ") and f["message"] in line
    # the accepted RC202 finding does not fail its rule
    assert cases["RC202 same-document-conflict"].find("failure") is None
    failing = sum(1 for c in suite.findall("testcase") if c.find("failure") is not None)
    assert int(suite.get("failures")) == failing and int(suite.get("tests")) == len(cases)
    # rules that need the documents did not run: skipped, not passed
    for code, module in rule_registry.all_rules().items():
        if getattr(module, "NEEDS_DOCUMENTS", False):
            assert cases[f"{code} {module.NAME}"].find("skipped") is not None


def test_junit_problems(broken):
    root = ET.fromstring(report.render(broken, "junit"))
    case = [c for c in root.iter("testcase") if c.get("name") == "input"][0]
    failure = case.find("failure")
    assert failure is not None
    assert "tests/data/report_claims_bad/broken.yaml:12: RC014" in failure.text


def test_junit_survives_control_characters(result):
    records = deepcopy(as_records(result))
    records["findings"][0]["message"] = "bad \x01 char & <tag> \x1b[31m"
    records["findings"][0]["accepted"] = False
    xml = junit_format.render(records)
    root = ET.fromstring(xml)  # would raise on an invalid character
    assert any("&" in (f.text or "") and "<tag>" in (f.text or "") for f in root.iter("failure"))


# --- GitHub -------------------------------------------------------------------------


def test_github_escaping():
    assert github_format.escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert github_format.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = github_format.command("error", "x:y, 100%\nz", file="claims/a,b.yaml", line=3, title="RC201 cross-source-conflict")
    assert line == "::error file=claims/a%2Cb.yaml,line=3,title=RC201 cross-source-conflict::x:y, 100%25%0Az"


def test_github_lines(result):
    out = report.render(result, "github")
    lines = out.rstrip("\n").split("\n")
    records = as_records(result)
    active = [f for f in records["findings"] if not f["accepted"]]
    assert len(lines) == len(active) + 1
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    for line, f in zip(lines, active):
        assert line.startswith(f"::{kinds[f['severity']]} file={f['file']},line={f['line']},title={f['code']} {f['name']}::")
        assert "\n" not in line and "\r" not in line
    assert lines[-1].startswith("reconcile: ") and "1 accepted in the baseline" in lines[-1] and "1 stale" in lines[-1]


def test_github_problems(broken):
    lines = report.render(broken, "github").splitlines()
    assert lines[0].startswith("::error file=tests/data/report_claims_bad/broken.yaml,line=12,title=RC014 input problem::")
    assert "problem(s)" in lines[-1]


# --- HTML ---------------------------------------------------------------------------


def test_html_escapes_claim_text(result):
    html = report.render(result, "html")
    assert "<script>alert(1)</script>" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "Alpha Trade Review &lt;2024&gt;" in html and "Alpha &amp; Co." in html
    # the figure is marked inside the escaped quote
    assert "Japan: a $<mark>68.5</mark> billion deficit &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;kept as published&gt;" in html  # the baseline reason is escaped too
    # two script elements, both ours: the page's code, and the claims as inert JSON data
    assert len(re.findall(r"<script\b", html)) == 2
    assert len(re.findall(r'<script type="application/json" id="report-data">', html)) == 1


def test_html_is_self_contained(result):
    html = report.render(result, "html")
    assert not re.search(r"<(script|img|iframe)[^>]+src=", html)
    assert not re.search(r"<link[^>]+rel=.?stylesheet", html)
    assert "@import" not in html and "url(" not in html
    assert "fetch(" not in html and "XMLHttpRequest" not in html


def test_html_sections(result):
    html = report.render(result, "html")
    for anchor in ('id="summary"', 'id="findings"', 'id="accepted"', 'id="stale"', 'id="entities"', 'id="sources"'):
        assert anchor in html
    assert ACCEPT_REASON.split("<")[0].replace('"', "&#34;") in html
    assert STALE in html
    # the entity views' charts and tables are drawn by the page's script, from the claims data
    assert '<details class="ent" id="e-germany" data-e="0" open>' in html
    data = _report_data(html)
    assert [e[0] for e in data["ent"]][:1] == ["Germany"] and "Canada" in [e[0] for e in data["ent"]]
    assert 'data-sev="error"' in html and 'data-rule="RC201"' in html and 'data-src="alpha|beta"' in html and 'data-ent="Germany"' in html
    # canada has no finding but still appears in the entity view (all claims, not only those in findings)
    assert 'id="e-canada"' in html
    canada = next(e for e in data["ent"] if e[0] == "Canada")
    assert canada[3] == sum(1 for c in result.corpus.claims if c.subject_name == "Canada") > 0
    assert "https://alpha.example/trade-review" in html


def _report_data(html: str) -> dict:
    """The page's claims data, read back as the browser's JSON.parse reads it."""
    text = html.split('<script type="application/json" id="report-data">', 1)[1].split("</script>", 1)[0]
    return json.loads(text)


def test_html_claim_store_mode(result):
    """Large runs write no claim card: each finding names its claims' rows in the data, which holds them once."""
    records = as_records(result)
    html = html_format.render(records, result=result, claims_inline=False)
    assert "<script>alert(1)</script>" not in html and "<blockquote>" not in html
    data = _report_data(html)
    rows = data["rows"]
    wanted = [[c["id"] for c in f["claims"]] for f in records["findings"]]
    got = [[data["id"][r] for r in m.split(",")] if m else [] for m in re.findall(r'data-rows="([^"]*)"', html)]
    assert got == wanted
    # every row named by a finding carries that claim's quote, verbatim
    quotes = {c["id"]: c["quote"] for f in records["findings"] for c in f["claims"]}
    assert {data["id"][r]: rows["q"][int(r)] for r in data["id"]} == {cid: quotes[cid] for cid in data["id"].values()}


def test_html_without_result(result):
    records = as_records(result)
    html = html_format.render(records)
    assert 'id="entities"' in html and "Germany" in html


def test_html_problems(broken):
    html = report.render(broken, "html")
    assert 'id="problems"' in html and "goods_balanse" in html


def test_highlight_escapes_then_marks():
    h = html_format.highlight
    assert str(h("it's 39 <b>39</b>", "39")) == "it&#39;s <mark>39</mark> &lt;b&gt;<mark>39</mark>&lt;/b&gt;"
    assert str(h("$1,234.5 million", "1234.5")) == "$<mark>1,234.5</mark> million"
    assert str(h("in 1985 it was 85", "-85")) == "in 1985 it was <mark>85</mark>"
    assert str(h("85.5 not 85", "85")) == "85.5 not <mark>85</mark>"
    assert str(h("<i>x</i>", "not a number")) == "&lt;i&gt;x&lt;/i&gt;"
    assert str(h(None, "1")) == ""


def test_only_http_links():
    assert html_format.safe_url("javascript:alert(1)") is None
    assert html_format.safe_url('https://x.example/"onmouseover="alert(1)') is None
    assert html_format.safe_url("https://x.example/a?b=1") == "https://x.example/a?b=1"
    records = {
        "tool": {"name": "reconcile", "version": "1"},
        "summary": {"sources": 1, "claims": 0, "claims_read": 0, "findings": 0, "accepted": 0, "by_severity": {"error": 0, "warning": 0, "info": 0},
                    "by_rule": {}, "checked": {}, "problems": 0, "stale_baseline": 0, "documents": None},
        "findings": [], "problems": [], "stale_baseline": [], "rules": {},
        "sources": [{"id": "evil", "title": "Evil", "publisher": "E", "url": "javascript:alert(1)", "published": None, "document": "d", "lineage": [], "file": "f"}],
    }  # fmt: skip
    html = html_format.render(records)
    assert "javascript:" not in html


def test_html_scales_to_10000_findings(result):
    """10,000 findings render in seconds into a page whose per-finding markup stays compact."""
    records = deepcopy(as_records(result))
    base = [f for f in records["findings"] if not f["accepted"]]
    many = []
    for i in range(10_000):
        f = deepcopy(base[i % len(base)])
        f["message"] = f"{f['message']} #{i}"
        f["fingerprint"] = f"{i:016x}"
        for c in f["claims"]:
            c["subject"] = f"Entity {i % 150}"
        many.append(f)
    records["findings"] = many
    records["summary"]["findings"] = len(many)
    started = time.perf_counter()
    html = html_format.render(records)
    elapsed = time.perf_counter() - started
    assert html.count('<details class="f ') == 10_000
    assert elapsed < 30, f"rendering 10,000 findings took {elapsed:.1f}s"
    per_finding = len(html.encode()) / 10_000
    assert per_finding < 2500, f"{per_finding:.0f} bytes per finding"
    assert "<blockquote>" not in html and html.count('data-rows="') == 10_000  # this many: cards built on demand
    # large groups start collapsed, and so do the findings
    assert re.search(r'<details class="grp" data-key="RC\d+">', html)
    assert ' open>' not in html.split('id="groups"', 1)[1].split("</section>", 1)[0]
