"""Which figure is right: a verdict on every transcribed claim, against the official tables.

For a claim, the reference figures for the same entity, metric and period (any
source, basis, adjustment, vintage) are its *candidates*; those whose interval
meets the claim's are its *matches*. Then:

- ``confirmed``: some official figure matches. Which one is said; a match
  only with an older vintage is confirmed with cause ``revision`` (a newer
  figure exists), a match only on another basis or adjustment than the claim
  names is confirmed with that basis stated.
- ``contradicted``: candidates exist and none matches. The official figure
  to print, the gap, and the likely cause: what the figure matches *instead*
  (another metric, period, partner, basis, a flipped sign, a scale slip).
- ``unverified``: no official figure covers it.

Intervals are the claims' own (rounding- and qualifier-aware) and the
references' (their declared precision), so "63" confirms -63,335.8 ($M).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


from reconcile.claim import Claim, Derivation
from reconcile.model import Cause
from reconcile.references.derived import Setting, official_figures

CONFIRMED, CONTRADICTED, UNVERIFIED = "confirmed", "contradicted", "unverified"
STATUSES = (CONFIRMED, CONTRADICTED, UNVERIFIED)
VERIFIABLE_KINDS = ("value", "bound")  # figures a table states as they are; the other kinds are computed
SIGNED_KINDS = ("change", "growth", "total", "average")  # kinds whose sign a writer can flip
CONSENSUS_KINDS = (*VERIFIABLE_KINDS, "share")  # figures other sources state as they are, to agree or not


@dataclass(frozen=True)
class Assessment:
    """The verdict on one transcribed claim and what it rests on."""

    claim: Claim
    status: str  # one of STATUSES
    via: str  # reference, consensus or none
    reference: Claim | None = None  # the official figure the verdict names (the match, or the figure to print)
    candidates: tuple[Claim, ...] = ()
    cause: Cause | None = None
    message: str = ""
    instead: tuple[Claim, ...] = field(default=())  # for a contradiction: the official figures it matches instead
    consensus: Consensus | None = None  # for an unverified claim: what the other sources say


def assess(claims: list[Claim], refs, rankings=(), sources=()) -> list[Assessment]:
    """One assessment per transcribed claim, in the claims' order; claims no table covers judged by consensus."""
    setting = Setting.of(claims, rankings, sources)
    judged = [assess_claim(c, refs, setting) for c in claims]
    return converged_consensus(judged)


def assess_claim(claim: Claim, refs, setting: Setting | None = None) -> Assessment:
    candidates = _candidates(claim, refs, setting)
    if not candidates:
        return Assessment(claim, UNVERIFIED, "none", message=f"{_figure(claim)}: {_why_unverified(claim)}")
    matches = [r for r in candidates if claim.interval.overlaps(r.interval)]
    if matches:
        return _confirmed(claim, matches, candidates, refs)
    return _contradicted(claim, candidates, refs)


def _candidates(claim: Claim, refs, setting: Setting | None) -> list[Claim]:
    """The official figures of what the claim states: cells for a plain figure, computed ones for the rest."""
    if refs is None or claim.product or claim.status != "actual":
        return []
    return [r for r in official_figures(claim, refs, setting) if r.unit == claim.unit]


def _why_unverified(claim: Claim) -> str:
    if claim.product:
        return f"the official tables give all goods, not {claim.product}"
    if claim.status != "actual":
        return f"a {claim.status} figure is not a statistic"
    if claim.kind == "count" and claim.ranking:
        return "the number of items in the document's own list"
    return "no official figure covers it"


# --- confirmed -------------------------------------------------------------------------------------


# The basis a lineage compiles on, when a claim names its source but not the basis.
LINEAGE_BASIS = {"census": "census", "bea": "bop"}


def stated_basis(claim: Claim) -> str | None:
    return claim.basis or LINEAGE_BASIS.get(claim.lineage)


