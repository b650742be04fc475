"""Why two figures likely differ, with the evidence behind the label.

For a discrepancy between two sides (each side is one or more claims from
one source) ``explain`` asks the
explainers in ``EXPLAINERS``, most specific first: the first label that fits
becomes the cause, and every fitting explainer's evidence is kept so an
analyst sees each reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from reconcile.model import Cause
from reconcile.numbers import Interval, hull, human

ROUNDING = 0.005  # a gap under 0.5% of the figures is within rounding


def _digits(literal: str) -> str:
    return "".join(ch for ch in str(literal) if ch.isdigit()).lstrip("0")


def _is_transposition(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b or sorted(a) != sorted(b):
        return False
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1


def _is_dropped_digit(a: str, b: str) -> bool:
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if len(longer) != len(shorter) + 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _lineages(side: list[dict]) -> set[str]:
    return {r["lineage"] for r in side if r["lineage"] and r["lineage"] != "unknown"}


def _rows(side) -> list[dict]:
    return side.to_dict("records") if isinstance(side, pd.DataFrame) else list(side)


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

    @classmethod
    def of(cls, a: list[dict], b: list[dict], corpus, across_periods: bool) -> Facts:
        return cls(a[0], b[0], hull(map(_interval, a)), hull(map(_interval, b)), _lineages(a), _lineages(b), corpus, across_periods)

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
        return self.gap / max(abs(self.va), abs(self.vb), 1e-9)


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
    for x in {_digits(r["value"]) for r in a}:
        for y in {_digits(r["value"]) for r in b}:
            if _is_transposition(x, y):
                lines.append(f"{x} and {y} have the same digits with two swapped: a transposition")
            elif _is_dropped_digit(x, y):
                lines.append(f"{x} and {y} differ by one dropped or added digit")
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
    return Evidence("unexplained", "medium", [
        (f"{human(facts.va, unit)} vs {human(facts.vb, unit)} ({facts.relative_gap:.0%} apart): "
         "not a sign, scale, digit or rounding slip")
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


def corroboration(sides: dict[str, Interval], others: pd.DataFrame) -> str | None:
    """Which side the figures of other sources and nearby periods sit closer to, if any."""
    if others.empty or len(sides) < 2:
        return None
    votes: dict[str, list[str]] = {k: [] for k in sides}
    for row in others.to_dict("records"):
        value = row["normalized"]
        best = min(sides, key=lambda k: abs(sides[k].mid - value))
        votes[best].append(f"{row['source']} {row['period']}: {human(value, row['unit'])}")
    winner = max(votes, key=lambda k: len(votes[k]))
    loser_votes = sum(len(v) for k, v in votes.items() if k != winner)
    if not votes[winner] or loser_votes >= len(votes[winner]):
        return None
    return f"other figures sit closer to {winner} ({'; '.join(votes[winner])})"


def _published(corpus, source_id: str):
    s = corpus.sources
    hit = s[s["id"] == source_id]
    return hit.iloc[0]["published"] if not hit.empty else None


__all__ = ["EXPLAINERS", "Evidence", "Facts", "corroboration", "explain"]
