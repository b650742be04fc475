"""two sources (or one twice) state incompatible growth rates, changes, averages, ranks or records.

What it does
    Compares relational claims the way RC201 and RC202 compare plain figures
    (across sources, and within one document): growth rates and changes of one figure between the same
    two periods, averages over the same span, the rank of one partner in
    rankings of the same metric, period, order and population (a rank among
    EU members is compared with ranks among EU members only, never with a
    rank among all partners), and the
    rank of one period in a subject's series ("the largest on record").
    Intervals come from rounding, qualifiers and ties ("among the top 10"),
    so "up 12%" and "up 12.4%" agree and "sixth" and "eighth" do not. Two
    record statements ("the largest ever") for different periods contradict
    each other when both periods were on record when each document was
    written.

Why is this bad?
    A growth rate or a rank is what readers remember of an article; when two
    documents give different ones for the same figure, at least one of them
    is wrong, and neither document's own figures may show it.

Example
    PASS: source A "up 12%" and source B "up 12.4%" for US imports from Mexico, 2024 on 2023.
    FAIL: source A "up 12%" and source B "up 19%"; source A "sixth-largest deficit", source B "eighth".

Use instead
    Check both transcriptions (the from-period, the ranking's metric, order
    and `among:`). Then find which is right from the levels: the official
    table's verdict on each claim says which rate or rank the official
    figures give. Quote that one, and accept the finding in the baseline
    with a reason saying what was examined.
"""

from __future__ import annotations

from itertools import combinations

from reconcile.causes import explain
from reconcile.entities import ranking_group
from reconcile.model import Cause
from reconcile.rules._context import figure_name, finding, hull, published

CODE = "RC205"
NAME = "relational-conflict"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "relational claims"

RELATIONAL_KINDS = ("growth", "change", "average", "rank")


def check(ctx, options):
    for key, group in sorted(_groups(ctx).items(), key=lambda kv: str(kv[0])):
        yield from _conflicts(ctx, key, group)
    yield from _conflicting_records(ctx)


def _groups(ctx) -> dict[tuple, list]:
    """Relational claims by what they state: one figure's growth between two periods, one partner's rank..."""
    groups: dict[tuple, list] = {}
    for kind in RELATIONAL_KINDS:
        for claim in ctx.of_kind(kind):
            key = relational_key(ctx, claim)
            if key is not None:
                groups.setdefault(key, []).append(claim)
    return {k: g for k, g in groups.items() if len(g) > 1}


def relational_key(ctx, claim) -> tuple | None:
    """The identity of a relational figure; None when a claim does not say enough to compare it."""
    if claim.kind == "rank":
        ranking = ctx.ranking_by_id.get(claim.ranking)
        if ranking is None or not claim.subject:
            return None
        scope = ranking.subject if ranking.over == "periods" else ranking.among
        return ("rank", ranking.metric, ranking.over, ranking.order, scope, claim.subject, claim.period or ranking.period, claim.status)
    if claim.kind in ("growth", "change") and not claim.from_period:
        return None
    return (claim.kind, claim.subject or "+".join(claim.parts), claim.metric, claim.period, claim.from_period,
            claim.per, claim.product, claim.unit, claim.status)  # fmt: skip


def _conflicts(ctx, key, group):
    sides: dict[str, list] = {}
    for c in group:
        sides.setdefault(c.source, []).append(c)
    for source, side in sorted(sides.items()):
        yield from _self_contradictions(ctx, source, side)
    for (sa, a), (sb, b) in combinations(sorted(sides.items()), 2):
        if hull(a).overlaps(hull(b)):
            continue
        first = a[0]
        yield finding(
            CODE, NAME,
            f"{sa} and {sb} disagree on {_what(ctx, first)}: {_said(a)} vs {_said(b)}.",
            [c.id for c in a + b], _cause(ctx, a, b),
        )  # fmt: skip