def preference(claim: Claim, ref: Claim) -> tuple:
    """How well an official figure fits what the claim says of itself: its basis (or its source's), adjustment
    and vintage first, then the latest vintage. Higher is better."""
    basis = stated_basis(claim)
    return (
        basis is None or ref.basis == basis,
        claim.adjustment is None or ref.adjustment == claim.adjustment,
        # A claim citing a release (vintage: 2025-02-05) means the figures published by then: the newest of those.
        claim.vintage is None or (ref.vintage or "") <= claim.vintage,
        ref.adjustment == "nsa",  # what a year adds up to, when the claim does not say
        ref.vintage or "",
    )


def latest(refs_: list[Claim], like: Claim) -> Claim:
    """The newest vintage of the same series (basis and adjustment) as ``like``."""
    same = [r for r in refs_ if r.basis == like.basis and r.adjustment == like.adjustment]
    # Of one release date, the figure with its own vintage label wins ties: max() keeps the first.
    return max(same or refs_, key=lambda r: r.vintage or "")


def _confirmed(claim: Claim, matches: list[Claim], candidates: list[Claim], refs) -> Assessment:
    best = max(matches, key=lambda r: preference(claim, r))
    newest = latest(candidates, best)
    cause = None
    said = f"= {describe_reference(best, refs)}"
    if newest is not best and not claim.interval.overlaps(newest.interval):
        cause = Cause("revision", "high", [f"matches {describe_reference(best, refs)}; {describe_reference(newest, refs)} is {_amount(newest)}"])
        said += f"; revised since: {_amount(newest)} ({describe_reference(newest, refs)})"
    elif stated_basis(claim) and best.basis != stated_basis(claim) and any(r.basis == stated_basis(claim) for r in candidates):
        # Only when the tables give the figure on the basis the claim names too: goods and services exist on
        # the balance-of-payments basis alone, so a Census-citing G&S figure is not "on another basis".
        basis = stated_basis(claim)
        cause = Cause("different-basis", "high", [f"{claim.source} names the {basis} basis; the figure is the {best.basis}-basis one"])
        said += f" (on the {best.basis} basis, not {basis})"
    elif claim.adjustment and best.adjustment != claim.adjustment:
        cause = Cause("different-adjustment", "high", [f"the claim says {claim.adjustment}; it matches the {best.adjustment} figure"])
    return Assessment(claim, CONFIRMED, "reference", best, tuple(candidates), cause, f"{_figure(claim)} {said}")


# --- contradicted ----------------------------------------------------------------------------------


def _contradicted(claim: Claim, candidates: list[Claim], refs) -> Assessment:
    official = latest(candidates, max(candidates, key=lambda r: preference(claim, r)))
    instead, cause = matches_instead(claim, official, candidates, refs)
    gap = claim.normalized - official.normalized
    message = (
        f"{_figure(claim)} is contradicted by {describe_reference(official, refs)}: {_amount(official)} "
        f"(off by {_gap(gap, official, claim)})"
    )
    if instead and cause.label in MATCHED_INSTEAD:
        message += f"; {cause.evidence[0]}"
    return Assessment(claim, CONTRADICTED, "reference", official, tuple(candidates), cause, message, tuple(instead))


def _gap(gap: float, official: Claim, claim: Claim) -> str:
    if claim.unit == "percent":
        return f"{abs(gap):.1f} percentage points"
    if claim.unit in ("rank", "count"):
        return f"{abs(gap):,.0f}"
    return f"{_money(abs(gap), claim)}{_percent(gap, official.normalized)}"


def _percent(gap: float, base: float) -> str:
    if not base:
        return ""
    share = abs(gap) / abs(base)
    return f", {share:.1%}" if share < 0.01 else f", {share:.0%}"


def matches_instead(claim: Claim, official: Claim, candidates: list[Claim], refs) -> tuple[list[Claim], Cause]:
    """The official figures the claim matches if one parameter were different, best first, and the cause."""
    for label, found, says in _alternatives(claim, official, candidates, refs):
        if found:
            return found, Cause(label, "high" if len(found) == 1 else "medium", [says(found[0])])
    return [], Cause("unexplained", "medium", [f"no official figure of another metric, period, partner, basis or scale matches {claim.value}"])


