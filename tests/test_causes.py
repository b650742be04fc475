"""causes.py: each explainer on a minimal pair it explains and one it must not; their order; the named causes."""

from __future__ import annotations

import math

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from reconcile import causes
from reconcile.causes import EXPLAINERS, Facts, explain
from reconcile.model import CAUSES
from reconcile.numbers import Interval

SCALES = {"million": 1e6, "billion": 1e9}


def claim(value: str, source: str = "a", scale: str = "billion", **keys) -> dict:
    """One claim with the keys causes.py reads; lo/hi are the literal's rounding interval."""
    number = Decimal(value.replace(",", ""))
    half = Decimal(1).scaleb(number.as_tuple().exponent) / 2
    k = SCALES[scale]
    row = {
        "value": value, "normalized": float(number) * k, "lo": float(number - half) * k, "hi": float(number + half) * k,
        "source": source, "subject_name": "China", "subject_as_written": "China",
        "period": "2024", "lineage": "census", "metric": "goods_balance", "product": "", "unit": "USD",
    }  # fmt: skip
    row.update(keys)
    return row


def pair(value_a: str, value_b: str, a: dict | None = None, b: dict | None = None):
    """Side a (source a) and side b (source b), one claim each."""
    return [claim(value_a, "a", **(a or {}))], [claim(value_b, "b", **(b or {}))]


def corpus(**published) -> SimpleNamespace:
    """What causes.py reads of a corpus: the sources' publication dates."""
    return SimpleNamespace(source_by_id={sid: SimpleNamespace(id=sid, published=day) for sid, day in published.items()})


def fits(explainer, a, b, corpus=None, across_periods=False):
    return explainer(a, b, Facts.of(a, b, corpus, across_periods))


# --- each explainer: a pair it explains, a pair it must not ----------------------


def test_transcription_transposed_and_dropped_digits():
    found = fits(causes.transcription, *pair("295.4", "259.4"))
    assert found.label == "transcription" and found.confidence == "medium"
    assert found.lines == ["2954 and 2594 have the same digits with two swapped: a transposition"]
    assert fits(causes.transcription, *pair("1,058", "158")).lines == ["1058 and 158 differ by one dropped or added digit"]
    assert fits(causes.transcription, *pair("295.4", "300.1")) is None
    assert fits(causes.transcription, *pair("295.4", "295.4")) is None  # the same digits swap nothing
    assert explain(*pair("295.4", "259.4")).label == "transcription"
    # typed keys, the decimal point kept: one digit dropped is a typo, a digit and the point gone are not one slip
    assert fits(causes.transcription, *pair("1,215.4", "125.4")).lines == ["12154 and 1254 differ by one dropped or added digit"]
    assert fits(causes.transcription, *pair("2,386.5", "2,365")) is None
    assert fits(causes.transcription, *pair("123.4", "124.3")) is None  # the swap straddles the point: no neighbours
    assert fits(causes.transcription, *pair("63.0", "630")) is None  # a point dropped is a factor of ten, no digit


def test_scale_slip_a_thousand_apart():
    a, b = pair("1,058", "1.058", {"scale": "million"}, {"scale": "million"})
    found = fits(causes.scale_slip, a, b)
    assert found == ("scale-slip", "high", ["the figures differ by a factor of 1,000: a thousand/million/billion slip"])
    assert explain(a, b).label == "scale-slip"
    assert fits(causes.scale_slip, *pair("1,058", "1,060")) is None
    assert fits(causes.scale_slip, *pair("0", "1.058")) is None  # no ratio to a zero


def test_sign_same_magnitude_opposite_sign():
    found = fits(causes.sign, *pair("-45.7", "45.7"))
    assert found.label == "sign" and found.confidence == "high"
    assert found.lines == [
        "same magnitude, opposite sign (-$45.7 billion vs $45.7 billion): a deficit written as a surplus or the reverse"
    ]
    assert explain(*pair("-45.7", "45.7")).label == "sign"
    assert fits(causes.sign, *pair("-45.7", "-35.6")) is None  # same sign
    assert fits(causes.sign, *pair("-45.7", "35.6")) is None  # opposite sign, other magnitude


