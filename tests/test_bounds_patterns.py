"""Regular expressions on hostile input: a skip pattern is bounded in length, in what it expands to and in
time (an input problem at its line, never a hang), and reconcile's own patterns stay linear on hostile text.
"""

from __future__ import annotations

import time

import pytest
from conftest import CLAIMS, SEEDS, sha256_text

from reconcile import patterns
from reconcile import problems as P
from reconcile.documents import NUMBER, numbers_in
from reconcile.loader import load
from reconcile.numbers import _LITERAL, parse_literal
from reconcile.loader.yaml_nodes import _YAML_NUMBER

DOCUMENT = "Top 10 partners, 2024\n1. China: –$295.4 billion\n" + "a" * 3000 + "\n"
CLAIM_FILE = """\
source:
  id: srca
  title: "Source A"
  publisher: "Publisher A"
  document: a.txt
  sha256: SHA
defaults:
  unit: USD
  scale: billion
skip:
  - pattern: 'PATTERN'
    reason: a test
  - pattern: '\\d+'
    reason: every other number
claims:
  - id: a-china-2024
    subject: China
    metric: goods_balance
    period: "2024"
    value: -295.4
    quote: "1. China: –$295.4 billion"
    line: 2
"""
SLOW = "(?:a|a)+b"  # tries 2^n ways over a line of n a's, in the regex package too


def folder(tmp_path, pattern: str):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "claims").mkdir(exist_ok=True)
    text = CLAIM_FILE.replace("SHA", sha256_text(DOCUMENT)).replace("PATTERN", pattern)
    (tmp_path / "claims" / "a.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "claims", tmp_path / "docs"


# --- the bounds, one by one ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, variant",
    [("(a{65535}){65535}", "too-large"), ("(?:a{1000}){1000}", "too-large"), ("((a{100}){100}){100}", "too-large"),
     ("x" * (patterns.MAX_PATTERN_LENGTH + 1), "too-long"), ("(unclosed", None), ("x{4294967295}", "too-large")],
)  # fmt: skip
def test_a_pattern_over_a_bound_is_refused_before_it_is_compiled(pattern, variant, tmp_path):
    started = time.monotonic()
    assert patterns.refusal(pattern)[0] == variant
    assert time.monotonic() - started < 0.5, "refused before regex lays out (a{65535}){65535}: all the memory there is"
    claims, _ = folder(tmp_path, pattern)
    corpus = load([str(claims)])
    found = [(p.location.line, p.code) for p in corpus.problems]
    assert found == [(11, "RC043")], corpus.problems
    wording = P.INVALID_SKIP_PATTERN.wording(variant)[0]
    assert corpus.problems[0].message.startswith(wording.split("{")[0])


@pytest.mark.parametrize(
    "pattern, expansion",
    [("abc", 3), (r"\d{1,3}", 3), (r"\p{L}{3}", 3), ("[{]{5}", 5), ("[]a]{4}", 4), ("(?:ab){3}", 12), ("(a{2}){3}", 6),
     ("a{,5}", 5), ("x{e<=1}", 7), (r"\{3}", 3), ("(((", 0), ("(a{10}", 10), ("(a{1000}){1000}", 10**6)],
)  # fmt: skip
def test_repeat_expansion_counts_every_item_times_the_repeats_around_it(pattern, expansion):
    """"?:" counts as items too: an over-estimate is fine, only never less than what compiling lays out."""
    assert patterns.repeat_expansion(pattern) == expansion


def test_the_repositorys_own_patterns_are_well_within_the_bounds():
    corpus = load([str(CLAIMS)])
    used = [s["pattern"] for s in corpus.skips if s.get("pattern")]
    assert used
    for pattern in used:
        assert len(pattern) <= patterns.MAX_PATTERN_LENGTH // 4
        assert patterns.repeat_expansion(pattern) <= patterns.MAX_REPEAT_EXPANSION // 100


def test_a_pattern_matching_every_number_of_a_megabyte_line_is_within_the_bound():
    line = "1" + ",000" * 250_000
    started = time.process_time()
    assert len(patterns.spans(patterns.compile_pattern(r"\d+"), [line], seconds=60)) == 250_001
    assert time.process_time() - started < patterns.PATTERN_SECONDS  # measured 0.7 s of CPU


def test_spans_stop_at_the_time_bound():
    compiled = patterns.compile_pattern(SLOW)
    started = time.monotonic()
    with pytest.raises(patterns.PatternTooSlow):
        patterns.spans(compiled, ["a" * 3000] * 10, seconds=0.3)
    assert time.monotonic() - started < 1.5