def _alternatives(claim: Claim, official: Claim, same: list[Claim], refs):
    """(cause, matching official figures, evidence) for each way the figure could have gone astray, most telling
    first. Matches with another period or partner are only taken from a precise figure (three significant digits
    or more): "1.6" matches some partner's figure by chance, "436.3" does not. A computed figure (a rank, a growth
    rate) is only compared with its other series and its sign: its metric, period and partner are the claim's."""
    iv = claim.interval
    yield "different-basis", [r for r in same if r.basis != official.basis and iv.overlaps(r.interval)], \
        lambda r: f"{claim.value} is the {r.basis}-basis figure ({_amount(r)}, {describe_reference(r, refs)})"  # fmt: skip
    yield "different-adjustment", [r for r in same if r.adjustment != official.adjustment and iv.overlaps(r.interval)], \
        lambda r: f"{claim.value} is the {r.adjustment} figure ({_amount(r)})"  # fmt: skip
    yield "rounding", [r for r in same if _truncated(claim).overlaps(r.interval)], \
        lambda r: f"{claim.value} is {_digits_beyond(r, claim)} ({describe_reference(r, refs)}) cut off, not rounded"  # fmt: skip
    if claim.kind not in VERIFIABLE_KINDS:
        yield "sign", [r for r in same if claim.kind in SIGNED_KINDS and (-iv).overlaps(r.interval)], \
            lambda r: f"{claim.value} with its sign flipped is the official {_amount(r)}"  # fmt: skip
        yield "different-source", [official] if _other_source(claim, official) else [], \
            lambda r: f"{claim.source} cites {claim.lineage}: its {claim.kind} follows that source's figures, not {r.lineage}'s ({_amount(r)})"  # fmt: skip
        return
    yield "wrong-metric", [r for m in _related_metrics(claim.metric) for r in _key(refs, claim.subject, m, claim.period, iv) if iv.overlaps(r.interval)], \
        lambda r: f"{claim.value} is {r.subject_name}'s {r.metric.replace('_', ' ')} ({_amount(r)}), not its {claim.metric.replace('_', ' ')}"  # fmt: skip
    yield "sign", [r for r in same if (-iv).overlaps(r.interval)], \
        lambda r: f"{claim.value} with its sign flipped is the official {_amount(r)}"  # fmt: skip
    yield "scale-slip", [r for k in (1e3, 1e-3) for r in same if claim.unit == "USD" and iv.scale(k).overlaps(r.interval)], \
        lambda r: f"{claim.value} {claim.scale} is the official {_amount(r)} at another scale"  # fmt: skip
    yield "different-source", [official] if _other_source(claim, official) else [], \
        lambda r: f"{claim.source} cites {claim.lineage}; the official figure is {r.lineage}'s ({_amount(r)})"  # fmt: skip
    precise = _precise(claim)
    yield "wrong-period", [r for p in _nearby_periods(claim.period) for r in _key(refs, claim.subject, claim.metric, p, iv) if precise and iv.overlaps(r.interval)], \
        lambda r: f"{claim.value} is the official figure for {r.period} ({_amount(r)}), not {claim.period}"  # fmt: skip
    yield "wrong-partner", _other_partners(claim, refs) if precise else [], \
        lambda r: f"{claim.value} is the official figure for {r.subject_name} ({_amount(r)}), not {claim.subject_name}"  # fmt: skip


# Census and BEA publish the US trade statistics together (the FT-900 release): one official source, two bases.
OFFICIAL_US = {"census", "bea"}


def _other_source(claim: Claim, official: Claim) -> bool:
    """The claim names a source of another method (OEC mirror data, the World Bank), not the official one."""
    if claim.lineage in ("unknown", official.lineage):
        return False
    return not (claim.lineage in OFFICIAL_US and official.lineage in OFFICIAL_US)


