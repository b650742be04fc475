"""A claim without a period whose quote says "last year", "this month" or "today": the period counted from source.published.

Each test writes a one-claim file whose claim states no period, and reads what
the loader made of its quote: the period, the record of how it was read, or
the problem (RC083 no published date, RC084 words that name no single period).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconcile.loader import load
from reconcile.loader.relative_periods import PHRASES, Phrase, period_of, read_quote
from reconcile.numbers import parse_period

FILE = """\
source:
  id: srca
  title: "Source A"
  publisher: "Publisher A"
  published: {published}
  document: a.txt
  sha256: "abababababababababababababababababababababababababababababababab"
  lineage: [census]
defaults:
  unit: USD
  scale: billion
{defaults}claims:
  - id: a-china
    kind: {kind}
    subject: China
    metric: {metric}
{extra}    value: -295.4
    quote: {quote}
    line: 2
"""


def claim_file(quote: str, published: str = "2025-04-26", extra: str = "", defaults: str = "", kind: str = "value",
               metric: str = "goods_balance") -> str:  # fmt: skip
    return FILE.format(quote=json.dumps(quote, ensure_ascii=False), published=published, extra=extra, defaults=defaults,
                       kind=kind, metric=metric)  # fmt: skip


CLAIM_LINE = FILE.splitlines().index("  - id: a-china") + 1


def loaded(write, text: str):
    return load([str(write("claims/a.yaml", text))])


def the_claim(write, quote: str, **kw):
    corpus = loaded(write, claim_file(quote, **kw))
    assert corpus.problems == [], "\n".join(map(str, corpus.problems))
    return corpus.claim("a-china")


def the_problem(write, quote: str, **kw):
    corpus = loaded(write, claim_file(quote, **kw))
    assert len(corpus.problems) == 1, "\n".join(map(str, corpus.problems))
    return corpus.problems[0]


# --- each phrase of the table ---------------------------------------------------------------------------

PUBLISHED = "2025-04-26"
EACH_PHRASE = [
    ("The deficit with China today is $295.4 billion", "today", "2025-04-26"),
    ("China currently accounts for –$295.4 billion", "currently", "2025-04-26"),
    ("At present the deficit is $295.4 billion", "At present", "2025-04-26"),
    ("This year the deficit reached $295.4 billion", "This year", "2025"),
    ("Last year the deficit was $295.4 billion", "Last year", "2024"),
    ("a deficit of $295.4 billion in the previous year", "the previous year", "2024"),
    ("the prior year's deficit of $295.4 billion", "the prior year", "2024"),
    ("this month the deficit is $295.4 billion", "this month", "2025-04"),
    ("last month's deficit: $295.4 billion", "last month", "2025-03"),
    ("the previous month saw $295.4 billion", "the previous month", "2025-03"),
    ("the prior month saw $295.4 billion", "the prior month", "2025-03"),
]


def test_the_table_is_what_the_tests_cover():
    assert sorted(p.words for p in PHRASES) == sorted(words.lower() for _, words, _ in EACH_PHRASE)


@pytest.mark.parametrize(("quote", "words", "period"), EACH_PHRASE, ids=[w for _, w, _ in EACH_PHRASE])
def test_each_phrase_names_its_period_from_the_published_date(write, quote, words, period):
    claim = the_claim(write, quote)
    assert claim.period == period
    assert claim.defaulted["period"] == f'relative: "{words}" in the quote, from published {PUBLISHED}'
    parsed = parse_period(period)
    assert (claim.period_start, claim.period_end, claim.period_grain) == (parsed.start, parsed.end, parsed.grain)


@pytest.mark.parametrize(
    ("quote", "words"),
    [
        ("LAST YEAR the deficit was $295.4 billion", "LAST YEAR"),
        ("the deficit last\nyear was $295.4 billion", "last year"),  # a line break inside the words
        ("the deficit last\u00a0year was $295.4 billion", "last year"),  # a no-break space
        ("“last year’s” deficit of $295.4 billion", "last year"),  # curly quotes and apostrophe
        ("(last year) $295.4 billion", "last year"),
    ],
)
def test_case_space_and_punctuation_do_not_matter(write, quote, words):
    claim = the_claim(write, quote)
    assert claim.period == "2024"
    assert f'"{words}"' in claim.defaulted["period"]


@pytest.mark.parametrize(
    "quote",
    ["the last years of decline: $295.4 billion", "a last year-end figure of $295.4 billion", "todays $295.4 billion",
     "yesterday the deficit was $295.4 billion", "thisyear $295.4 billion", "the deficit now stands at $295.4 billion"],
)  # fmt: skip
def test_words_that_are_not_a_phrase_leave_the_period_missing(write, quote):
    problem = the_problem(write, quote)
    assert (problem.code, problem.message) == ("RC029", "a value claim needs period")


# --- the published date's edges -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "quote", "period"),
    [
        ("2025-01-15", "last month", "2024-12"),  # January: last month is December of the year before
        ("2025-01-01", "last year", "2024"),
        ("2025-12-31", "this month", "2025-12"),
        ("2025-12-31", "last month", "2025-11"),
        ("2024-02-29", "today", "2024-02-29"),  # a leap day is a day period
        ("2024-03-31", "last month", "2024-02"),  # a month, not the 31st of February
        ("0001-06-30", "this year", "0001"),
    ],
)
def test_published_date_edges(write, published, quote, period):
    assert the_claim(write, f"{quote}: $295.4 billion", published=published).period == period


def test_before_the_first_year_is_refused(write):
    problem = the_problem(write, "last year: $295.4 billion", published="0001-06-30")
    assert problem.code == "RC084"
    assert "falls before the calendar's first year" in problem.message and "0001-06-30" in problem.message


# --- a period stated anywhere wins ----------------------------------------------------------------------


def test_a_stated_period_wins_over_the_quote(write):
    claim = the_claim(write, "Last year the deficit was $295.4 billion", extra='    period: "2023"\n')
    assert claim.period == "2023" and "period" not in claim.defaulted and claim.period_resolved is None


def test_the_defaults_period_wins_over_the_quote(write):
    claim = the_claim(write, "Last year the deficit was $295.4 billion", defaults='  period: "2022"\n')
    assert claim.period == "2022" and claim.defaulted["period"] == "defaults" and claim.period_resolved is None


def test_a_stated_period_makes_ambiguous_words_harmless(write):
    claim = the_claim(write, "last year $1 bn, this year $295.4 billion", extra='    period: "2025"\n', published="null")
    assert claim.period == "2025"


def test_a_rank_claim_keeps_no_period(write):
    """A rank claim takes its period from its ranking; one without is unchanged by its quote's words."""
    text = claim_file("the largest deficit last year", kind="rank", metric="goods_balance").replace(
        "claims:\n", "rankings:\n  - id: top\n    metric: goods_balance\n    quote: top deficits\n    line: 1\nclaims:\n"
    ).replace("    value: -295.4\n", "    ranking: top\n    value: 1\n")
    corpus = loaded(write, text)
    assert corpus.problems == [], "\n".join(map(str, corpus.problems))
    assert corpus.claim("a-china").period is None


