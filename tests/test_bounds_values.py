"""Values at their edges: periods at the calendar's ends, numbers of too many digits, dates that are no day,
non-finite numbers — each an input problem at its file:line, reported once, never a traceback or a silent pass.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile import problems as P
from reconcile.loader import load
from reconcile.loader.reader import MAX_DIGITS
from reconcile.numbers import parse_period

DOCUMENT = "Top 10 partners, 2024\n1. China: –$295.4 billion\n2. Mexico: –$171.8 billion\n"
BASE = """\
source:
  id: srca
  title: "Source A"
  publisher: "Publisher A"
  published: 2025-04-26
  document: a.txt
  sha256: "abababababababababababababababababababababababababababababababab"
  lineage: [census]
defaults:
  unit: USD
  scale: billion
rankings:
  - id: top
    metric: goods_balance
    period: "2024"
    order: ascending
    over: subjects
    among: countries
    quote: "Top 10 partners"
    line: 1
skip:
  - line: 1
    text: "10"
    reason: title
claims:
  - id: a-china-2024
    subject: China
    metric: goods_balance
    period: "2024"
    value: -295.4
    quote: "1. China: –$295.4 billion"
    line: 2
  - id: a-china-rank
    kind: rank
    ranking: top
    subject: China
    value: 1
    quote: "1. China"
    line: 2
  - id: a-growth
    kind: growth
    subject: China
    metric: goods_balance
    period: "2024"
    from_period: "2023"
    value: 4.5
    quote: "1. China"
    line: 2
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def line_of(text: str, marker: str) -> int:
    hits = [n for n, line in enumerate(text.split("\n"), start=1) if marker in line]
    assert len(hits) == 1, f"{marker!r} is on lines {hits}"
    return hits[0]


def problems_of(tmp_path, text: str, name: str = "a.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    corpus = load([str(path)])
    return corpus, [(p.location.line, p.code, p.message) for p in corpus.problems]


def test_base_is_valid(tmp_path):
    corpus, found = problems_of(tmp_path, BASE)
    assert found == [] and len(corpus.claims) == 3


# --- periods ---------------------------------------------------------------------------------------


def _start_end(y: int, form: str, n: int) -> tuple[dt.date, dt.date]:
    """An oracle written apart from reconcile.numbers: the first and last day of one period."""
    if form == "year":
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    first, last = {"month": (n, n), "quarter": (3 * n - 2, 3 * n), "half": (6 * n - 5, 6 * n)}[form]
    return dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1])


@st.composite
def single_period(draw) -> tuple[str, tuple[dt.date, dt.date] | None]:
    """(text, (start, end)) of one period in any form, or (text, None) when no such period exists."""
    y = draw(st.one_of(st.sampled_from([0, 1, 2, 1999, 2024, 9998, 9999, 10000]), st.integers(0, 12000)))
    form = draw(st.sampled_from(["year", "month", "quarter", "half", "day", "fiscal", "week"]))
    n = draw(st.integers(-1, 40))
    year = f"{y:04d}"
    if form == "day":
        m = draw(st.integers(0, 13))
        text = f"{year}-{m:02d}-{n:02d}" if n >= 0 else f"{year}-{m:02d}-{n}"
        try:
            day = dt.date(y, m, n)
        except ValueError:
            return text, None
        return text, (day, day) if len(year) == 4 else None
    suffix = {"year": "", "month": f"-{n:02d}" if n >= 0 else f"-{n}", "quarter": f"-Q{n}", "half": f"-H{n}",
              "fiscal": f"FY{n}", "week": f"-W{n:02d}"}[form]  # fmt: skip
    text = year + suffix if form != "fiscal" else f"FY{year}"
    limits = {"year": (0, 0), "month": (1, 12), "quarter": (1, 4), "half": (1, 2)}
    if form not in limits or not 1 <= y <= 9999 or (form != "year" and not limits[form][0] <= n <= limits[form][1]):
        return text, None
    return text, _start_end(y, form, n)


@st.composite
def any_period(draw) -> tuple[str, bool]:
    """A single period or a range a..b of two: (text, whether it names a period)."""
    a, span_a = draw(single_period())
    if draw(st.booleans()):
        return a, span_a is not None
    b, span_b = draw(single_period())
    valid = span_a is not None and span_b is not None and span_b[1] >= span_a[0]  # a reversed range is none
    return f"{a}..{b}", valid


@settings(max_examples=600, deadline=None)
@given(period=any_period())
def test_parse_period_accepts_exactly_the_periods_the_calendar_has(period):
    text, valid = period
    parsed = parse_period(text)  # never raises
    assert (parsed is not None) == valid, text
    if parsed is not None:
        assert parsed.start <= parsed.end