# Causes that name the official figure the claim matches instead (the others explain the gap without one).
MATCHED_INSTEAD = ("different-basis", "different-adjustment", "rounding", "wrong-metric", "sign", "scale-slip", "wrong-period", "wrong-partner")


def _precise(claim: Claim) -> bool:
    width, mid = claim.hi - claim.lo, abs(claim.lo + claim.hi) / 2
    return mid > 0 and width / mid <= 0.01


def _truncated(claim: Claim):
    """The values a figure stands for if its digits were cut off rather than rounded (-903 for -903.5)."""
    from reconcile.numbers import Interval

    half = (claim.hi - claim.lo) / 2
    toward_zero = claim.normalized
    away = toward_zero + (2 * half if toward_zero > 0 else -2 * half)
    return Interval(toward_zero, away) if half > 0 and claim.qualifier == "exact" else Interval(float("nan"), float("nan"))


def _key(refs, subject, metric, period, within=None) -> list[Claim]:
    """The official figures for a key; with ``within`` (an interval) only those that meet it, so no claim is made
    for a figure that is then filtered out (a contradicted claim looks up ~20 keys: ~90 figures at four vintages)."""
    if not (metric and period):
        return []
    return refs.claims_for(subject, metric, period) if within is None else refs.claims_within(subject, metric, period, within)


_FLOWS = ("exports", "imports", "balance")


def _related_metrics(metric: str | None) -> list[str]:
    """The metrics a figure is easily confused with: the other flows of its scope, the same flow of another scope."""
    if not metric or "_" not in metric:
        return []
    scope, _, flow = metric.rpartition("_")
    if flow not in _FLOWS:
        return []
    return [f"{scope}_{f}" for f in _FLOWS if f != flow] + [f"{s}_{flow}" for s in ("goods", "gs", "services") if s != scope]


def _nearby_periods(period: str | None) -> list[str]:
    """The year before and after a year; the months of a year; the year of a month."""
    if not period or not period[:4].isdigit():
        return []
    year = int(period[:4])
    if len(period) == 4:
        return [str(year - 1), str(year + 1), *(f"{year}-{m:02d}" for m in range(1, 13))]
    if len(period) == 7 and period[4] == "-":
        return [period[:4]]
    return []


def _other_partners(claim: Claim, refs) -> list[Claim]:
    """Official figures of the same metric and period for another partner that the claim's interval holds."""
    if not claim.metric or not claim.period or not len(refs):
        return []
    rows = refs.by_metric_period.rows((claim.metric, claim.period))
    value = refs.normalized[rows]
    hit = (refs.columns["subject"][rows] != claim.subject) & (value >= claim.lo) & (value <= claim.hi)
    return [refs.claim(int(i)) for i in rows[hit][:5]]


# --- consensus, when no official figure covers a claim ------------------------------------------------


@dataclass(frozen=True)
class Consensus:
    """What the other sources say of a figure no table covers, weighted by how often each was right."""

    verdict: str  # supported, disputed or thin
    lo: float  # the values the supporters and the claim all allow (their meet), in units
    hi: float
    supporters: tuple[str, ...]  # source ids whose figure agrees with the claim, once each
    against: tuple[str, ...]  # source ids whose figure cannot be the claim's
    support: float  # sum of the supporters' reliability
    opposition: float
    strength: str | None = None  # "agreed" or "disputed" when the other sources' weight is clear (twice the rest)

    def as_record(self) -> dict:
        from reconcile.claim import _plain  # JSON has no infinity: an open end is "inf"

        return {"verdict": self.verdict, "lo": _plain(self.lo), "hi": _plain(self.hi), "sources": list(self.supporters),
                "against": list(self.against), "support": round(self.support, 3), "opposition": round(self.opposition, 3)}  # fmt: skip


# How much one strong agreement among sources counts, against one check by an official table.
AGREEMENT_WEIGHT = 0.5
MAX_ROUNDS = 20