# --- words that name no single period: RC084 -------------------------------------------------------------


def test_two_phrases_naming_different_periods_are_ambiguous(write):
    problem = the_problem(write, "up from $280 billion last year to $295.4 billion this year")
    assert (problem.code, problem.location.line) == ("RC084", CLAIM_LINE)
    assert problem.message == "'last year' and 'this year' in the quote name different periods (2024, 2025)"
    assert "add `period:`" in problem.hint


def test_two_phrases_naming_the_same_period_are_not(write):
    claim = the_claim(write, "today the deficit is currently $295.4 billion")
    assert claim.period == "2025-04-26" and '"today"' in claim.period_resolved


def test_a_day_and_its_year_are_different_periods(write):
    assert the_problem(write, "today, this year's deficit is $295.4 billion").code == "RC084"


@pytest.mark.parametrize("kind", ["growth", "change"])
def test_a_comparison_claim_may_name_either_end(write, kind):
    extra = '    from_period: "2024"\n'
    text = claim_file("up 5.2% from last year", kind=kind, extra=extra).replace("    value: -295.4\n", "    value: 5.2\n")
    if kind == "growth":
        text = text.replace("  scale: billion\n", "")
    problems = loaded(write, text).problems
    assert [p.code for p in problems] == ["RC084"], "\n".join(map(str, problems))
    assert problems[0].message == f"'last year' in the quote of a {kind} claim may name either end of the comparison"
    assert "from_period" in problems[0].hint


@pytest.mark.parametrize("named", ["2024", "March"])
def test_the_previous_year_after_a_named_period_counts_from_it(write, named):
    problem = the_problem(write, f"In {named} the deficit was $295.4 billion, up from the previous year")
    assert problem.code == "RC084"
    assert problem.message == f"'the previous year' in the quote counts from the period the quote names ({named}), not from the published date"


def test_last_year_next_to_a_named_year_is_still_counted_from_the_date(write):
    """'last year' is counted from when the document was written, whatever else the quote names."""
    assert the_claim(write, "last year $295.4 billion, against 2019").period == "2024"


@pytest.mark.parametrize(
    "span",
    ["so far this year", "year to date", "year-to-date", "over the past year", "in the last year", "the last 12 months",
     "over the past month"],
)  # fmt: skip
def test_a_span_is_not_a_calendar_period(write, span):
    problem = the_problem(write, f"$295.4 billion {span}")
    assert problem.code == "RC084"
    assert problem.message.endswith("in the quote names a span of time, not a calendar period")
    assert problem.hint.startswith("add `period:`")


# --- no published date: RC083 --------------------------------------------------------------------------