def test_different_lineages_census_vs_oec():
    a, b = pair("-85", "-35.4", {"lineage": "census"}, {"lineage": "oec"})
    found = fits(causes.different_lineages, a, b)
    assert found.label == "different-source" and found.confidence == "medium"
    assert found.lines == [
        (
            "different data lineages: a cites census, b cites oec "
            "(OEC uses partner-reported mirror data, which differs from US customs figures)"
        )
    ]
    assert explain(a, b).label == "different-source"
    assert fits(causes.different_lineages, *pair("-85", "-35.4")) is None  # both census
    assert fits(causes.different_lineages, *pair("-85", "-35.4", b={"lineage": "unknown"})) is None


def test_different_period():
    a, b = pair("-85", "-35.4", {"period": "2023"})
    assert fits(causes.different_period, a, b) == ("different-period", "high", ["periods differ: 2023 vs 2024"])
    assert explain(a, b).label == "different-period"
    assert fits(causes.different_period, a, b, across_periods=True) is None  # the rule compares periods on purpose
    assert fits(causes.different_period, *pair("-85", "-35.4")) is None


def test_rounding_a_gap_under_half_a_percent():
    a, b = pair("1000.0", "1003.6")  # 0.35% apart
    found = fits(causes.rounding, a, b)
    assert found.label == "rounding" and found.confidence == "low"
    assert found.lines == ["the gap ($3.5 billion) is under 0.5%: rounded twice, or rounded differently"]
    assert explain(a, b).label == "rounding"
    assert fits(causes.rounding, *pair("1000.0", "1050.0")) is None  # 5%
    assert fits(causes.rounding, a, b, across_periods=True) is None


def test_unexplained_a_real_gap_nothing_else_fits():
    a, b = pair("-85", "-35.4")
    found = fits(causes.unexplained, a, b)
    assert found.label == "unexplained" and found.confidence == "medium"
    assert found.lines == ["-$85 billion vs -$35.4 billion (58% apart): not a sign, scale, digit or rounding slip"]
    assert fits(causes.unexplained, *pair("1000.0", "1003.6")) is None  # within rounding
    assert fits(causes.unexplained, a, b, across_periods=True) is None


def test_changed_beyond_sources_only_across_periods():
    a, b = pair("-85", "-35.4", {"period": "2023"})
    found = fits(causes.changed_beyond_sources, a, b, across_periods=True)
    assert found.label == "unexplained" and found.lines[0].startswith("no difference of source explains a change this large")
    assert fits(causes.changed_beyond_sources, a, b) is None


def test_alias_note_names_the_entity_differently():
    a, b = pair("-85", "-35.4", {"subject_as_written": "PRC"})
    found = fits(causes.alias_note, a, b)
    assert found.label is None  # a note: it explains nothing by itself
    assert found.lines == ["the documents name the entity differently (PRC / China); both resolve to China"]
    assert explain(a, b).evidence[0] == found.lines[0]
    assert fits(causes.alias_note, *pair("-85", "-35.4")) is None


def test_unstated_lineage_note():
    a, b = pair("-85", "-35.4", b={"lineage": "unknown"})
    assert fits(causes.unstated_lineage, a, b) == (None, None, ["b does not say where its figures come from"])
    assert fits(causes.unstated_lineage, *pair("-85", "-35.4")) is None  # both say
    same_source = [claim("-85", "a")], [claim("-35.4", "a", lineage="unknown")]
    assert fits(causes.unstated_lineage, *same_source) is None