def test_the_time_bound_is_for_the_whole_document_not_each_line():
    compiled = patterns.compile_pattern(SLOW)
    lines = ["a" * 24] * 2000  # each line well under the bound, all of them together far over it
    started = time.monotonic()
    with pytest.raises(patterns.PatternTooSlow):
        patterns.spans(compiled, lines, seconds=0.3)
    assert time.monotonic() - started < 1.5


# --- a slow pattern is an input problem everywhere it runs --------------------------------------------


def test_a_pattern_too_slow_on_its_document_is_rc043_at_its_line(tmp_path, cli):
    claims, docs = folder(tmp_path, SLOW)
    started = time.monotonic()
    result = cli("check", claims, "--documents", docs, "--no-baseline", "--html", tmp_path / "report.html")
    assert time.monotonic() - started < 3 * patterns.PATTERN_SECONDS + 2
    assert result.code == 2, result.text
    assert f"{claims / 'a.yaml'}:11: RC043 error skip pattern took longer than {patterns.PATTERN_SECONDS:g} s on a.txt" in result.out
    assert "0 findings" not in result.out and not (tmp_path / "report.html").exists(), "no rule ran, no report claims otherwise"


def test_coverage_and_baseline_refuse_a_slow_pattern_and_keep_the_baseline(tmp_path, cli):
    claims, docs = folder(tmp_path, SLOW)
    coverage = cli("coverage", claims, "--documents", docs)
    assert coverage.code == 2 and "RC043" in coverage.out, coverage.text
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text("accepted:\n  - {fingerprint: abc, code: RC201, reason: examined}\n", encoding="utf-8")
    before = baseline.read_text(encoding="utf-8")
    result = cli("baseline", claims, "--documents", docs, "--baseline", baseline, "--reason", "x")
    assert result.code == 2 and "RC043" in result.out, result.text
    assert baseline.read_text(encoding="utf-8") == before, "a run that checked nothing must not rewrite the baseline"


def test_the_reported_hang_returns_on_the_real_document(tmp_path, cli):
    """`(\\w+\\s?)+$` hung `re` on main; the regex package runs it over crossdock's document in milliseconds."""
    text = (CLAIMS / "crossdock.yaml").read_text(encoding="utf-8")
    text = text.replace("  - line: 71\n", "  - pattern: '(\\w+\\s?)+$'\n    reason: hostile\n  - line: 71\n", 1)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "crossdock.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = cli("check", tmp_path / "claims", "--documents", SEEDS, "--no-baseline", "--no-html")
    assert time.monotonic() - started < 5
    assert result.code in (0, 1), result.text


# --- reconcile's own patterns on hostile text (measured: all linear) ---------------------------------------

M = 1_000_000
HOSTILE_LINES = {
    "digits": "1" * M, "digits and commas": "1," * (M // 2), "groups": "1" + ",000" * (M // 4),
    "groups then a letter": "1" + ",000" * (M // 4) + "x", "groups then a digit": "1" + ",000" * (M // 4) + "0",
    "commas first": ",1" * (M // 2), "decimals": "1." + "1" * M, "dots": "1." * (M // 2), "signs": "-$1" * (M // 3),
    "spaced numbers": " 1" * (M // 2), "percent": "1 %" * (M // 3),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_the_number_scanner_is_linear_on_a_megabyte_line(name):
    line = HOSTILE_LINES[name]
    started = time.monotonic()
    count = sum(1 for _ in NUMBER.finditer(line))
    assert time.monotonic() - started < 2, f"{name}: {count} numbers"  # measured 0.01-0.5 s


@pytest.mark.parametrize("name", ["digits", "groups then a letter", "decimals"])
def test_literal_patterns_are_linear_on_a_megabyte_value(name):
    line = HOSTILE_LINES[name] + "x"
    started = time.monotonic()
    assert _LITERAL.match(line) is None and _YAML_NUMBER.match(line) is None and parse_literal(line) is None
    assert time.monotonic() - started < 2  # measured 0.25 s


def test_a_document_with_a_megabyte_of_digits_is_checked_in_seconds(tmp_path, cli):
    doc = "Top 10 partners, 2024\n1. China: –$295.4 billion\n" + "1" + ",000" * (M // 4) + "\n" + "9" * M + "\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(doc, encoding="utf-8")
    (tmp_path / "claims").mkdir()
    # No skip pattern that matches each of the 250,000 numbers: that is the pattern's cost, measured apart.
    text = CLAIM_FILE.replace("SHA", sha256_text(doc)).replace("PATTERN", "never").replace("'\\d+'", "'zzz'")
    (tmp_path / "claims" / "a.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = cli("check", tmp_path / "claims", "--documents", tmp_path / "docs", "--no-baseline", "--format", "json", "-o", tmp_path / "o.json")
    assert result.code in (0, 1), result.text
    assert time.monotonic() - started < 10
    assert len(numbers_in("9" * M)) == 1