def test_no_published_date_asks_for_the_period(write):
    problem = the_problem(write, "Last year the deficit was $295.4 billion", published="null")
    assert (problem.code, problem.location.line) == ("RC083", CLAIM_LINE)
    assert problem.message == "'Last year' in the quote is relative and the source has no published date"
    assert problem.hint == "add `period:` to the claim or `published:` to the source"


def test_no_published_date_through_the_cli(write, cli):
    path = write("claims/a.yaml", claim_file("Last year the deficit was $295.4 billion", published="null"))
    result = cli("validate", path)  # run_cli fails the test on a traceback
    assert result.code == 2
    assert f"{path}:{CLAIM_LINE}: RC083 'Last year' in the quote is relative" in result.text
    assert "add `period:` to the claim or `published:` to the source" in result.text


def test_no_relative_words_keep_the_missing_period_error(write):
    problem = the_problem(write, "the deficit was $295.4 billion", published="null")
    assert (problem.code, problem.message) == ("RC029", "a value claim needs period")


def test_an_invalid_published_date_is_reported_once(write):
    corpus = loaded(write, claim_file("last year $295.4 billion", published="April 2025"))
    assert [p.code for p in corpus.problems] == ["RC032"], "\n".join(map(str, corpus.problems))


# --- the record shows how the period was read -------------------------------------------------------


def test_the_claim_record_shows_the_resolution(write):
    claim = the_claim(write, "Last year the deficit was $295.4 billion")
    record = claim.to_record()
    assert record["period"] == "2024"
    assert record["period_resolved"] == 'relative: "Last year" in the quote, from published 2025-04-26'
    keys = list(record)
    assert keys.index("period_resolved") > keys.index("vintage"), "a new key goes after the older ones in the contract"


def test_a_stated_period_records_no_resolution(write):
    assert the_claim(write, "the deficit was $295.4 billion", extra='    period: "2024"\n').to_record()["period_resolved"] is None


def test_show_defaults_prints_the_resolution(write, cli):
    path = write("claims/a.yaml", claim_file("last month the deficit was $295.4 billion", published="2025-01-15"))
    result = cli("validate", path, "--show-defaults")
    assert result.code == 0, result.text
    assert 'period=2024-12 (relative: "last month" in the quote, from published 2025-01-15)' in result.out


# --- the property: every phrase, any date ------------------------------------------------------------


@given(published=st.dates(min_value=dt.date(2, 1, 1)), phrase=st.sampled_from(PHRASES))
def test_every_phrase_names_a_period_at_or_before_the_published_date(published, phrase: Phrase):
    period = parse_period(period_of(phrase, published))
    assert period is not None and period.grain == phrase.grain
    assert period.start <= published
    if phrase.back == 0:
        assert period.start <= published <= period.end, "its own day, month or year holds the date"
    else:
        assert period.end < published, "the one before ends before the date"
        assert (published - period.end).days <= 31 if phrase.grain == "month" else published.year - period.end.year == 1


@given(published=st.dates(min_value=dt.date(2, 1, 1)), phrase=st.sampled_from(PHRASES))
def test_read_quote_counts_the_phrase_as_period_of_does(published, phrase: Phrase):
    outcome = read_quote(f"a deficit of $1 billion {phrase.words}.", "value", published.isoformat())
    assert outcome.period == period_of(phrase, published)
    assert outcome.origin == f'relative: "{phrase.words}" in the quote, from published {published.isoformat()}'


def test_may_the_verb_is_no_named_month(write):
    assert the_claim(write, "the deficit may reach $295.4 billion, up from the previous year").period == "2024"


def test_a_file_without_a_source_block_reports_that_once(write):
    text = claim_file("last year $295.4 billion")
    text = text[: text.index("source:")] + text[text.index("defaults:") :]
    codes = [p.code for p in loaded(write, text).problems]
    assert "RC039" in codes and not {"RC029", "RC083"} & set(codes), codes


# --- the documented example ---------------------------------------------------------------------------


def test_the_claim_format_example_loads_as_documented(write):
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "claim-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Relative periods") :]
    start = section.index("```yaml\n") + len("```yaml\n")
    corpus = loaded(write, section[start : section.index("```\n", start)])
    assert corpus.problems == [], "\n".join(map(str, corpus.problems))
    china, mexico = corpus.claim("ex-china-last-year"), corpus.claim("ex-mexico-stated")
    assert (china.period, china.period_resolved) == ("2024", 'relative: "Last year" in the quote, from published 2025-04-26')
    assert (mexico.period, mexico.period_resolved) == ("2024", None)


def test_the_documented_table_is_the_loaders(write):
    """Each row of the claim-format table, counted from its example date, is what the loader reads."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "claim-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Relative periods") : doc.index("### Basis, adjustment and vintage")]
    rows = [line.split("|")[1:4] for line in section.splitlines() if line.startswith("| `")]
    documented = {}
    for words, _, period in rows:
        for phrase in words.split(","):
            documented[phrase.strip().strip("`")] = period.strip().strip("`")
    assert documented == {p.words: period_of(p, dt.date(2025, 1, 15)) for p in PHRASES}
