"""shares of one total must add up: to a combined share of their union, and never past 100%.

What it does
    Takes the share claims that divide the same figure (metric, product,
    period) by the same total (`of:`). A combined share over a group
    (`parts: [Canada, Mexico]`, "together they took 31.8%") is compared with
    the sum of the group's single shares — the document's own where it states
    them, other sources' otherwise. And the shares one document states for
    parts that cannot overlap (different countries, groups whose members are
    known) must not add up to more than 100%.

Why is this bad?
    Shares are quoted one by one and combined in the reader's head: a
    combined share that is not the sum of its parts, or shares that add up
    to more than the whole, means one of them is mistyped or of another
    total.

Example
    PASS: Canada 17.5%, Mexico 15.8%, together 33.3%.
    FAIL: Canada 17.5%, Mexico 15.8%, together 31.8% (17.5 + 15.8 = 33.3 ± 0.1).
    FAIL: Canada 57%, Mexico 48% of the same total (105% > 100%).

Use instead
    Check each share's `of:` (a share of goods exports and one of goods and
    services exports are shares of different totals) and `parts:` against
    the document. If the document's shares do not add up, quote the
    figures they are computed from, and accept the finding in the baseline
    with that reason.
"""

from __future__ import annotations

from reconcile.causes import relational_cause
from reconcile.model import Cause
from reconcile.numbers import hull, meet, percent_points, total
from reconcile.rules._context import finding, interval, metric_label, published, share_name
from reconcile.rules._levels import Level
from reconcile.rules._shares import entity_name, part_countries, part_label, same_whole

CODE = "RC308"
NAME = "shares-sum"
DEFAULT_SEVERITY = "error"
OPTIONS = {}
CHECKS = "share claims"


def check(ctx, options):
    groups: dict[tuple, list] = {}
    for claim in ctx.of_kind("share"):
        if claim.of is not None:
            groups.setdefault(same_whole(claim), []).append(claim)
    for shares in groups.values():
        yield from _combined_shares(shares)
        yield from _over_the_whole(shares)


def _combined_shares(shares):
    """A share over a group against the sum of its members' single shares."""
    singles: dict[str, list] = {}
    for s in shares:
        if not s.parts:
            singles.setdefault(s.subject, []).append(s)
    for combined in (s for s in shares if s.parts):
        levels = [_share_level(singles.get(p, []), combined.source) for p in combined.parts]
        if any(lv is None for lv in levels):
            continue
        summed = total(lv.interval for lv in levels)
        if summed.overlaps(interval(combined)):
            continue
        cause, soft = relational_cause(combined, levels)
        said = ", ".join(f"{entity_name(p)} {lv.said}" for p, lv in zip(combined.parts, levels))
        cause.evidence.append(f"sum of the single shares {percent_points(summed, '.1f')}; stated {published(combined)}")
        yield finding(
            CODE, NAME,
            f"{combined.source} states {share_name(combined)} as {published(combined)}, but the single shares "
            f"add up to {percent_points(summed, '.1f')} ({said}).",
            [combined.id, *[i for lv in levels for i in lv.ids]], cause,
            key="combined", computed_sum=percent_points(summed, ".1f"), soften=soft,
        )  # fmt: skip


def _share_level(claims, source) -> Level | None:
    """A part's share as one interval: the document's own claims first, like any level."""
    if not claims:
        return None
    own = [c for c in claims if c.source == source]
    rows = own or claims
    ivs = [interval(c) for c in rows]
    return Level(meet(ivs) or hull(ivs), rows, bool(own))


def _over_the_whole(shares):
    """One document's shares of parts that cannot overlap, added up: more than 100% cannot all be true."""
    by_source: dict[str, list] = {}
    for s in shares:
        by_source.setdefault(s.source, []).append(s)
    for source, own in sorted(by_source.items()):
        chosen = _disjoint(own)
        if len(chosen) < 2:
            continue
        summed = total(interval(c) for c in chosen)
        if summed.lo <= 100 + 1e-9:
            continue
        said = ", ".join(f"{part_label(c)} {published(c)}" for c in chosen)
        yield finding(
            CODE, NAME,
            f"{source} states shares of {_whole(chosen[0])} for parts that do not overlap, adding up to {percent_points(summed, '.1f')}: more than the whole ({said}).",
            [c.id for c in chosen],
            Cause("arithmetic", "medium", [f"the parts do not overlap, so their shares add up to at most 100%; "
                                           f"these add up to {percent_points(summed, '.1f')}"]),
            key="over-100", computed_sum=percent_points(summed, ".1f"),
        )  # fmt: skip


def _whole(claim) -> str:
    of = claim.of
    whole = "total" if of.subject == "WORLD" else of.subject_name
    return f"{whole} {metric_label(of.metric)}" + (f" ({of.product})" if of.product else "") + f" {claim.period}"


def _disjoint(claims) -> list:
    """The claims whose parts cover known countries that no earlier one covers, in claim order."""
    seen: set[str] = set()
    chosen = []
    for c in sorted(claims, key=lambda c: (c.file, c.line)):
        countries = part_countries(c)
        if countries is None or countries & seen:
            continue
        seen |= countries
        chosen.append(c)
    return chosen