# Where a period is written: (the edit that writes PERIOD there, the marker of its line).
PERIOD_PLACES = {
    "claim period": (('    period: "2024"\n    value: -295.4', '    period: "PERIOD"\n    value: -295.4'), 'period: "PERIOD"'),
    "from_period": (('from_period: "2023"', 'from_period: "PERIOD"'), "from_period:"),
    "ranking period": (('    period: "2024"\n    order', '    period: "PERIOD"\n    order'), 'period: "PERIOD"'),
    "defaults period": (("  scale: billion\n", '  scale: billion\n  period: "PERIOD"\n'), 'period: "PERIOD"'),
}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(period=any_period(), place=st.sampled_from(sorted(PERIOD_PLACES)))
def test_every_period_field_accepts_a_period_or_says_rc022_at_its_line(period, place, tmp_path):
    text, valid = period
    (old, new), marker = PERIOD_PLACES[place]
    claim_file = edit(old, new.replace("PERIOD", text))
    corpus, found = problems_of(tmp_path, claim_file)
    periods = [f for f in found if f[1] == P.INVALID_PERIOD.code]
    if valid:
        assert periods == [], (text, found)
    else:  # once, where it is written: not again at each claim that inherits it
        assert [f[0] for f in periods] == [line_of(claim_file, marker.replace("PERIOD", text))], (text, found)


def test_the_reported_period_range_with_30_february(tmp_path):
    claim_file = edit('period: "2024"\n    value: -295.4', 'period: "2024-02-30..2024-03-01"\n    value: -295.4')
    _, found = problems_of(tmp_path, claim_file)
    assert found == [(line_of(claim_file, "2024-02-30"), "RC022", "period '2024-02-30..2024-03-01' is not a valid period")]


@pytest.mark.parametrize("text", ["9999-12", "9999-Q4", "9999-H2", "9999", "0001", "0001-01-01", "2024-02-29"])
def test_periods_at_the_calendars_ends_are_periods(text):
    assert parse_period(text) is not None


@pytest.mark.parametrize("text", [" 2024", "2024 ", "٢٠٢٤"])
def test_a_period_written_unlike_every_other_is_refused(text, tmp_path):
    """" 2024" would never group with the other sources' "2024"; Arabic-Indic digits neither."""
    claim_file = edit('period: "2024"\n    value: -295.4', f'period: "{text}"\n    value: -295.4')
    _, found = problems_of(tmp_path, claim_file)
    assert [f[1] for f in found] == ["RC022"], found


# --- numbers: digits, infinity, NaN, exponents ---------------------------------------------------------


def digits(n: int) -> str:
    return "1" + "0" * (n - 1)


@pytest.mark.parametrize(
    "old, new, marker",
    [
        ("value: -295.4", f"value: -{digits(5000)}", "value: -1000"),
        ("value: -295.4", f"value: -1.{'2' * 5000}", "value: -1.22"),
        ("value: -295.4", f"value: {digits(MAX_DIGITS + 1)}", "value: 1000"),
        ("    line: 2\n  - id: a-china-rank", f"    line: {digits(5000)}\n  - id: a-china-rank", "line: 1000"),
        ("    value: 1\n", f"    value: {digits(40)}\n", "value: 1000"),
        ("    quote: \"Top 10 partners\"\n    line: 1", f"    quote: \"Top 10 partners\"\n    line: {digits(4400)}", "line: 1000"),
        ('  - line: 1\n    text: "10"', f'  - line: {digits(4400)}\n    text: "10"', "line: 1000"),
        ("    value: -295.4\n", f"    value: -295.4\n    precision: {digits(5000)}\n", "precision: 1000"),
    ],
    ids=["value 5000 digits", "decimals 5000 digits", "value 31 digits", "claim line", "rank 40 digits",
         "ranking line", "skip line", "precision 5000 digits"],
)  # fmt: skip
def test_a_number_of_too_many_digits_is_rc048_once_at_its_line(old, new, marker, tmp_path):
    claim_file = edit(old, new)
    _, found = problems_of(tmp_path, claim_file)
    assert [(line, code) for line, code, _ in found] == [(line_of(claim_file, marker), "RC048")], found
    assert len(found[0][2]) < 200, "the message shows the first digits, not all of them"


def test_thirty_digits_are_still_a_number_and_run_through_every_format(tmp_path, cli):
    from conftest import sha256_text

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    claim_file = edit("abababababababababababababababababababababababababababababababab", sha256_text(DOCUMENT))
    claim_file = edit("value: -295.4", f"value: -{'9' * MAX_DIGITS}", claim_file)
    claim_file = edit("    line: 2\n  - id: a-china-rank", "    line: 99999999999999999999\n  - id: a-china-rank", claim_file)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(claim_file, encoding="utf-8")
    for fmt in ("text", "json", "sarif", "junit", "github", "html"):
        result = cli("check", tmp_path / "claims", "--documents", tmp_path / "docs", "--format", fmt, "-o", tmp_path / f"out.{fmt}")
        assert result.code == 1, result.text  # findings (the quote's value, its line), not a crash
        assert "99999999999999999999" in (tmp_path / f"out.{fmt}").read_text(encoding="utf-8") or fmt == "html"