def test_other_side_cites_only_across_periods():
    a, b = pair("-85", "-35.4", {"period": "2023"}, {"lineage": "unknown"})
    found = fits(causes.other_side_cites, a, b, across_periods=True)
    assert found == ("different-source", "low", ["the other side cites census: the two may not be the same statistic"])
    assert explain(a, b, across_periods=True).label == "different-source"
    assert fits(causes.other_side_cites, a, b) is None


def test_different_scope():
    a, b = pair("-85", "-35.4", b={"metric": "gs_balance"})
    assert fits(causes.different_scope, a, b) == ("different-scope", "medium", ["the figures cover different scopes"])
    assert fits(causes.different_scope, *pair("-85", "-35.4", b={"product": "cars"})).label == "different-scope"
    assert fits(causes.different_scope, *pair("-85", "-35.4")) is None


def test_revision_same_lineage_published_on_different_dates():
    a, b = pair("-85", "-35.4")
    found = fits(causes.revision, a, b, corpus(a="2024-03-01", b="2025-02-06"))
    assert found == ("revision", "low", ["same lineage, published 2024-03-01 and 2025-02-06: perhaps a revised vintage"])
    assert explain(a, b, corpus(a="2024-03-01", b="2025-02-06")).label == "revision"
    assert fits(causes.revision, a, b) is None  # no corpus, no dates
    assert fits(causes.revision, a, b, corpus(a="2024-03-01", b="2024-03-01")) is None
    assert fits(causes.revision, a, b, corpus(a="2024-03-01", b=None)) is None


# --- the order --------------------------------------------------------------------


def test_the_explainers_in_order_of_specificity():
    assert [step.explainer.__name__ for step in EXPLAINERS] == [
        "alias_note", "different_period", "sign", "scale_slip", "transcription", "different_adjustment",
        "different_release", "different_lineages",
        "unstated_lineage", "other_side_cites", "different_scope", "revision", "changed_beyond_sources",
        "rounding", "unexplained",
    ]  # fmt: skip


def test_stated_adjustments_that_differ_are_two_statistics():
    a, b = pair("-122.1", "-112.4", {"adjustment": "sa"}, {"adjustment": "nsa"})
    cause = explain(a, b)
    assert (cause.label, cause.confidence) == ("different-adjustment", "high")
    assert explain(*pair("-122.1", "-112.4", {"adjustment": "sa"}, {"adjustment": "sa"})).label != "different-adjustment"


def test_stated_releases_that_differ_are_a_revision():
    a, b = pair("-78.9", "-78.2", {"vintage": "2025-02-05"}, {"vintage": "2025-01-07"})
    cause = explain(a, b)
    assert (cause.label, cause.confidence) == ("revision", "high")
    assert "2025-01-07 and 2025-02-05" in cause.evidence[0]


def test_a_slip_outranks_a_stated_release():
    a, b = pair("-78.9", "78.9", {"vintage": "2025-02-05"}, {"vintage": "2025-01-07"})
    assert explain(a, b).label == "sign"


def test_two_fitting_explainers_the_earlier_label_and_both_evidences():
    a, b = pair("-45.7", "45.7", {"lineage": "census"}, {"lineage": "oec"})
    cause = explain(a, b)
    assert (cause.label, cause.confidence) == ("sign", "high")
    assert cause.evidence == [fits(causes.sign, a, b).lines[0], fits(causes.different_lineages, a, b).lines[0]]


def test_a_last_resort_is_not_asked_once_a_label_fits():
    a, b = pair("-45.7", "45.7")
    cause = explain(a, b, corpus(a="2024-03-01", b="2025-02-06"))
    assert cause.label == "sign"
    assert not any("revised vintage" in line or "rounding" in line for line in cause.evidence)


def test_a_later_sign_scale_digit_or_scope_reading_restates_the_confidence():
    """Kept from the original explain(): the label stays, the later reading's confidence replaces the winner's."""
    a, b = pair("295.4", "259.4", {"period": "2023"})
    cause = explain(a, b)
    assert (cause.label, cause.confidence) == ("different-period", "medium")
    assert cause.evidence == ["periods differ: 2023 vs 2024", "2954 and 2594 have the same digits with two swapped: a transposition"]


