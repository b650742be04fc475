"""a figure breaks an identity that the other sources' (or the official) figures for its terms give.

What it does
    Evaluates balance = exports − imports and goods and services = goods +
    services across documents: for each figure (partner, period, product
    scope), the best evidence for every term is taken — the official figure
    when a reference table states it, else the figure the sources stating
    that term agree on (their intervals' meet) — and the identity is checked
    with interval arithmetic, so rounding never raises it. When it fails, the
    finding is reported against the term with the weakest evidence (fewest
    sources agreeing; then the least reliable source, by the verdicts), with
    the other terms' figures and sources named. A term whose sources
    disagree among themselves is RC201's business and is not used; figures
    of one source alone are RC301/RC302's; figures of other lineages (OEC
    mirror data) are combined only with figures of the same lineage.

Why is this bad?
    One article gives exports and imports, another the balance: each looks
    fine alone, and only together do they show that one figure is wrong.

Example
    PASS: source A: exports to Peru $11.2B, imports $9.4B; sources B and C: balance $+1.9B
          (A's flows give $+1.8B, within rounding).
    FAIL: source A: exports $10.2B, imports $9.4B; B and C: balance $+1.9B — A's exports
          are reported: the balance and imports imply exports of $11.3B.

Use instead
    Check the reported figure's transcription, then its definition (goods or
    goods and services, general or consumption imports, the period). If the
    document is wrong, quote the figure the identity implies — preferably
    the official one — and accept the finding in the baseline with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconcile.causes import identity_cause
from reconcile.numbers import Interval, human_interval
from reconcile.rules import rc301_balance_identity, rc302_component_sum
from reconcile.rules._context import figure_name, finding, published

CODE = "RC310"
NAME = "cross-source-identity"
DEFAULT_SEVERITY = "warning"
OPTIONS = {}
CHECKS = "value claims"

IDENTITIES = [
    *((t, terms, "balance = exports − imports") for t, terms in rc301_balance_identity.IDENTITIES),
    *((t, terms, "goods and services = goods + services") for t, terms in rc302_component_sum.IDENTITIES),
]
OFFICIAL_LINEAGES = ("census", "bea", "unknown")  # figures that may be combined with the official tables'
OFFICIAL_SUPPORT = 1_000  # an official figure outweighs any number of documents


@dataclass(frozen=True)
class Evidence:
    """The best figure for one term: its interval, the claims agreeing on it, the official figure if any."""

    metric: str
    interval: Interval
    claims: tuple
    official: object = None
    support: int = 0  # distinct sources agreeing (OFFICIAL_SUPPORT for an official figure)

    def said(self) -> str:
        if self.official is not None:
            return f"{self.metric.replace('_', ' ')} {published(self.official)} (official)"
        sources = ", ".join(sorted({c.source for c in self.claims}))
        return f"{self.metric.replace('_', ' ')} {published(self.claims[0])} ({sources})"


def check(ctx, options):
    reliability = _reliability(ctx)
    for key, by_metric in sorted(_figures(ctx).items(), key=lambda kv: str(kv[0])):
        for target, terms, formula in IDENTITIES:
            coefficients = {target: 1.0, **{metric: -sign for sign, metric in terms}}
            if not any(by_metric.get(m) for m in coefficients):
                continue
            found = _broken(ctx, key, by_metric, coefficients, reliability)
            if found:
                yield _finding(found, coefficients, formula)


def _figures(ctx) -> dict[tuple, dict[str, list]]:
    """Value claims by figure (partner, period, product, status, lineage family), then by metric."""
    out: dict[tuple, dict[str, list]] = {}
    for c in ctx.values:
        if c.unit != "USD" or not c.subject or not c.period:
            continue
        family = "official" if c.lineage in OFFICIAL_LINEAGES else c.lineage
        out.setdefault((c.subject, c.period, c.product, c.status, family), {}).setdefault(c.metric, []).append(c)
    return out


def _broken(ctx, key, by_metric, coefficients, reliability):
    """(blamed evidence, the other terms' evidence, implied interval) when the identity cannot hold."""
    basis = _common_basis(ctx, key, coefficients)
    evidence = {m: _evidence(ctx, key, m, by_metric.get(m, []), basis) for m in coefficients}
    if any(e is None for e in evidence.values()):
        return None
    voices = {c.source for e in evidence.values() for c in e.claims} | {"official" for e in evidence.values() if e.official}
    if len(voices) < 2:  # one source alone: RC301/RC302
        return None
    residual = _combination(evidence, coefficients, skip=None)
    if residual.contains(0.0):
        return None
    suspects = [e for e in evidence.values() if e.official is None and e.claims]
    if not suspects:
        return None
    weakest = min(_weight(e, reliability) for e in suspects)
    tied = [e for e in suspects if _weight(e, reliability) == weakest]  # several: the evidence cannot tell which
    blamed = tied[0]
    others = [e for m, e in evidence.items() if m != blamed.metric]
    implied = _combination(evidence, coefficients, skip=blamed.metric).scale(-1 / coefficients[blamed.metric])
    return blamed, others, implied, tied[1:]


def _weight(e: Evidence, reliability: dict[str, float]) -> tuple:
    """How strongly a term's figure stands: sources agreeing on it, then its best source's reliability."""
    return (e.support, round(max(reliability.get(c.source, 0.5) for c in e.claims), 3))


def _combination(evidence, coefficients, skip) -> Interval:
    total = Interval(0.0, 0.0)
    for metric, coefficient in coefficients.items():
        if metric != skip:
            total = total + evidence[metric].interval.scale(coefficient)
    return total


def _common_basis(ctx, key, coefficients) -> str | None:
    """The basis every officially stated term has, Census first: an identity never mixes bases (Census-basis goods
    plus BOP services is not BOP goods and services)."""
    subject, period, product, status, family = key
    if ctx.references is None or family != "official" or product or status != "actual":
        return None
    if any(m.startswith(("services_", "gs_")) for m in coefficients):
        return "bop"  # services, and so goods and services, exist on the balance-of-payments basis alone
    bases = [{r.basis for r in ctx.references.claims_for(subject, m, period)} for m in coefficients]
    shared = set.intersection(*[b for b in bases if b]) if any(bases) else set()
    return "census" if "census" in shared else min(shared) if shared else None


def _evidence(ctx, key, metric, claims, basis) -> Evidence | None:
    subject, period, product, status, family = key
    official = _official(ctx, subject, metric, period, claims, basis) if basis else None
    if official is not None:
        agreeing = tuple(c for c in claims if c.interval.overlaps(official.interval))
        return Evidence(metric, official.interval, agreeing, official, OFFICIAL_SUPPORT)
    if not claims:
        return None
    meet = claims[0].interval
    for c in claims[1:]:
        if not meet.overlaps(c.interval):
            return None  # the sources disagree on this term: RC201 reports it, the identity cannot use it
        meet = Interval(max(meet.lo, c.lo), min(meet.hi, c.hi))
    return Evidence(metric, meet, tuple(claims), None, len({c.source for c in claims}))


def _official(ctx, subject, metric, period, claims, basis):
    """The latest official figure of the term on the identity's basis: for a month the seasonally adjusted one
    (what monthly releases headline), for a year the unadjusted one (what the months add up to)."""
    from reconcile.verdicts import latest

    candidates = [r for r in ctx.references.claims_for(subject, metric, period) if r.unit == "USD" and r.basis == basis]
    if not candidates:
        return None
    adjustment = "sa" if len(period) == 7 else "nsa"
    return latest(candidates, max(candidates, key=lambda r: (r.adjustment == adjustment, r.vintage or "")))


def _reliability(ctx) -> dict[str, float]:
    if not ctx.assessments:
        return {}
    from reconcile.verdicts import reliability

    return reliability(list(ctx.assessments.values()))


def _finding(found, coefficients, formula):
    blamed, others, implied, tied = found
    stated = blamed.claims[0]
    unit = stated.unit
    terms = " and ".join(e.said() for e in others)
    cause = identity_cause(implied, blamed.interval, formula, [e.said() for e in others], unit, published(stated))
    sources = ", ".join(sorted({c.source for c in blamed.claims}))
    alternatives = "".join(f"; or {e.said()} is off: the evidence weighs the same" for e in tied)
    return finding(
        CODE, NAME,
        f"{sources}: {figure_name(stated)} is {published(stated)}, but {terms} give {human_interval(implied, unit)} "
        f"({formula}){alternatives}.",
        [c.id for c in blamed.claims], cause, key=blamed.metric, context=[c.id for e in others for c in e.claims],
        implied=human_interval(implied, unit), terms={e.metric: e.said() for e in others},
    )  # fmt: skip
