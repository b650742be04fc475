"""Odd characters in claim files, percentages of absurd figures, and the fuzzer's finds, each as a regression test."""

from __future__ import annotations

import json
import re
import math
import time

import pytest
from conftest import CLAIMS, SEEDS

from reconcile import problems as P
from reconcile.loader import load
from reconcile.numbers import Interval, percent, percent_points

CRossDOCK = (CLAIMS / "crossdock.yaml").read_text(encoding="utf-8")
BREAKS = {"\u2028": "U+2028 (LINE SEPARATOR)", "\u2029": "U+2029 (PARAGRAPH SEPARATOR)", "\x85": "U+0085 (NEXT LINE (NEL))",
          "\r": "U+000D (CARRIAGE RETURN)"}  # fmt: skip
# Where in the real file: a comment between claims, a double-quoted quote, a plain value.
PLACES = ["# --- title and introduction", '    note: "page breadcrumb', "  url: https://crossdock"]


def _write(tmp_path, text: str):
    path = tmp_path / "crossdock.yaml"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("char", sorted(BREAKS))
@pytest.mark.parametrize("place", PLACES)
def test_an_unusual_line_break_is_rc049_at_its_line_and_column(char, place, tmp_path):
    at = CRossDOCK.index(place) + len(place) - 3
    path = _write(tmp_path, CRossDOCK[:at] + char + CRossDOCK[at:])
    corpus = load([str(path)])
    line = CRossDOCK[:at].count("\n") + 1
    column = at - CRossDOCK.rfind("\n", 0, at)
    assert [str(p) for p in corpus.problems] == [str(P.UNUSUAL_LINE_BREAK.at(str(path), line, column_no=column, **{"break": BREAKS[char]}))]
    assert corpus.claims == [], "the file is refused, not read differently from how it looks"


def test_every_line_with_an_unusual_break_is_named(tmp_path):
    lines = CRossDOCK.split("\n")
    lines[2] += "\u2028"
    lines[9] += " \u2029 \u2028"
    corpus = load([str(_write(tmp_path, "\n".join(lines)))])
    assert [(p.location.line, p.code) for p in corpus.problems] == [(3, "RC049"), (10, "RC049")]


@pytest.mark.parametrize("text", [CRossDOCK.replace("\n", "\r\n"), CRossDOCK.replace("# No data", "# No\ufeff \u200f\u202e data")])
def test_crlf_a_bom_and_direction_marks_in_comments_change_nothing(text, tmp_path):
    original = load([str(CLAIMS / "crossdock.yaml")])
    corpus = load([str(_write(tmp_path, text))])
    assert corpus.ok, corpus.problems
    assert [(c.id, c.line) for c in corpus.claims] == [(c.id, c.line) for c in original.claims]


@pytest.mark.parametrize("char", ["\x00", "\x0c", "\x0b", "\x1b", "\x1c"])
def test_a_control_character_is_reported_at_its_own_line_not_line_1(char, tmp_path):
    at = CRossDOCK.index('    note: "page breadcrumb') + 12
    corpus = load([str(_write(tmp_path, CRossDOCK[:at] + char + CRossDOCK[at:]))])
    assert [(p.location.line, p.code) for p in corpus.problems] == [(CRossDOCK[:at].count("\n") + 1, "RC002")]
    assert "position" not in corpus.problems[0].message, "the line says where; libyaml's byte offset does not"


# --- percentages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ratio, spec, text",
    [(0.58, ".0%", "58%"), (-0.25, "+.0%", "-25%"), (1.0, "+.1%", "+100.0%"), (math.inf, ".0%", "n/a"), (-math.inf, "+.0%", "n/a"),
     (math.nan, ".0%", "n/a"), (None, ".0%", "n/a"), (5e27, "+.0%", "+5e+29%"), (-1e56, "+.0%", "-1e+58%"), (999.0, ".0%", "99900%")],
)  # fmt: skip
def test_percent_never_prints_nan_or_inf(ratio, spec, text):
    assert percent(ratio, spec) == text