literals = st.decimals(min_value=-2000, max_value=2000, places=1, allow_nan=False, allow_infinity=False).map(str)


@settings(max_examples=200, deadline=None)
@given(literals, literals, st.sampled_from(["census", "oec", "unknown"]), st.sampled_from(["2023", "2024"]), st.booleans())
def test_explain_always_gives_a_known_label_with_evidence(x, y, lineage, period, across):
    a, b = pair(x, y, b={"lineage": lineage, "period": period})
    cause = explain(a, b, corpus(a="2024-03-01", b="2025-02-06"), across_periods=across)
    assert cause.label in CAUSES and cause.confidence in {"high", "medium", "low"} and cause.evidence


# --- the named causes the rules call ----------------------------------------------


def test_outranked_cause_own_figures_or_other_sources():
    item = {"source": "a", "number": 2}
    own = causes.outranked_cause(item, "India", [{"a"}, {"a", "b"}], "3rd")
    assert (own.label, own.confidence) == ("unexplained", "high")
    assert own.evidence == ["the document's own figures put 2 item(s) ahead of India", "India is at best 3rd"]
    others = causes.outranked_cause(item, "India", [{"a"}, {"b"}, {"c", "b"}], "4th")
    assert others.confidence == "medium"
    assert others.evidence[0] == (
        "the document's own figures put 1 item(s) ahead; with b, c's figures 3 are: "
        "the list leaves out partners that other sources rank higher"
    )


def test_identity_cause_sign_or_arithmetic():
    computed = Interval(-35.65e9, -35.55e9)
    flipped = causes.identity_cause(computed, Interval(35.55e9, 35.65e9), "balance = exports − imports",
                                    ["exports $51.8 billion", "imports $87.4 billion"], "USD", "$35.6 billion")  # fmt: skip
    assert (flipped.label, flipped.confidence) == ("sign", "high")
    assert flipped.evidence[1:] == [
        "balance = exports − imports: exports $51.8 billion , imports $87.4 billion",
        "computed -$35.65 billion to -$35.55 billion; stated $35.6 billion",
    ]
    wrong = causes.identity_cause(computed, Interval(-45.75e9, -45.65e9), "f", ["x"], "USD", "-$45.7 billion")
    assert (wrong.label, wrong.confidence, len(wrong.evidence)) == ("arithmetic", "medium", 2)


def test_identity_cause_no_sign_slip_when_a_term_is_open_ended():
    """ "exports over $349 billion and imports nearly $413 billion" allow any balance from -$64.5 billion up."""
    computed = Interval(-64.5e9, math.inf)
    cause = causes.identity_cause(computed, Interval(-200.5e9, -199.5e9), "f", ["x"], "USD", "-$200 billion")
    assert cause.label == "arithmetic"


def test_relational_cause_own_levels_or_another_sources():
    claim_a = {"source": "a"}
    own = SimpleNamespace(sources={"a"}, rows=[{"source": "a", "lineage": "census"}])
    foreign = SimpleNamespace(sources={"b"}, rows=[{"source": "b", "lineage": "oec"}])
    cause, soft = causes.relational_cause(claim_a, [own], label_if_same="arithmetic")
    assert (cause.label, soft, cause.evidence) == ("arithmetic", False, ["all figures are a's own"])
    cause, soft = causes.relational_cause(claim_a, [own, foreign])
    assert (cause.label, soft) == ("different-source", True)
    assert cause.evidence == ["a does not state the levels itself; they come from b (oec), which may measure the figure differently"]


def test_same_document_cause_lists_the_distinct_intervals():
    rows = [claim("-903"), claim("-918"), claim("-918")]
    cause = causes.same_document_cause(rows)
    assert cause.label == "unexplained"
    assert cause.evidence[1] == (
        "intervals after rounding: -$918.5 billion to -$917.5 billion, -$903.5 billion to -$902.5 billion"
    )