@dataclass(frozen=True)
class Reliability:
    """How often a source's figures held: checked by the official tables, or (weighing less) by strong agreement."""

    figures: int = 0
    checked: int = 0
    confirmed: int = 0
    contradicted: int = 0
    unverified: int = 0
    agreed: int = 0  # unverified figures the other sources clearly back
    disputed: int = 0  # unverified figures the other sources clearly reject

    @property
    def score(self) -> float:
        """Laplace's rule, (held + 1) / (tried + 2): a source with 1 of 1 confirmed is not yet as trusted as one
        with 50 of 50, and a source nothing has checked scores 0.5."""
        held = self.confirmed + AGREEMENT_WEIGHT * self.agreed
        tried = self.checked + AGREEMENT_WEIGHT * (self.agreed + self.disputed)
        return (held + 1) / (tried + 2)

    def as_record(self) -> dict:
        return {**dataclasses.asdict(self), "score": round(self.score, 3)}


def reliability_records(assessments: list[Assessment]) -> dict[str, Reliability]:
    tallies: dict[str, dict[str, int]] = {}
    weighed: set[tuple] = set()  # (source, figure): a source that states a figure twice is one voice
    for a in assessments:
        t = tallies.setdefault(a.claim.source, dict.fromkeys(Reliability.__dataclass_fields__, 0))
        t["figures"] += 1
        t[a.status] += 1
        t["checked"] += a.status != UNVERIFIED
        voice = (a.claim.source, _figure_key(a.claim))
        if a.consensus is not None and a.consensus.strength and voice not in weighed:
            weighed.add(voice)
            t[a.consensus.strength] += 1
    return {source: Reliability(**t) for source, t in tallies.items()}


def reliability(assessments: list[Assessment]) -> dict[str, float]:
    return {source: r.score for source, r in reliability_records(assessments).items()}


def converged_consensus(judged: list[Assessment]) -> list[Assessment]:
    """Truth discovery: trust from the official checks decides the consensus on the figures no table covers, the
    clear agreements and disagreements of that consensus adjust the trust, and so on until the trust settles
    (it moves by less than 0.001) or MAX_ROUNDS have run."""
    trust = reliability(judged)
    current = judged
    for _ in range(MAX_ROUNDS):
        current = with_consensus(judged, trust)
        updated = reliability(current)
        if all(abs(updated[s] - trust.get(s, 0.5)) < 1e-3 for s in updated):
            break
        trust = updated
    return current


def _figure_key(claim: Claim) -> tuple:
    # A share's total is part of what it states: shares of different totals are different figures.
    return (claim.kind, claim.subject, claim.metric, claim.period, claim.product, claim.share_of, claim.unit, claim.status)


def with_consensus(assessments: list[Assessment], trust: dict[str, float]) -> list[Assessment]:
    """Unverified value claims, judged by the other sources' figures for the same figure (each source once).
    Only unverified claims share a key with unverified claims (a table covers the key or it does not), so a
    contradicted figure never counts as support."""
    groups: dict[tuple, list[Assessment]] = {}
    for a in assessments:
        if a.status == UNVERIFIED and a.claim.kind in CONSENSUS_KINDS and a.claim.subject and a.claim.period:
            groups.setdefault(_figure_key(a.claim), []).append(a)
    judged = {}
    for group in groups.values():
        for a in group:
            judged[a.claim.id] = _judge_by_others(a, [o for o in group if o.claim.source != a.claim.source], trust)
    return [judged.get(a.claim.id, a) for a in assessments]