@pytest.mark.parametrize(
    "lo, hi, text",
    [(90.5, 120.0, "+90.5% to +120.0%"), (90.5, math.inf, "at least +90.5%"), (-math.inf, -10.0, "at most -10.0%"),
     (-math.inf, math.inf, "n/a"), (math.nan, 1.0, "n/a")],
)  # fmt: skip
def test_percent_points_says_an_unbounded_end_in_words(lo, hi, text):
    assert percent_points(Interval(lo, hi) if not math.isnan(lo) else _nan_interval(hi)) == text


def _nan_interval(hi):
    iv = Interval(0.0, hi)
    object.__setattr__(iv, "lo", math.nan)
    return iv


ABSURD = """\
source: {id: s1, title: T, publisher: P, document: a.txt, sha256: "abababababababababababababababababababababababababababababababab", lineage: [census]}
defaults: {unit: USD, scale: billion}
claims:
  - {id: l24, subject: China, metric: goods_balance, period: "2024", value: -100, qualifier: over, quote: q, line: 1}
  - {id: l23, subject: China, metric: goods_balance, period: "2023", value: -50, quote: q, line: 1}
  - {id: g, kind: growth, subject: China, metric: goods_balance, period: "2024", from_period: "2023", value: 10, quote: q, line: 1}
  - {id: z1, subject: Mexico, metric: goods_balance, period: "2024", value: 0, precision: 0, quote: q, line: 1}
  - {id: z2, subject: Mexico, metric: goods_balance, period: "2023", value: -0.000000000000000000000000001, quote: q, line: 1}
  - {id: m2, kind: growth, subject: Mexico, metric: goods_balance, period: "2024", from_period: "2023", value: 10, quote: q, line: 1}
  - {id: h1, subject: Canada, metric: goods_balance, period: "2024", value: 100000000000000000000000000000, quote: q, line: 1}
  - {id: h2, subject: Canada, metric: goods_balance, period: "2023", value: -100000000000000000000000000000, quote: q, line: 1}
  - {id: c2, kind: growth, subject: Canada, metric: goods_balance, period: "2024", from_period: "2023", value: 10, quote: q, line: 1}
"""
OTHER = """\
source: {id: s2, title: T, publisher: P, document: a.txt, sha256: "abababababababababababababababababababababababababababababababab", lineage: [oec]}
defaults: {unit: USD, scale: billion}
claims:
  - {id: d1, subject: Mexico, metric: goods_balance, period: "2024", value: 5, quote: q, line: 1}
  - {id: d2, subject: Canada, metric: goods_balance, period: "2024", value: -100000000000000000000000000000, quote: q, line: 1}
  - {id: d3, subject: China, metric: goods_balance, period: "2023", value: 0, precision: 0, quote: q, line: 1}
  - {id: d4, subject: Canada, metric: goods_balance, period: "2023", value: 0.000000000000000000000000001, precision: 0, quote: q, line: 1}
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github", "html"])
def test_absurd_figures_give_no_nan_or_inf_percentages(fmt, tmp_path, cli):
    """An unbounded level ("over"), zero and near-zero bases, ±1e29 billion: findings, and every percentage readable."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(ABSURD, encoding="utf-8")
    (tmp_path / "claims" / "b.yaml").write_text(OTHER, encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = cli("check", tmp_path / "claims", "--no-baseline", "--format", fmt, "-o", out, "-v")
    assert result.code == 1, result.text
    text = out.read_text(encoding="utf-8")
    if fmt == "html":  # the page's own script names Infinity to decode an open end ("inf"); the data and text may not
        text = re.sub(r"<script>.*?</script>", "", text, flags=re.S)
    for bad in ("nan%", "inf%", "NaN", "Infinity"):
        assert bad not in text, f"{bad} in the {fmt} output"
    if fmt == "json":
        messages = [f["message"] for f in json.loads(text)["findings"]]
        assert any("give at least +90.5%" in m for m in messages), messages
        assert not any(" and 5 differ by one dropped" in e for f in json.loads(text)["findings"] for e in (f["cause"] or {}).get("evidence", []))


# --- the fuzzer's finds -----------------------------------------------------------------------------


def test_fuzz_a_list_of_a_thousand_digits_gives_a_short_message(tmp_path):
    """Found by tests/test_fuzz_inputs.py: source.lineage of 999… printed the whole list."""
    text = CRossDOCK.replace("  lineage: [unknown]", "  lineage: [" + "9" * 5000 + "]")
    corpus = load([str(_write(tmp_path, text))])
    assert [p.code for p in corpus.problems] == ["RC018"]
    assert len(str(corpus.problems[0])) < 400


def test_fuzz_a_yaml_error_at_the_end_of_a_truncated_file_is_on_its_last_line(tmp_path):
    """Found by the fuzzer: a file cut in a key ("    q") was reported one line past its end."""
    cut = CRossDOCK[: CRossDOCK.index("quote:", CRossDOCK.index("cdi-world-goods-balance-years")) + 1]
    corpus = load([str(_write(tmp_path, cut))])
    assert [p.code for p in corpus.problems] == ["RC002"]
    assert corpus.problems[0].location.line == cut.count("\n") + 1


def test_fuzz_a_two_megabyte_value_is_judged_in_well_under_a_second(tmp_path):
    """Found by the fuzzer: "did you mean" ran difflib over a 2 MB unit for 2 s (and RC030 repeated it whole)."""
    lines = CRossDOCK.split("\n")
    at = next(i for i, line in enumerate(lines) if line.strip() == "unit: count")
    lines[at] = "    unit: " + "x" * 2_000_000
    path = _write(tmp_path, "\n".join(lines))
    load([str(CLAIMS / "crossdock.yaml")])  # imports paid before the clock starts
    started = time.monotonic()
    corpus = load([str(path)])
    assert time.monotonic() - started < 1.5
    assert {p.code for p in corpus.problems} == {"RC015", "RC030"}
    assert all(len(str(p)) < 600 for p in corpus.problems)


def test_fuzz_inputs_run_against_the_real_seed_documents():
    assert SEEDS.is_dir(), "tests/test_fuzz_inputs.py runs the engine against the real documents"


def test_fuzz_a_document_name_too_long_for_the_file_system_is_a_missing_document(tmp_path, cli):
    """Found by the fuzzer: a 5,000-character document name raised OSError (file name too long)."""
    text = CRossDOCK.replace("  document: 001_f200f29feb57ffad.txt", f"  document: {'x' * 5000}")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "crossdock.yaml").write_text(text, encoding="utf-8")
    result = cli("check", tmp_path / "claims", "--documents", SEEDS, "--no-baseline", "--format", "json", "-o", tmp_path / "o.json")
    assert result.code == 1, result.text
    codes = {f["code"] for f in json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))["findings"]}
    assert "RC105" in codes and "RC101" not in codes, codes  # missing, and so no quote is looked for in another file


@pytest.mark.parametrize("name", ["../seeds/001_f200f29feb57ffad.txt", "/etc/passwd", "a\x00b", "..", "."])
def test_fuzz_a_document_name_outside_the_folder_is_refused_unread(name, tmp_path, cli):
    """Confinement (RC045): such a name is an input problem at its line; nothing is read."""
    text = CRossDOCK.replace("  document: 001_f200f29feb57ffad.txt", f"  document: {json.dumps(name)}")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "crossdock.yaml").write_text(text, encoding="utf-8")
    result = cli("check", tmp_path / "claims", "--documents", SEEDS, "--no-baseline", "--format", "json", "-o", tmp_path / "o.json")
    assert result.code == 2 and "RC045" in result.text, result.text
