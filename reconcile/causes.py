"""Why two figures likely differ, with the evidence behind the label.

Each test looks at the two sides of a discrepancy (each side is one or more
claims from one source) and returns evidence when its explanation fits. The
first fitting explanation in order of specificity becomes the cause; the
others stay as evidence so an analyst sees every reading.
"""

from __future__ import annotations

import math

from reconcile.model import Cause
from reconcile.numbers import Interval, human
from reconcile.rules._context import hull


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


def _rows(side) -> list:
    return list(side)


def _values(rows: list[dict], key: str) -> set:
    return {r[key] for r in rows if r.get(key) is not None}


def explain(a, b, corpus=None, across_periods: bool = False) -> Cause:
    """The likely cause of the difference between side a and side b (claims: a DataFrame or dicts).

    across_periods: the rule already compares different periods on purpose (a
    year-on-year change), so a period difference explains nothing by itself.
    """
    a, b = _rows(a), _rows(b)
    ra, rb = a[0], b[0]
    ia, ib = hull(a), hull(b)
    va, vb = ia.mid, ib.mid
    evidence: list[str] = []
    label, confidence = None, "low"

    names_a, names_b = _values(a, "subject_as_written"), _values(b, "subject_as_written")
    if names_a and names_b and names_a.isdisjoint(names_b):
        evidence.append(
            f"the documents name the entity differently ({', '.join(sorted(names_a))} / "
            f"{', '.join(sorted(names_b))}); both resolve to {ra['subject_name']}"
        )

    if _values(a, "period") != _values(b, "period") and not across_periods:
        label, confidence = "different-period", "high"
        evidence.append(f"periods differ: {', '.join(sorted(_values(a, 'period')))} vs {', '.join(sorted(_values(b, 'period')))}")

    if va and vb and not math.isinf(va) and not math.isinf(vb):
        if va * vb < 0 and Interval(abs(ia.lo), abs(ia.hi)).overlaps(Interval(abs(ib.hi), abs(ib.lo))):
            label, confidence = label or "sign", "high"
            evidence.append(f"same magnitude, opposite sign ({human(va)} vs {human(vb)}): a deficit written as a surplus or the reverse")
        ratio = abs(va / vb) if vb else math.inf
        for k in (1e3, 1e6, 1e9):
            if ratio and (abs(math.log10(ratio) - math.log10(k)) < 0.02 or abs(math.log10(ratio) + math.log10(k)) < 0.02):
                label, confidence = label or "scale-slip", "high"
                evidence.append(f"the figures differ by a factor of {k:,.0f}: a thousand/million/billion slip")

    da = {_digits(r["value"]) for r in a}
    db = {_digits(r["value"]) for r in b}
    for x in da:
        for y in db:
            if _is_transposition(x, y):
                label, confidence = label or "transcription", "medium"
                evidence.append(f"{x} and {y} have the same digits with two swapped: a transposition")
            elif _is_dropped_digit(x, y):
                label, confidence = label or "transcription", "medium"
                evidence.append(f"{x} and {y} differ by one dropped or added digit")

    la, lb = _lineages(a), _lineages(b)
    if la and lb and la.isdisjoint(lb):
        if label is None:
            label, confidence = "different-source", "medium"
        evidence.append(
            f"different data lineages: {ra['source']} cites {', '.join(sorted(la))}, {rb['source']} cites {', '.join(sorted(lb))}"
            + (" (OEC uses partner-reported mirror data, which differs from US customs figures)" if "oec" in la | lb else "")
        )
    elif (not la or not lb) and ra["source"] != rb["source"]:
        unknown = (rb if not lb else ra)["source"]
        evidence.append(f"{unknown} does not say where its figures come from")
        if across_periods and label is None and (la | lb):
            label, confidence = "different-source", "low"
            evidence.append(f"the other side cites {', '.join(sorted(la | lb))}: the two may not be the same statistic")

    if _values(a, "metric") != _values(b, "metric") or _values(a, "product") != _values(b, "product"):
        label, confidence = label or "different-scope", "medium"
        evidence.append("the figures cover different scopes")

    if corpus is not None and label is None:
        pa, pb = _published(corpus, ra["source"]), _published(corpus, rb["source"])
        if ra["source"] != rb["source"] and isinstance(pa, str) and isinstance(pb, str) and pa != pb and la == lb and la:
            label, confidence = "revision", "low"
            evidence.append(f"same lineage, published {pa} and {pb}: perhaps a revised vintage")

    if label is None:
        gap = ia.gap(ib)
        rel = gap / max(abs(va), abs(vb), 1e-9)
        if across_periods:
            label, confidence = "unexplained", "medium"
            evidence.append("no difference of source explains a change this large: one figure is probably wrong, or the series broke")
        elif rel < 0.005:
            label, confidence = "rounding", "low"
            evidence.append(f"the gap ({human(gap, ra['unit'])}) is under 0.5%: rounded twice, or rounded differently")
        else:
            label, confidence = "unexplained", "medium"
            evidence.append(
                f"{human(va, ra['unit'])} vs {human(vb, ra['unit'])} ({rel:.0%} apart): not a sign, scale, digit or rounding slip"
            )
    return Cause(label, confidence, evidence)


def corroboration(sides: dict[str, Interval], others: list) -> str | None:
    """Which side the figures of other sources and nearby periods sit closer to, if any."""
    if not others or len(sides) < 2:
        return None
    votes: dict[str, list[str]] = {k: [] for k in sides}
    for row in others:
        value = row["normalized"]
        best = min(sides, key=lambda k: abs(sides[k].mid - value))
        votes[best].append(f"{row['source']} {row['period']}: {human(value, row['unit'])}")
    winner = max(votes, key=lambda k: len(votes[k]))
    loser_votes = sum(len(v) for k, v in votes.items() if k != winner)
    if not votes[winner] or loser_votes >= len(votes[winner]):
        return None
    return f"other figures sit closer to {winner} ({'; '.join(votes[winner])})"


def _published(corpus, source_id: str):
    source = corpus.source_by_id.get(source_id)
    return source.published if source else None


__all__ = ["explain", "corroboration"]