def _judge_by_others(a: Assessment, others: list[Assessment], trust: dict[str, float]) -> Assessment:
    by_source: dict[str, list[Claim]] = {}
    for o in others:
        by_source.setdefault(o.claim.source, []).append(o.claim)
    if not by_source:
        return a
    supporters, against, meet = [], [], a.claim.interval
    for source, claims in sorted(by_source.items()):
        agreeing = [c for c in claims if meet.overlaps(c.interval)]
        if agreeing:  # a source that states the figure twice counts once
            supporters.append(source)
            c = agreeing[0]
            meet = type(meet)(max(meet.lo, c.lo), min(meet.hi, c.hi))
        else:
            against.append(source)
    support, opposition = sum(trust.get(s, 0.5) for s in supporters), sum(trust.get(s, 0.5) for s in against)
    verdict = "supported" if supporters and support > opposition else "disputed" if against else "thin"
    cons = Consensus(verdict, meet.lo, meet.hi, tuple(supporters), tuple(against), support, opposition,
                     _strength(support, opposition, trust.get(a.claim.source, 0.5)))  # fmt: skip
    message = f"{a.message}; other sources: {_consensus_words(cons, trust)}"
    return dataclasses.replace(a, via="consensus", consensus=cons, message=message)


def _strength(support: float, opposition: float, own: float) -> str | None:
    """Clear agreement: the claim's side (its source and supporters) outweighs the rest twice over, with at least
    one other source; clear rejection: the other side outweighs it twice over."""
    if support and support + own >= 2 * opposition:
        return "agreed"
    if opposition and opposition >= 2 * (support + own):
        return "disputed"
    return None


def _consensus_words(cons: Consensus, trust: dict[str, float]) -> str:
    def named(sources):
        return ", ".join(f"{s} ({trust.get(s, 0.5):.2f})" for s in sources)

    if cons.verdict == "supported":
        return f"supported by {named(cons.supporters)}" + (f", against {named(cons.against)}" if cons.against else "")
    return f"disputed by {named(cons.against)}" + (f", supported by {named(cons.supporters)}" if cons.supporters else "")


# --- words -----------------------------------------------------------------------------------------


def describe_reference(ref: Claim, refs=None) -> str:
    """Which official figure: "U.S. Trade in Goods by Country, latest vintage (as of 2026-10-01), census basis"."""
    spec = refs.spec_by_id.get(ref.source) if refs is not None else None
    title = spec.title if spec else ref.source
    said = f"{title}, {ref.release or ref.vintage}, {ref.basis} basis" + (", seasonally adjusted" if ref.adjustment == "sa" else "")
    return f"{ref.provenance.formula} from {said}" if isinstance(ref.provenance, Derivation) else said


def _figure(claim: Claim) -> str:
    """ "crossdock's Germany goods_balance 2024 (-$35.4 billion)", "usimportdata's rank of Mexico by goods_balance
    2024 (#3)": the figure as its source published it."""
    from reconcile.rules._context import published

    subject = claim.subject_name or claim.subject or " + ".join(claim.parts)
    if claim.kind == "rank":
        what = f"rank of {subject} by {claim.metric or 'its ranking'} {claim.period or ''}".rstrip()
    else:
        kind = "" if claim.kind == "value" else f"{claim.kind} of "
        what = kind + " ".join(str(x) for x in (subject, claim.metric, claim.period) if x)
    return f"{claim.source}'s {what} ({published(claim)})"


def _digits_beyond(ref: Claim, claim: Claim) -> str:
    """The official figure in the claim's scale with two more decimals than the claim: "2.492" shows why "2.4"
    is it cut off, where "$2.5B" would hide it."""
    decimals = len(claim.value.partition(".")[2]) + 2
    return f"{ref.normalized / claim.factor:,.{decimals}f}"


def _amount(ref: Claim) -> str:
    return _money(ref.normalized, ref)


def _money(units: float, like: Claim) -> str:
    if like.unit == "percent":
        return f"{units:+.1f}%"
    if like.unit == "rank":
        return f"#{units:,.0f}"
    if like.unit == "count":
        return f"{units:,.0f}"
    if like.unit != "USD":
        return f"{units:,.4g}"
    sign = "-" if units < 0 else ""
    size = abs(units)
    for scale, name in ((1e9, "B"), (1e6, "M")):  # billions up to trillions: "-$1,200.9B" keeps the digits that differ
        if size >= scale:
            return f"{sign}${size / scale:,.1f}{name}"
    return f"{sign}${size:,.0f}"