def _self_contradictions(ctx, source: str, side: list):
    """One document giving the same growth rate or rank twice, incompatibly ("up 12%" here, "up 19%" there)."""
    for a, b in combinations(sorted(side, key=lambda c: (c.quote_line or 0, c.id)), 2):
        if not a.interval.overlaps(b.interval):
            yield finding(
                CODE, NAME,
                f"{source} contradicts itself on {_what(ctx, a)}: {_said([a])} vs {_said([b])}.",
                [a.id, b.id], _cause(ctx, [a], [b]), key="same-document",
            )  # fmt: skip


def _what(ctx, claim) -> str:
    if claim.kind == "rank":
        ranking = ctx.ranking_by_id[claim.ranking]
        among = f"among {_population(ranking.among)}" if ranking.over == "subjects" else f"among {claim.subject_name}'s years"
        return f"the rank of {claim.subject_name if ranking.over == 'subjects' else claim.period} by {ranking.metric.replace('_', ' ')} {among} ({ranking.order})"
    since = f" from {claim.from_period}" if claim.from_period else ""
    per = f" per {claim.per}" if claim.per else ""
    return f"the {claim.kind}{per} of {figure_name(claim)}{since}"


def _population(among: str) -> str:
    group = ranking_group(among)
    return f"{group.name} members" if group is not None else among


def _said(side) -> str:
    return " / ".join(dict.fromkeys(f"{published(c)} (line {c.quote_line})" if c.quote_line else published(c) for c in side))


def _cause(ctx, a: list, b: list) -> Cause:
    """When the official tables confirm one side and contradict the other, that settles it; else the usual
    explainers (sources, lineages, periods) say what may lie behind the difference."""
    judged = {c.id: ctx.assessments.get(c.id) for c in a + b}
    held = [x for x in judged.values() if x is not None and x.status == "confirmed"]
    failed = [x for x in judged.values() if x is not None and x.status == "contradicted"]
    if held and failed and {x.claim.source for x in held}.isdisjoint({x.claim.source for x in failed}):
        official = failed[0].reference
        return Cause("unexplained", "high", [
            f"the official figure is {published(official)}: {', '.join(sorted({x.claim.source for x in held}))} "
            f"agree(s) with it, {', '.join(sorted({x.claim.source for x in failed}))} do(es) not"])  # fmt: skip
    return explain(a, b, ctx.corpus, across_periods=True)


# --- record statements: "the largest on record" for different periods -------------------------------------


def _conflicting_records(ctx):
    """Two sources each calling a different period the record (rank 1) of the same series, when both periods
    had passed by the time each document was written."""
    from reconcile.references.derived import Setting

    as_of = Setting.of(ctx.claims, ctx.rankings, ctx.corpus.sources).as_of
    records: dict[tuple, list] = {}
    for claim in ctx.of_kind("rank"):
        ranking = ctx.ranking_by_id.get(claim.ranking)
        if ranking is None or ranking.over != "periods" or claim.hi > 1 or not claim.period:
            continue
        records.setdefault((ranking.metric, ranking.order, claim.subject, len(claim.period), claim.status), []).append(claim)
    for _key, group in sorted(records.items(), key=lambda kv: str(kv[0])):
        for a, b in combinations(sorted(group, key=lambda c: (c.source, c.period, c.id)), 2):
            if a.source != b.source and a.period != b.period and _both_on_record(a, b, as_of):
                yield finding(
                    CODE, NAME,
                    f"{a.source} and {b.source} disagree on the record of {_series(ctx, a)}: {a.source} says "
                    f"{a.period} (line {a.quote_line}), {b.source} says {b.period} (line {b.quote_line}); both "
                    "years were over when each document was written.",
                    [a.id, b.id], _cause(ctx, [a], [b]), key="record",
                )  # fmt: skip


def _both_on_record(a, b, as_of: dict) -> bool:
    ends = max(a.period_end, b.period_end).isoformat()
    return all(as_of.get(c.source) and as_of[c.source] >= ends for c in (a, b))


def _series(ctx, claim) -> str:
    ranking = ctx.ranking_by_id[claim.ranking]
    word = "largest" if ranking.order == "descending" else "most negative"
    return f"{claim.subject_name}'s {ranking.metric.replace('_', ' ')} ({word} first)"