def _figure(fid: str, source: str, value: float, period: str = "2024") -> dict:
    return {"id": fid, "source": source, "subject": "DEU", "metric": "goods_balance", "period": period, "product": "",
            "normalized": value, "unit": "USD"}


def test_corroboration_counts_a_repeated_figure_once():
    sides = {"a": Interval(-36e9, -35e9), "b": Interval(-86e9, -84e9)}
    # c repeats -35.4B three times; d and e say -85B once each: two voices against one, not three against two.
    others = [_figure("c1", "c", -35.4e9), _figure("c2", "c", -35.4e9), _figure("c3", "c", -35.4e9),
              _figure("d1", "d", -85e9), _figure("e1", "e", -85e9)]
    hint = causes.corroboration(sides, others)
    assert hint is not None and hint.startswith("other figures sit closer to b")


def test_a_contradicted_figure_is_no_support():
    sides = {"a": Interval(-36e9, -35e9), "b": Interval(-86e9, -84e9)}
    others = [_figure("c1", "c", -35.4e9), _figure("d1", "d", -35.4e9), _figure("e1", "e", -85e9)]
    assert causes.corroboration(sides, others).startswith("other figures sit closer to a")
    assert causes.corroboration(sides, others, contradicted={"c1", "d1"}).startswith("other figures sit closer to b")


# --- expected gaps between bases and lineages ---------------------------------------


def test_the_published_figures_not_midpoints_measure_the_gap():
    a, b = [claim("100", "a", qualifier="over", lo=100e9, hi=float("inf"))], [claim("92", "b")]
    assert causes.closest_published(a, b) == (100e9, 92e9)  # "over 100" has no midpoint; 100 is what was published
    assert Facts.of(a, b, None, False).relative_gap == (100e9 - 92.5e9) / 100e9


class Record(dict):
    """A claim row read both ways, as a Claim is (verdicts.stated_basis reads attributes)."""

    __getattr__ = dict.get


def test_compiled_as_a_stated_basis_then_the_lineages_basis_then_the_lineage():
    def row(**keys):
        return Record(claim("1", **keys))

    assert causes.compiled_as(row(basis="bop")) == "bop"
    assert causes.compiled_as(row(lineage="bea")) == "bop"  # verdicts.LINEAGE_BASIS
    assert causes.compiled_as(row(lineage="oec")) == "oec"
    assert causes.compiled_as(row(lineage="unknown")) is None
    assert causes.side_compiled_as([row(lineage="census"), row(lineage="oec")]) is None  # a mix says nothing
    assert causes.side_compiled_as([row(lineage="census"), row(lineage="census", basis="census")]) == "census"


def test_expected_gap_within_the_band_is_a_basis_cause_beyond_it_keeps_the_cause_found():
    found = explain(*pair("1200.9", "1213.0", b={"lineage": "bea"}))
    cause, expected = causes.expected_gap_cause(found, "census", "bop", "goods_balance", 0.0099, (0.002, 0.025))
    assert expected and cause.label == "different-basis"
    assert cause.evidence[0] == "1.0% apart once rounding is allowed for: Census-basis vs BOP-basis goods usually differ by 0.2–2.5%"
    found = explain(*pair("1200.9", "1251.0", b={"lineage": "bea"}))
    cause, expected = causes.expected_gap_cause(found, "census", "bop", "goods_balance", 0.04, (0.002, 0.025))
    assert not expected and cause.label == found.label and "beyond the band" in cause.evidence[-1]


def test_a_slip_is_not_explained_away_by_a_wide_band():
    found = explain(*pair("279.4", "297.4", b={"lineage": "oec"}))
    assert found.label == "transcription"
    cause, expected = causes.expected_gap_cause(found, "census", "oec", "goods_balance", 0.06, (0.0, 0.25))
    assert not expected and cause.label == "transcription"
