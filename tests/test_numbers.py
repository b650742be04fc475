"""reconcile.numbers: literals, precision, claim intervals, periods, interval arithmetic.

The property tests state the promise the whole tool rests on:
  (a) figures computed from true values and rounded as publishers round never conflict;
  (b) any change bigger than the rounding (a shifted value, a flipped sign, a
      thousand-fold scale slip) always does.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reconcile.numbers import (
    INF,
    Interval,
    Tolerances,
    claim_interval,
    fmt,
    human,
    human_interval,
    literal_precision,
    parse_literal,
    parse_period,
    total,
)

SCALES = {"one": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


# --- parse_literal ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("140.5", Decimal("140.5")),
        ("63.0", Decimal("63.0")),
        ("-295.4", Decimal("-295.4")),
        ("+3", Decimal("3")),
        ("1,058", Decimal("1058")),
        ("12,345.67", Decimal("12345.67")),
        ("1,000,000", Decimal("1000000")),
        ("−5.5", Decimal("-5.5")),  # typographic minus
        ("–5.5", Decimal("-5.5")),  # en dash, as publishers print a negative
        (" 7 ", Decimal("7")),
        (".5", Decimal("0.5")),
        ("0", Decimal("0")),
        ("007", Decimal("7")),
    ],
)
def test_parse_literal(text, expected):
    assert parse_literal(text) == expected


@pytest.mark.parametrize("text", ["", " ", "-", ".", "abc", "14O.5", "1,05", "1,0000", "1e5", "1.2.3", "$5", "5%", "5 billion", "--5", "nan", "inf", "1_000"])
def test_parse_literal_rejects(text):
    assert parse_literal(text) is None


def test_parse_literal_keeps_trailing_zeros():
    assert str(parse_literal("63.0")) == "63.0"
    assert str(parse_literal("1.20")) == "1.20"


# --- literal_precision ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("140.5", 0.05),
        ("63.0", 0.05),
        ("1.20", 0.005),
        ("0.125", 0.0005),
        ("63", 0.5),
        ("7", 0.5),
        ("0", 0.5),
        ("620", 5),
        ("600", 50),
        ("1,000", 500),
        ("1,205", 0.5),
        ("-620", 5),
        ("–1,000", 500),
    ],
)
def test_literal_precision(text, expected):
    assert literal_precision(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["620", "1,000", "100"])
def test_literal_precision_without_trailing_zero_rounding(text):
    assert literal_precision(text, trailing_zeros_rounded=False) == 0.5


# --- claim_interval -------------------------------------------------------------------


def iv(lo, hi):
    return Interval(lo, hi)


def approx_iv(actual: Interval, lo, hi):
    assert actual.lo == pytest.approx(lo) and actual.hi == pytest.approx(hi), f"{actual} != [{lo}, {hi}]"


@pytest.mark.parametrize(
    "literal, lo, hi",
    [
        ("140.5", 140.45, 140.55),
        ("140.45", 140.445, 140.455),
        ("63", 62.5, 63.5),
        ("63.0", 62.95, 63.05),
        ("-295.4", -295.45, -295.35),
        ("620", 615, 625),
        ("-620", -625, -615),
        ("1,000", 950, 1050),  # rounded to thousands would be 500..1500: capped at 5 %
        ("100", 95, 105),
        ("860", 855, 865),
        ("0", -0.5, 0.5),
    ],
)
def test_claim_interval_exact(literal, lo, hi):
    approx_iv(claim_interval(literal), lo, hi)
    approx_iv(claim_interval(literal, "exact"), lo, hi)


def test_claim_interval_about():
    # "about 100" holds for 90..110 (Tolerances.about); a bare round "100" may be 50..150, "about" is not looser
    approx_iv(claim_interval("100", "about"), 90, 110)
    approx_iv(claim_interval("1,000", "about"), 900, 1100)
    approx_iv(claim_interval("620", "about"), 558, 682)
    approx_iv(claim_interval("-100", "about"), -110, -90)
    approx_iv(claim_interval("1", "about"), 0.5, 1.5)  # the rounding beats a 10 % band
    approx_iv(claim_interval("0", "about"), 0, 0.5)  # a band never crosses zero
    approx_iv(claim_interval("100", "about", tol=Tolerances(about=0.2)), 80, 120)


def test_claim_interval_nearly():
    approx_iv(claim_interval("500", "nearly"), 450, 500.5)  # nearly 500: 450 up to (rounded) 500
    approx_iv(claim_interval("-500", "nearly"), -500.5, -450)
    approx_iv(claim_interval("500", "nearly", tol=Tolerances(nearly=0.05)), 475, 500.5)


@pytest.mark.parametrize("qualifier", ["over", "at_least"])
def test_claim_interval_lower_bounds(qualifier):
    assert claim_interval("470", qualifier) == Interval(470, INF)  # "over 470" means above 470, not above 465
    assert claim_interval("-100", qualifier) == Interval(-INF, -100)  # "a deficit of over 100"


@pytest.mark.parametrize("qualifier", ["under", "at_most"])
def test_claim_interval_upper_bounds(qualifier):
    assert claim_interval("100", qualifier) == Interval(0, 100)
    assert claim_interval("-100", qualifier) == Interval(-100, 0)


def test_claim_interval_precision_and_exact_units():
    approx_iv(claim_interval("620", precision=0.5), 619.5, 620.5)
    assert claim_interval("43", exact_unit=True) == Interval(43, 43)  # a count or a rank is exact
    assert claim_interval("10", exact_unit=True) == Interval(10, 10)  # not 5..15
    approx_iv(claim_interval("620", tol=Tolerances(trailing_zeros_rounded=False)), 619.5, 620.5)


def test_claim_interval_errors():
    with pytest.raises(ValueError):
        claim_interval("abc")
    with pytest.raises(ValueError):
        claim_interval("5", "roughly")


# --- periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, start, end, grain",
    [
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year"),
        ("2024-05", dt.date(2024, 5, 1), dt.date(2024, 5, 31), "month"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month"),  # leap year
        ("2023-02", dt.date(2023, 2, 1), dt.date(2023, 2, 28), "month"),
        ("2024-12", dt.date(2024, 12, 1), dt.date(2024, 12, 31), "month"),
        ("2024-Q1", dt.date(2024, 1, 1), dt.date(2024, 3, 31), "quarter"),
        ("2024-Q2", dt.date(2024, 4, 1), dt.date(2024, 6, 30), "quarter"),
        ("2024-Q4", dt.date(2024, 10, 1), dt.date(2024, 12, 31), "quarter"),
        ("2025-H1", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "half"),
        ("2025-H2", dt.date(2025, 7, 1), dt.date(2025, 12, 31), "half"),
        ("2025-01..2025-05", dt.date(2025, 1, 1), dt.date(2025, 5, 31), "range"),
        ("2023..2024", dt.date(2023, 1, 1), dt.date(2024, 12, 31), "range"),
        ("2024-Q2..2024-Q3", dt.date(2024, 4, 1), dt.date(2024, 9, 30), "range"),
        ("2025-04-26", dt.date(2025, 4, 26), dt.date(2025, 4, 26), "day"),
        (" 2024 ", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year"),
        (2024, dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year"),
    ],
)
def test_parse_period(text, start, end, grain):
    p = parse_period(text)
    assert p is not None, text
    assert (p.start, p.end, p.grain) == (start, end, grain)


@pytest.mark.parametrize("text, months", [("2024", 12), ("2024-05", 1), ("2024-Q2", 3), ("2025-H1", 6), ("2025-01..2025-05", 5), ("2023..2024", 24)])
def test_period_months(text, months):
    assert parse_period(text).months == months


@pytest.mark.parametrize(
    "text",
    [None, "", "24", "20245", "2024-13", "2024-00", "2024-5", "2024-Q0", "2024-Q5", "2024-H0", "2024-H3", "2024-02-30",
     "2025-13-01", "2024-1-01", "2025-05..2025-01", "2024..", "..2024", "2024...2025", "2024/05", "May 2024", "FY2024",
     "2024-W05", "abc", "2024-05-..", "2024–2025"],
)  # fmt: skip
def test_parse_period_rejects(text):
    assert parse_period(text) is None


# --- interval arithmetic ------------------------------------------------------------------


def test_interval_orders_its_ends():
    assert Interval(3, 1) == Interval(1, 3)
    assert (Interval(3, 1).lo, Interval(3, 1).hi) == (1, 3)
    assert Interval(-1, -5) == Interval(-5, -1)


def test_interval_arithmetic():
    a, b = Interval(1, 2), Interval(10, 20)
    assert a + b == Interval(11, 22)
    assert b - a == Interval(8, 19)
    assert a - b == Interval(-19, -8)
    assert -a == Interval(-2, -1)
    assert a.scale(3) == Interval(3, 6)
    assert a.scale(-3) == Interval(-6, -3)
    assert a.scale(0) == Interval(0, 0)
    assert total([a, b, Interval(-1, -1)]) == Interval(10, 21)
    assert total([]) == Interval(0, 0)
    assert Interval.point(4) == Interval(4, 4)


def test_interval_magnitude():
    assert Interval(2, 3).magnitude() == Interval(2, 3)
    assert Interval(-3, -2).magnitude() == Interval(2, 3)
    assert Interval(-3, 2).magnitude() == Interval(0, 3)
    assert Interval(-1, 5).magnitude() == Interval(0, 5)


def test_interval_divide():
    assert Interval(10, 20).divide(Interval(2, 5)) == Interval(2, 10)
    assert Interval(-20, -10).divide(Interval(2, 5)) == Interval(-10, -2)
    assert Interval(10, 20).divide(Interval(-5, -2)) == Interval(-10, -2)
    assert Interval(1, 2).divide(Interval(-1, 1)) is None  # may divide by zero
    assert Interval(1, 2).divide(Interval(0, 1)) is None
    assert Interval(1, INF).divide(Interval(2, 4)) == Interval(0.25, INF)


def test_interval_overlap_contains_gap():
    a = Interval(140.45, 140.55)
    assert a.overlaps(Interval(140.445, 140.455))
    assert a.overlaps(Interval(140.55, 141))  # touching counts: the boundary value rounds to both
    assert not a.overlaps(Interval(140.56, 141))
    assert a.overlaps(Interval(140.56, 141), slack=0.02)
    assert a.contains(140.5) and a.contains(140.45) and not a.contains(140.44)
    assert a.gap(Interval(141, 142)) == pytest.approx(0.45)
    assert Interval(141, 142).gap(a) == pytest.approx(0.45)
    assert a.gap(Interval(140, 141)) == 0
    assert Interval(0, INF).overlaps(Interval(5, 6))
    assert not Interval(-INF, -100).overlaps(Interval(-99, -98))


def test_interval_mid_and_text():
    assert Interval(1, 3).mid == 2
    assert Interval(5, INF).mid == 5
    assert Interval(-INF, -5).mid == -5
    assert str(Interval(1, 3)) == "[1, 3]"
    assert fmt(INF) == "∞" and fmt(-INF) == "-∞"
    assert human(-1.205e12) == "-$1.205 trillion"
    assert human(295.4e9) == "$295.4 billion"
    assert human(24.7, "percent") == "24.7%"
    assert human(43, "count") == "43"
    assert human(float("nan")) == "n/a"
    assert human_interval(Interval(1e9, INF)) == "at least $1 billion"
    assert human_interval(Interval(-INF, -1e9)) == "at most -$1 billion"
    assert human_interval(Interval(1e9, 2e9)) == "$1 billion to $2 billion"


def test_fmt_never_raises_on_odd_floats():
    for x in (float("nan"), INF, -INF, 1e300, -1e-300, 0.0, -0.0):
        assert isinstance(fmt(x), str)
    assert isinstance(str(Interval(float("nan"), 1.0)), str)


# --- properties ------------------------------------------------------------------------------

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

decimals = st.integers(min_value=0, max_value=3)
scales = st.sampled_from(["thousand", "million", "billion"])
# True values in dollars: from a few thousand to a few trillion, either sign.
true_dollars = st.decimals(min_value=Decimal("-5e12"), max_value=Decimal("5e12"), allow_nan=False, allow_infinity=False, places=2)
rounding_modes = st.sampled_from([ROUND_HALF_UP, ROUND_HALF_EVEN])


def publish(x: Decimal, scale: str, places: int, mode=ROUND_HALF_UP) -> str:
    """The literal a publisher prints for the true amount x (dollars) in this scale with these decimals."""
    q = (x / Decimal(repr(SCALES[scale]))).quantize(Decimal(1).scaleb(-places), rounding=mode)
    return f"{q:f}"


def interval_of(literal: str, scale: str, qualifier="exact") -> Interval:
    """What the loader stores for a published literal: its claim interval in base units."""
    return claim_interval(literal, qualifier).scale(SCALES[scale])


def slack_for(*xs) -> float:
    """Float noise allowed when comparing sums of base-unit amounts (not a rounding tolerance)."""
    return 1e-9 * max([1.0, *[abs(float(x)) for x in xs]])


@SETTINGS
@given(x=true_dollars, scale=scales, places=decimals, mode=rounding_modes)
def test_property_published_literal_contains_true_value(x, scale, places, mode):
    literal = publish(x, scale, places, mode)
    i = interval_of(literal, scale)
    eps = slack_for(x)
    assert i.lo - eps <= float(x) <= i.hi + eps, f"{x} published as {literal} {scale}: {i}"


@SETTINGS
@given(
    parts=st.lists(st.tuples(true_dollars, scales, decimals), min_size=2, max_size=8),
    total_scale=scales,
    total_places=decimals,
    mode=rounding_modes,
)
def test_property_sum_of_rounded_parts_meets_rounded_total(parts, total_scale, total_places, mode):
    true_total = sum((x for x, _, _ in parts), Decimal(0))
    computed = total(interval_of(publish(x, s, d, mode), s) for x, s, d in parts)
    stated = interval_of(publish(true_total, total_scale, total_places, mode), total_scale)
    assert computed.overlaps(stated, slack=slack_for(true_total, *[x for x, _, _ in parts])), (computed, stated)


@SETTINGS
@given(exports=true_dollars, imports=true_dollars, scales_=st.tuples(scales, scales, scales), places=st.tuples(decimals, decimals, decimals))
def test_property_difference_of_rounded_flows_meets_rounded_balance(exports, imports, scales_, places):
    exports, imports = abs(exports), abs(imports)
    e = interval_of(publish(exports, scales_[0], places[0]), scales_[0])
    i = interval_of(publish(imports, scales_[1], places[1]), scales_[1])
    b = interval_of(publish(exports - imports, scales_[2], places[2]), scales_[2])
    assert (e - i).overlaps(b, slack=slack_for(exports, imports)), (e - i, b)


@SETTINGS
@given(x=true_dollars, scale=scales, places=decimals, qualifier=st.sampled_from(["about", "nearly"]))
def test_property_loose_qualifiers_contain_the_rounded_value(x, scale, places, qualifier):
    literal = publish(x, scale, places)
    assume(parse_literal(literal) != 0)
    loose = interval_of(literal, scale, qualifier)
    assert loose.contains(float(parse_literal(literal)) * SCALES[scale])
    if qualifier == "about":
        # "about" never narrows the rounding of the literal's last digit ("about 100" is at least 99.5..100.5)
        last_digit = claim_interval(literal, precision=literal_precision(literal, trailing_zeros_rounded=False)).scale(SCALES[scale])
        assert loose.lo <= last_digit.lo + slack_for(x) and last_digit.hi - slack_for(x) <= loose.hi


# (b) anything beyond the rounding is a conflict.

nonzero_dollars = true_dollars.filter(lambda x: abs(x) >= Decimal("1e3"))


@SETTINGS
@given(x=true_dollars, scale=scales, places=st.tuples(st.integers(1, 3), st.integers(1, 3)), direction=st.sampled_from([1, -1]),
       extra=st.floats(min_value=0.01, max_value=1000))  # fmt: skip
def test_property_shift_beyond_rounding_conflicts(x, scale, places, direction, extra):
    # Two publications at d1 and d2 decimals can disagree by at most one unit of each last digit;
    # a true shift of two units of the coarser digit (plus a little) can never be rounding.
    unit = max(10.0 ** -places[0], 10.0 ** -places[1])
    shift = Decimal(repr((2 + extra) * unit * SCALES[scale])) * direction
    a = interval_of(publish(x, scale, places[0]), scale)
    b = interval_of(publish(x + shift, scale, places[1]), scale)
    assert not a.overlaps(b), (x, shift, a, b)


@SETTINGS
@given(x=nonzero_dollars, scale=scales, places=decimals)
def test_property_flipped_sign_conflicts(x, scale, places):
    literal = publish(x, scale, places)
    assume(parse_literal(literal) != 0)  # a figure that rounds to 0 has no sign to flip
    flipped = literal[1:] if literal.startswith("-") else "-" + literal
    assert not interval_of(literal, scale).overlaps(interval_of(flipped, scale)), literal


@SETTINGS
@given(x=nonzero_dollars, scale=st.sampled_from(["million", "billion", "trillion"]), places=decimals)
def test_property_scale_slip_conflicts(x, scale, places):
    literal = publish(x, scale, places)
    assume(parse_literal(literal) != 0)
    slipped = {"million": "thousand", "billion": "million", "trillion": "billion"}[scale]
    assert not interval_of(literal, scale).overlaps(interval_of(literal, slipped)), f"{literal} {scale} vs {slipped}"


# (a) end to end: true figures published by two sources, each rounding its own way, loaded and checked.


def _source_text(sid: str, lineage: str, claims: list[str]) -> str:
    head = (
        f'source: {{id: {sid}, title: "{sid}", publisher: "{sid}", document: {sid}.txt, sha256: "{"ab" * 32}", lineage: [{lineage}]}}\n'
        "claims:\n"
    )
    return head + "".join(claims)


PARTNERS = ["China", "Mexico", "Vietnam", "Germany", "Japan"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(st.tuples(true_dollars.map(abs), true_dollars.map(abs)), min_size=len(PARTNERS), max_size=len(PARTNERS)),
    styles=st.lists(st.tuples(scales, decimals), min_size=4, max_size=4),
)
def test_property_true_figures_rounded_never_conflict_end_to_end(data, styles, tmp_path_factory):
    from reconcile import engine, loader
    from reconcile.config import Config

    folder = tmp_path_factory.mktemp("claims")
    for n, (sid, (scale, places)) in enumerate(zip(["srca", "srcb"], styles[:2])):
        claims = []
        for p, (exports, imports) in zip(PARTNERS, data):
            key = p.lower()
            for metric, amount in (("goods_exports", exports), ("goods_imports", imports), ("goods_balance", exports - imports)):
                claims.append(
                    f"  - {{id: {sid}-{key}-{metric}, subject: {p}, metric: {metric}, period: '2024', "
                    f"value: {publish(amount, scale, places)}, unit: USD, scale: {scale}, quote: q, line: 1}}\n"
                )
        t_scale, t_places = styles[2 + n]
        all_balance = sum((e - i for e, i in data), Decimal(0))
        claims.append(
            f"  - {{id: {sid}-total, kind: total, parts: [{', '.join(PARTNERS)}], metric: goods_balance, period: '2024', "
            f"value: {publish(all_balance, t_scale, t_places)}, unit: USD, scale: {t_scale}, quote: q, line: 1}}\n"
        )
        (folder / f"{sid}.yaml").write_text(_source_text(sid, "census", claims), encoding="utf-8")
    corpus = loader.load([str(folder)])
    assert corpus.problems == []
    result = engine.run(corpus, Config(), select=["RC201", "RC202", "RC301", "RC303"])
    assert result.findings == [], "\n".join(f.message for f in result.findings)


def test_publish_helper_rounds_like_a_publisher():
    assert publish(Decimal("295400000000"), "billion", 1) == "295.4"
    assert publish(Decimal("-63049999999"), "billion", 1) == "-63.0"
    assert publish(Decimal("140450000000"), "billion", 1, ROUND_HALF_UP) == "140.5"
    assert publish(Decimal("140450000000"), "billion", 1, ROUND_HALF_EVEN) == "140.4"
    assert math.isclose(float(parse_literal(publish(Decimal("1205000000000"), "billion", 0))), 1205)


def test_apart_keeps_the_digits_a_gap_needs():
    from reconcile.numbers import apart, band_words, relative_gap

    assert apart(0.58) == "58% apart" and apart(0.0104) == "1.0% apart" and apart(0.004) == "0.4% apart"
    assert apart(0.0004) == "0.04% apart" and apart(0.00004) == "0.004% apart"
    assert "0% apart" not in apart(1e-9) and apart(0) == "the same as published" and apart(None) == "n/a apart"
    assert relative_gap(-1215.4, -1200.9) == 14.5 / 1215.4 and relative_gap(0, 0) is None
    assert band_words(0.002, 0.025) == "0.2–2.5%" and band_words(0, 0.25) == "0–25%"
