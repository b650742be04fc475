"""Why two figures likely differ, with the evidence behind the label.

Every cause a finding carries is built here. For a discrepancy between two
sides (each side is one or more claims from one source) ``explain`` asks the
explainers in ``EXPLAINERS``, most specific first: the first label that fits
becomes the cause, and every fitting explainer's evidence is kept so an
analyst sees each reading. The rules whose findings have one obvious reading
(a quote not in its document, a list that does not count right) call the
named cause functions below ``explain``; each says in its name what it
explains.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from reconcile.model import Cause
from reconcile.numbers import Interval, apart, band_words, hull, human, human_interval, relative_gap
from reconcile.verdicts import stated_basis

ROUNDING = 0.005  # a gap under 0.5% of the figures is within rounding


def _digits(literal: str) -> str:
    return "".join(ch for ch in str(literal) if ch.isdigit()).lstrip("0")


def _typed(literal: str) -> str:
    """A literal as it was typed, its decimal point kept: a typo is a slip of one key or two neighbouring keys, so
    "2,386.5" vs "2,365" (an "8" and the point gone) is no dropped digit, though their digits alone look like one."""
    text = str(literal).strip().lstrip("+-−–").replace(",", "")
    return text.lstrip("0") or text


def _is_transposition(a: str, b: str) -> bool:
    """Two neighbouring digits swapped (a and b as typed, _typed)."""
    if len(a) != len(b) or a == b or sorted(a) != sorted(b):
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]].isdigit() and a[diffs[1]].isdigit()


def _is_dropped_digit(a: str, b: str) -> bool:
    """One digit more in one of them, all else as typed (_typed)."""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not _digits(shorter) or len(longer) != len(shorter) + 1:  # zero has no digits to drop: 0 vs 5 is no typo
        return False
    return any(longer[i].isdigit() and longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _lineages(side: list[dict]) -> set[str]:
    return {r["lineage"] for r in side if r["lineage"] and r["lineage"] != "unknown"}


def _rows(side) -> list:
    return list(side)


def _values(rows: list[dict], key: str) -> set:
    return {r[key] for r in rows if r.get(key) is not None}


def _interval(row) -> Interval:
    return Interval(float(row["lo"]), float(row["hi"]))


# --- explaining a discrepancy between two sides ---------------------------------


class Evidence(NamedTuple):
    """What one explainer found: its label (None for a note that explains nothing alone), confidence, lines."""

    label: str | None
    confidence: str | None
    lines: list[str]


def _note(line: str) -> Evidence:
    return Evidence(None, None, [line])


@dataclass(frozen=True)
class Facts:
    """What the explainers share about a pair of sides, computed once."""

    first_a: dict  # the first claim of each side names its source, subject and unit
    first_b: dict
    ia: Interval  # each side's hull: every value its claims allow
    ib: Interval
    lineages_a: set[str]  # the data lineages each side cites ("unknown" left out)
    lineages_b: set[str]
    corpus: object | None  # for the sources' publication dates
    across_periods: bool  # the rule compares different periods on purpose
    published: tuple[float, float]  # the closest pair of published figures, one of each side

    @classmethod
    def of(cls, a: list[dict], b: list[dict], corpus, across_periods: bool) -> Facts:
        return cls(a[0], b[0], hull(map(_interval, a)), hull(map(_interval, b)), _lineages(a), _lineages(b), corpus, across_periods,
                   closest_published(a, b))  # fmt: skip

    @property
    def va(self) -> float:
        return self.ia.mid

    @property
    def vb(self) -> float:
        return self.ib.mid

    @property
    def comparable(self) -> bool:
        """Both figures are finite and non-zero, so a sign or a ratio means something."""
        return bool(self.va and self.vb and not math.isinf(self.va) and not math.isinf(self.vb))

    @property
    def gap(self) -> float:
        return self.ia.gap(self.ib)

    @property
    def relative_gap(self) -> float:
        """The gap rounding leaves, as a fraction of the larger published figure (not of a midpoint nobody published)."""
        return self.gap / max(abs(self.published[0]), abs(self.published[1]), 1e-9)


def closest_published(a, b) -> tuple[float, float]:
    """The published figures (normalized), one of each side, that are closest: the most charitable reading of two sides."""
    return min(((x["normalized"], y["normalized"]) for x in a for y in b), key=lambda p: abs(p[0] - p[1]))


Explainer = Callable[[list[dict], list[dict], Facts], Evidence | None]


def alias_note(a, b, facts: Facts) -> Evidence | None:
    """The documents write the entity's name differently (a note: both names resolve to one entity).

    Said first so a reader who wonders whether the figures are about the same
    partner at all gets the answer before any other reading.
    """
    names_a, names_b = _values(a, "subject_as_written"), _values(b, "subject_as_written")
    if not (names_a and names_b and names_a.isdisjoint(names_b)):
        return None
    return _note(
        f"the documents name the entity differently ({', '.join(sorted(names_a))} / "
        f"{', '.join(sorted(names_b))}); both resolve to {facts.first_a['subject_name']}"
    )


def different_period(a, b, facts: Facts) -> Evidence | None:
    """The sides state different periods: then nothing else needs explaining.

    Not when the rule compares periods on purpose (a year-on-year change).
    """
    pa, pb = _values(a, "period"), _values(b, "period")
    if pa == pb or facts.across_periods:
        return None
    return Evidence("different-period", "high", [f"periods differ: {', '.join(sorted(pa))} vs {', '.join(sorted(pb))}"])


def different_adjustment(a, b, facts: Facts) -> Evidence | None:
    """The documents say one figure is seasonally adjusted and the other not: two statistics, both may be right."""
    xa, xb = _values(a, "adjustment"), _values(b, "adjustment")
    if len(xa) != 1 or len(xb) != 1 or xa == xb:
        return None
    return Evidence("different-adjustment", "high", [
        f"one figure is stated {xa.pop()}, the other {xb.pop()} (seasonally adjusted or not): each is judged against its own series"
    ])  # fmt: skip


def different_release(a, b, facts: Facts) -> Evidence | None:
    """The documents cite different releases of the figure (`vintage:`): a revised figure and the one it replaced."""
    va, vb = _values(a, "vintage"), _values(b, "vintage")
    if len(va) != 1 or len(vb) != 1 or va == vb:
        return None
    first, later = sorted((va.pop(), vb.pop()))
    return Evidence("revision", "high", [f"the documents cite different releases, {first} and {later}: the later one revises the earlier"])


STATED_STATISTICS = ("different-adjustment", "revision")  # with high confidence: the claims themselves say so


def sign(a, b, facts: Facts) -> Evidence | None:
    """Opposite signs with overlapping magnitudes: a deficit written as a surplus, or the reverse."""
    ia, ib = facts.ia, facts.ib
    if not facts.comparable or facts.va * facts.vb >= 0:
        return None
    if not Interval(abs(ia.lo), abs(ia.hi)).overlaps(Interval(abs(ib.hi), abs(ib.lo))):
        return None
    return Evidence(
        "sign", "high",
        [f"same magnitude, opposite sign ({human(facts.va)} vs {human(facts.vb)}): a deficit written as a surplus or the reverse"],
    )  # fmt: skip


def scale_slip(a, b, facts: Facts) -> Evidence | None:
    """The figures differ by a factor of a thousand, a million or a billion (within 5%): a scale word slipped."""
    if not facts.comparable:
        return None
    ratio = abs(facts.va / facts.vb) if facts.vb else math.inf
    lines = [
        f"the figures differ by a factor of {k:,.0f}: a thousand/million/billion slip"
        for k in (1e3, 1e6, 1e9)
        if ratio and (abs(math.log10(ratio) - math.log10(k)) < 0.02 or abs(math.log10(ratio) + math.log10(k)) < 0.02)
    ]
    return Evidence("scale-slip", "high", lines) if lines else None


def transcription(a, b, facts: Facts) -> Evidence | None:
    """The published digits differ by two swapped neighbours or one dropped digit: a typo."""
    lines = []
    for x in sorted({_typed(r["value"]) for r in a}):
        for y in sorted({_typed(r["value"]) for r in b}):
            if _is_transposition(x, y):
                lines.append(f"{_digits(x)} and {_digits(y)} have the same digits with two swapped: a transposition")
            elif _is_dropped_digit(x, y):
                lines.append(f"{_digits(x)} and {_digits(y)} differ by one dropped or added digit")
    return Evidence("transcription", "medium", lines) if lines else None


def different_lineages(a, b, facts: Facts) -> Evidence | None:
    """Each side cites its data lineage and they share none: two statistics, not one figure twice.

    OEC mirror data gets a word of its own: it is the usual reason a figure
    differs from US customs data.
    """
    la, lb = facts.lineages_a, facts.lineages_b
    if not (la and lb and la.isdisjoint(lb)):
        return None
    oec = " (OEC uses partner-reported mirror data, which differs from US customs figures)" if "oec" in la | lb else ""
    return Evidence("different-source", "medium", [
        (f"different data lineages: {facts.first_a['source']} cites {', '.join(sorted(la))}, "
         f"{facts.first_b['source']} cites {', '.join(sorted(lb))}{oec}")
    ])  # fmt: skip


def unstated_lineage(a, b, facts: Facts) -> Evidence | None:
    """A note: one of two sources does not say where its figures come from."""
    la, lb = facts.lineages_a, facts.lineages_b
    if (la and lb) or facts.first_a["source"] == facts.first_b["source"]:
        return None
    unknown = (facts.first_b if not lb else facts.first_a)["source"]
    return _note(f"{unknown} does not say where its figures come from")


def other_side_cites(a, b, facts: Facts) -> Evidence | None:
    """Across periods, when only one source names its lineage: the two may not be the same statistic.

    A last resort (weak, so low confidence): consulted only when no earlier explainer fits.
    """
    la, lb = facts.lineages_a, facts.lineages_b
    if not facts.across_periods or (la and lb) or not (la | lb) or facts.first_a["source"] == facts.first_b["source"]:
        return None
    return Evidence("different-source", "low", [f"the other side cites {', '.join(sorted(la | lb))}: the two may not be the same statistic"])


def different_scope(a, b, facts: Facts) -> Evidence | None:
    """The sides measure different things: another metric or another product subset."""
    if _values(a, "metric") == _values(b, "metric") and _values(a, "product") == _values(b, "product"):
        return None
    return Evidence("different-scope", "medium", ["the figures cover different scopes"])


def revision(a, b, facts: Facts) -> Evidence | None:
    """Two sources of the same lineage published on different dates: perhaps a revised vintage.

    A last resort (only a guess from dates, so low confidence); needs the corpus for the dates.
    """
    la, lb = facts.lineages_a, facts.lineages_b
    sa, sb = facts.first_a["source"], facts.first_b["source"]
    if facts.corpus is None or sa == sb or not la or la != lb:
        return None
    pa, pb = _published(facts.corpus, sa), _published(facts.corpus, sb)
    if not (isinstance(pa, str) and isinstance(pb, str) and pa != pb):
        return None
    return Evidence("revision", "low", [f"same lineage, published {pa} and {pb}: perhaps a revised vintage"])


def changed_beyond_sources(a, b, facts: Facts) -> Evidence | None:
    """Across periods, a change no difference of source explains: a wrong figure or a broken series.

    A last resort: consulted only when no earlier explainer fits.
    """
    if not facts.across_periods:
        return None
    return Evidence("unexplained", "medium", [
        "no difference of source explains a change this large: one figure is probably wrong, or the series broke"
    ])  # fmt: skip


def rounding(a, b, facts: Facts) -> Evidence | None:
    """The same period, a gap under 0.5%: rounded twice, or rounded differently.

    A last resort: consulted only when no earlier explainer fits.
    """
    if facts.across_periods or not facts.relative_gap < ROUNDING:
        return None
    return Evidence("rounding", "low", [
        f"the gap ({human(facts.gap, facts.first_a['unit'])}) is under 0.5%: rounded twice, or rounded differently"
    ])  # fmt: skip


def unexplained(a, b, facts: Facts) -> Evidence | None:
    """The same period, a real gap, and no sign, scale, digit, source or scope reading fits.

    A last resort: consulted only when no earlier explainer fits.
    """
    if facts.across_periods or facts.relative_gap < ROUNDING:
        return None
    unit = facts.first_a["unit"]
    x, y = facts.published
    return Evidence("unexplained", "medium", [
        f"{human(x, unit)} vs {human(y, unit)} ({apart(relative_gap(x, y))}): not a sign, scale, digit or rounding slip"
    ])  # fmt: skip


class Step(NamedTuple):
    """One explainer in EXPLAINERS, and how explain() weighs what it finds.

    last_resort: asked only while no earlier explainer has given a label.
    overrides_confidence: when it fits after another label has won, its
        confidence replaces the winner's (the label stays). This is how the
        sign, scale, digit and scope readings have always weighed in.
    """

    explainer: Explainer
    last_resort: bool = False
    overrides_confidence: bool = False


# Most specific first: the first label that fits is the cause; every fitting explainer's lines are evidence.
EXPLAINERS: list[Step] = [
    Step(alias_note),
    Step(different_period),
    Step(sign, overrides_confidence=True),
    Step(scale_slip, overrides_confidence=True),
    Step(transcription, overrides_confidence=True),
    Step(different_adjustment),  # after the slips: a flipped sign is a slip, whichever release it is in
    Step(different_release),
    Step(different_lineages),
    Step(unstated_lineage),
    Step(other_side_cites, last_resort=True),
    Step(different_scope, overrides_confidence=True),
    Step(revision, last_resort=True),
    Step(changed_beyond_sources, last_resort=True),
    Step(rounding, last_resort=True),
    Step(unexplained, last_resort=True),
]


def explain(a, b, corpus=None, across_periods: bool = False) -> Cause:
    """The likely cause of the difference between side a and side b (claims: a DataFrame or dicts).

    across_periods: the rule already compares different periods on purpose (a
    year-on-year change), so a period difference explains nothing by itself.
    """
    a, b = _rows(a), _rows(b)
    facts = Facts.of(a, b, corpus, across_periods)
    label, confidence, lines = None, "low", []
    for step in EXPLAINERS:
        found = None if (step.last_resort and label) else step.explainer(a, b, facts)
        if found is None:
            continue
        if found.label and (label is None or step.overrides_confidence):
            label, confidence = label or found.label, found.confidence
        lines.extend(found.lines)
    return Cause(label, confidence, lines)


# --- expected gaps: two bases, two lineages --------------------------------------

BASES = ("census", "bop")  # schemas/vocabulary.yaml bases: the same statistic, compiled two ways
TERM_NAMES = {"census": "Census", "bop": "BOP", "bea": "BEA", "oec": "OEC (mirror data)", "world-bank": "World Bank", "unctad": "UNCTAD"}
# A gap a basis or lineage explains only when no slip explains it better: a swapped digit stays a typo.
SLIPS = ("sign", "scale-slip", "transcription", "different-period", "different-scope")


def compiled_as(claim) -> str | None:
    """What a figure is compiled as: its basis (stated, or its lineage's, verdicts.stated_basis), else its lineage."""
    lineage = claim["lineage"]
    return stated_basis(claim) or (lineage if lineage and lineage != "unknown" else None)


def side_compiled_as(side) -> str | None:
    """The one basis or lineage every claim of a side is compiled as, or None (none known, or a mix)."""
    terms = {compiled_as(c) for c in side}
    return terms.pop() if len(terms) == 1 else None


def pair_words(x: str, y: str, metric: str) -> str:
    """'Census-basis vs BOP-basis goods', 'Census vs OEC mirror data goods'."""
    names = [f"{TERM_NAMES.get(t, t)}-basis" if both_bases(x, y) else TERM_NAMES.get(t, t) for t in (x, y)]
    scope = "goods and services" if str(metric).startswith("gs_") else "goods" if str(metric).startswith("goods_") else "figures"
    return f"{names[0]} vs {names[1]} {scope}"


def both_bases(x: str, y: str) -> bool:
    return x in BASES and y in BASES


def expected_gap_cause(found: Cause, x: str, y: str, metric: str, gap: float, band: tuple[float, float]) -> tuple[Cause, bool]:
    """A gap between figures of two bases or lineages against the band they usually differ by: (cause, expected?).

    Within the band the difference is what compiling the statistic two ways
    gives (different-basis for Census vs BOP, different-source for lineages);
    beyond it the cause found so far stands, with the band as evidence.
    """
    words = f"{pair_words(x, y, metric)} usually differ by {band_words(*band)}"
    if found.label not in SLIPS and gap <= band[1]:
        label = "different-basis" if both_bases(x, y) else "different-source"
        return Cause(label, "high" if label == "different-basis" else "medium",
                     [f"{apart(gap)} once rounding is allowed for: {words}", *found.evidence]), True  # fmt: skip
    found.evidence.append(f"{apart(gap)} even once rounding is allowed for, beyond the band: {words}")
    return found, False


# --- relational claims: a change, a growth rate, an average, a total ------------


def relational_cause(claim, levels, label_if_same: str = "arithmetic") -> tuple[Cause, bool]:
    """A relational claim (RC303-RC306) that its levels contradict, and whether the finding is 'soft'.

    Soft when the levels come from other sources: they may measure the figure
    differently, so the cause is a different source, not bad arithmetic.
    """
    foreign = sorted({s for lv in levels for s in lv.sources if s != claim["source"]})
    if foreign:
        lineages = sorted({r["lineage"] for lv in levels for r in lv.rows if r["source"] != claim["source"]})
        return Cause(
            "different-source", "medium",
            [(f"{claim['source']} does not state the levels itself; they come from {', '.join(foreign)} "
              f"({', '.join(lineages)}), which may measure the figure differently")],
        ), True  # fmt: skip
    return Cause(label_if_same, "medium", [f"all figures are {claim['source']}'s own"]), False


def parts_total_cause(claim, levels, summed: Interval, stated_said: str) -> tuple[Cause, bool]:
    """A stated total (RC303) its parts do not add up to: relational_cause, and the sum against the statement."""
    cause, soft = relational_cause(claim, levels)
    cause.evidence.append(f"sum of the parts {human_interval(summed, claim['unit'])}; stated {stated_said}")
    return cause, soft


def identity_cause(computed: Interval, stated: Interval, formula: str, terms_said: list[str], unit: str, stated_said: str) -> Cause:
    """An identity that does not hold (RC301 balance = exports − imports, RC302 goods and services = goods + services).

    A sign slip when the stated figure has the magnitude of the computed one
    with the opposite sign; otherwise the figures do not add up. Not when
    a term is open-ended ("more than $349 billion"): any sign then "fits".
    """
    bounded = not (math.isinf(computed.lo) or math.isinf(computed.hi))
    flipped = bounded and (-computed).overlaps(stated)
    return Cause(
        "sign" if flipped else "arithmetic",
        "high" if flipped else "medium",
        (["the stated figure has the magnitude of the computed one with the opposite sign"] if flipped else [])
        + [f"{formula}: {' , '.join(terms_said)}", f"computed {human_interval(computed, unit)}; stated {stated_said}"],
    )


# --- one document: its quotes, its own figures -----------------------------------


def quote_not_found_cause() -> Cause:
    """A quote not in its document (RC101)."""
    return Cause("transcription", "high", ["the words were paraphrased or mistyped, or the document is another one"])


def quote_wrong_line_cause(found_line: int) -> Cause:
    """A quote found on another line than the stated one (RC102)."""
    return Cause("transcription", "high", [f"set line: {found_line}"])


def quote_value_cause(label: str, quote: str) -> Cause:
    """A quote whose number does not say the claim's value (RC103); label is provenance's reading, if any."""
    return Cause(label or "transcription", "high", [f"quote: \"{quote[:120]}\""])


def document_changed_cause() -> Cause:
    """A document file that is not the transcribed one (RC104)."""
    return Cause("revision", "high", ["the document file is not the transcribed one"])


def same_document_cause(rows) -> Cause:
    """One document giving one figure incompatible values (RC202): a typo, or two vintages."""
    distinct = list(dict.fromkeys(human_interval(_interval(r), r["unit"]) for r in sorted(rows, key=lambda r: r["lo"])))
    return Cause("unexplained", "medium", [
        "the same document, the same figure: one of its numbers is a typo or comes from another vintage",
        f"intervals after rounding: {', '.join(distinct)}",
    ])  # fmt: skip


def copy_paste_cause(rows) -> Cause:
    """One literal repeated over the periods of a series (RC204): a table filled by copy and paste."""
    lines = ", ".join(str(r["quote_line"]) for r in rows)
    return Cause("copy-paste", "medium", [f"lines {lines} carry the identical literal {rows[0]['value']}"])


# --- rankings and lists ----------------------------------------------------------


def rank_order_cause(inversions: int) -> Cause:
    """A ranked list out of the order of its own values (RC401)."""
    return Cause("unexplained", "medium", [f"{inversions} pair(s) certainly inverted after rounding",
                                           "a list mixing deficits and surpluses, or items moved by hand"])  # fmt: skip


def outranked_cause(claim, what: str, ahead_sources: list[set[str]], at_best: str) -> Cause:
    """A rank (RC402) that the items certainly ahead of it make impossible.

    High confidence when the document's own figures already put enough items
    ahead; medium when only other sources' figures do (the list may leave out
    partners those sources rank higher). ahead_sources: the sources of each
    item certainly ahead; at_best: the best position left, as said ("8th").
    """
    own = sum(claim["source"] in sources for sources in ahead_sources)
    if own >= claim["number"]:
        cause = Cause("unexplained", "high", [f"the document's own figures put {own} item(s) ahead of {what}"])
    else:
        others = sorted({s for sources in ahead_sources for s in sources} - {claim["source"]})
        cause = Cause("unexplained", "medium", [
            (f"the document's own figures put {own} item(s) ahead; with {', '.join(others)}'s figures "
             f"{len(ahead_sources)} are: the list leaves out partners that other sources rank higher")
        ])  # fmt: skip
    cause.evidence.append(f"{what} is at best {at_best}")
    return cause


def list_count_cause() -> Cause:
    """A stated count of a list's items that neither its items nor its positions match (RC403)."""
    return Cause("unexplained", "medium", ["an item was dropped or added in editing, or in transcription"])


def group_among_countries_cause(names: str) -> Cause:
    """A group (the EU) in a ranking of countries (RC404)."""
    return Cause("different-scope", "high", [f"{names} is a group, not a country"])


def group_with_members_cause(group_name: str, member_names: str, day) -> Cause:
    """A group ranked beside its own members, whose trade it then counts twice (RC404)."""
    return Cause("different-scope", "high", [f"{member_names} belonged to {group_name} on {day}"])


def outside_group_cause(names: str, group_name: str, day) -> Cause:
    """A ranking among a group that ranks a non-member (RC404): the population or the subject is mistranscribed."""
    return Cause("different-scope", "high", [f"{names} did not belong to {group_name} on {day}"])


def bound_each_cause() -> Cause:
    """A blanket bound ("at least $1 billion with each") that an item of the list breaks (RC405)."""
    return Cause("unexplained", "medium", ["the blanket statement and the list disagree"])


# --- what the other figures say ----------------------------------------------------


def corroboration(sides: dict[str, Interval], others: list, contradicted=frozenset()) -> str | None:
    """Which side the figures of other sources and nearby periods sit closer to, if any. Each figure votes once
    (a source that repeats a figure is one voice), and a figure the official tables contradict (its id in
    ``contradicted``) is no support at all."""
    if not others or len(sides) < 2:
        return None
    votes: dict[str, list[str]] = {k: [] for k in sides}
    for row in _one_voice_each(others, contradicted):
        value = row["normalized"]
        best = min(sides, key=lambda k: abs(sides[k].mid - value))
        votes[best].append(f"{row['source']} {row['period']}: {human(value, row['unit'])}")
    winner = max(votes, key=lambda k: len(votes[k]))
    loser_votes = sum(len(v) for k, v in votes.items() if k != winner)
    if not votes[winner] or loser_votes >= len(votes[winner]):
        return None
    return f"other figures sit closer to {winner} ({'; '.join(votes[winner])})"


def _one_voice_each(rows: list, contradicted) -> list:
    seen, kept = set(), []
    for row in rows:
        voice = (row["source"], row["subject"], row["metric"], row["period"], row["product"])
        if row["id"] in contradicted or voice in seen:
            continue
        seen.add(voice)
        kept.append(row)
    return kept


def _published(corpus, source_id: str):
    source = corpus.source_by_id.get(source_id)
    return source.published if source else None


__all__ = [
    "EXPLAINERS",
    "Evidence",
    "Facts",
    "bound_each_cause",
    "copy_paste_cause",
    "corroboration",
    "document_changed_cause",
    "compiled_as",
    "expected_gap_cause",
    "STATED_STATISTICS",
    "explain",
    "group_among_countries_cause", "outside_group_cause",
    "group_with_members_cause",
    "identity_cause",
    "list_count_cause",
    "outranked_cause",
    "pair_words",
    "parts_total_cause",
    "quote_not_found_cause",
    "quote_value_cause",
    "quote_wrong_line_cause",
    "rank_order_cause",
    "relational_cause",
    "same_document_cause",
    "side_compiled_as",
]