@pytest.mark.parametrize(
    "value, code, message",
    [
        (".inf", "RC023", "value '.inf' is not a finite number"),
        ("-.inf", "RC023", "value '-.inf' is not a finite number"),
        (".nan", "RC023", "value '.nan' is not a finite number"),
        ("1.0e400", "RC023", "value '1.0e400' is not a finite number"),
        ("1.5e9", "RC023", "value '1.5e9' is written with an exponent"),
    ],
)
def test_value_infinite_nan_or_in_exponent_notation_is_refused_clearly(value, code, message, tmp_path):
    claim_file = edit("value: -295.4", f"value: {value}")
    _, found = problems_of(tmp_path, claim_file)
    assert found == [(line_of(claim_file, f"value: {value}"), code, message)]


@pytest.mark.parametrize("precision, variant", [("10e400", None), ("1.0e400", "not-finite"), (".inf", "not-finite"),
                                                (".nan", "not-finite"), ("-0.05", None), ('"0.5"', None)])  # fmt: skip
def test_precision_that_is_no_finite_non_negative_number_is_rc042(precision, variant, tmp_path):
    claim_file = edit("    value: -295.4\n", f"    value: -295.4\n    precision: {precision}\n")
    _, found = problems_of(tmp_path, claim_file)
    value = precision.strip('"')
    assert found == [(line_of(claim_file, "precision:"), "RC042", P.INVALID_PRECISION.fill(variant=variant, value=value)[0])]


# --- published dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "published, variant",
    [("2024-13-45", "calendar"), ("2023-02-29", "calendar"), ("0000-01-01", "calendar"), ("2024-04-31", "calendar"),
     ('"yesterday"', None), ("2024", None), ("2024-1-5", None), ('"2024-01-01 "', None), ('"٢٠٢٤-٠١-٠١"', None)],
)  # fmt: skip
def test_a_published_date_that_is_no_day_is_rc032(published, variant, tmp_path):
    claim_file = edit("published: 2025-04-26", f"published: {published}")
    _, found = problems_of(tmp_path, claim_file)
    value = published.strip('"')
    assert found == [(line_of(claim_file, "published:"), "RC032", P.INVALID_DATE.fill(variant=variant, value=value)[0])]


@pytest.mark.parametrize("published", ["2024-02-29", "null", "0001-01-01", "9999-12-31"])
def test_a_published_day_of_the_calendar_is_accepted(published, tmp_path):
    _, found = problems_of(tmp_path, edit("published: 2025-04-26", f"published: {published}"))
    assert found == []


# --- one problem, reported once -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "old, new, marker, code, message",
    [
        ('  sha256: "abababababababababababababababababababababababababababababababab"\n', "", "  id: srca", "RC012",
         "source.sha256 is missing"),
        ("  id: srca\n", "", '  title: "Source A"', "RC012", "source.id is missing"),
        ('  title: "Source A"\n', '  title: ""\n', 'title: ""', "RC012", "source.title is missing"),
        ("value: -295.4", "value: [1, 2]", "value: [1, 2]", "RC037", "value must be a single value, not a list or mapping"),
        ("value: -295.4", "value: {a: 1}", "value: {a: 1}", "RC037", "value must be a single value, not a list or mapping"),
        ("subject: China\n    metric: goods_balance\n    period: \"2024\"\n    value: -295.4",
         "subject: [China, [x]]\n    metric: goods_balance\n    period: \"2024\"\n    value: -295.4",
         "subject: [China", "RC037", "subject must be a single value, not a list or mapping"),
        ("  lineage: [census]\n", "  lineage: {a: census}\n", "lineage: {", "RC038", "source.lineage must be a list"),
        ("  lineage: [census]\n", "  lineage: [census, [oec]]\n", "lineage: [", "RC037",
         "source.lineage must be a single value, not a list or mapping"),
        ("    value: 1\n", "    value: [1]\n", "value: [1]", "RC037", "value must be a single value, not a list or mapping"),
        ("    quote: \"1. China\"\n    line: 2\n  - id: a-growth", "    quote: \"1. China\"\n    line: [2]\n  - id: a-growth",
         "line: [2]", "RC037", "line must be a single value, not a list or mapping"),
    ],
    ids=["no sha256", "no source id", "empty title", "value a list", "value a mapping", "subject nested", "lineage a mapping",
         "lineage item a list", "rank value a list", "line a list"],
)  # fmt: skip
def test_one_problem_is_reported_once(old, new, marker, code, message, tmp_path):
    claim_file = edit(old, new)
    _, found = problems_of(tmp_path, claim_file)
    assert found == [(line_of(claim_file, marker), code, message)]


def test_long_values_are_cut_in_messages(tmp_path):
    claim_file = edit("    value: -295.4\n", "    value: -295.4\n    unit: " + "x" * 100_000 + "\n")
    _, found = problems_of(tmp_path, claim_file)
    assert found and all(len(message) < 500 for _, _, message in found), [m[:200] for _, _, m in found]
    assert any("…" in message for _, _, message in found)
