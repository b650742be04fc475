"""Precision/recall benchmark: synthetic claim sets with known errors, run through reconcile.

    .venv/bin/python benchmarks/precision_recall.py [--seed N] [--trials 3] [--runs 30] [--per-run 5]
        [--sources 6] [--countries 40] [--qualified 0.05] [--dump DIR] [-v]

For each trial a world of true figures is drawn and published by several
synthetic sources (benchmarks/synth.py). The clean set must give no finding:
any finding on it is a false positive — except one kind of info. Some sources
state World goods figures on the balance-of-payments basis (`basis: bop`) that
other sources state on the Census basis; the two differ by design, by a gap
inside RC201's expected band, and RC201 rightly reports such a pair as info with
cause different-basis. Such an expected-gap finding (info, different-basis) is
not a false positive, not a detection and not an unpredicted finding: it is
counted apart ("expected basis gaps") and left out of every other figure, so a
basis-gap-beyond-band injection is detected only when RC201 reports the gap at
its own severity. Every other finding counts, infos included. Then errors are injected — several
non-interacting ones per run, each with its ground truth recorded — and the
engine is run again (``reconcile.loader.load`` + ``reconcile.engine.run`` with
``Config()``, no documents, so RC1xx provenance rules do not run).

Which rule should catch an injected error is not guessed from its kind: an
oracle (synth.oracle) evaluates every documented relation on the injected set
with interval arithmetic; the relations the error breaks name the rules, and
an error that breaks none is "within rounding" and does not count for recall.
An error counts as detected by a rule when that rule reports a finding that
involves an injected claim.

Prints: per rule — injected (errors beyond rounding that break one of the
rule's relations), detected, recall, findings on the clean sets (false
positives), findings touching injected claims that the oracle did not predict,
and findings in injected runs touching no injected claim (collateral); the
same per error kind, with the injections drawing a finding the oracle did not
predict (unpredicted); then every miss and false positive in detail. With
--dump DIR, each miss is reduced to the claims of its broken relation, re-run,
and written there as a minimal reproduction when still missed.

A benchmark that prints figures, not a unit test: it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from synth import Claim, Source

from reconcile.config import Config
from reconcile.engine import run as run_engine
from reconcile.loader import load
from reconcile.model import Severity

RULES = ["RC201", "RC202", "RC203", "RC204", "RC205", "RC301", "RC302", "RC303", "RC304", "RC305", "RC306",
         "RC307", "RC308", "RC310", "RC401", "RC402", "RC403", "RC404", "RC405"]  # fmt: skip


# --- injections ----------------------------------------------------------------------------------


@dataclass
class Injection:
    kind: str
    changes: dict[str, Claim]  # id -> the claim as injected
    before: dict[str, Claim]
    tokens: set
    note: str
    # filled after the run
    expected: set = field(default_factory=set)  # rules whose relations it breaks (oracle)
    violations: list = field(default_factory=list)
    found: dict = field(default_factory=dict)  # code -> [messages] of findings touching it
    trial: int = -1
    run: int = -1

    @property
    def ids(self) -> set[str]:
        return set(self.changes)

    @property
    def exceeds(self) -> bool:
        return bool(self.expected)


class Pool:
    """Indexes of a clean claim set, for choosing injection targets."""

    def __init__(self, sources: list[Source]):
        self.sources = sources
        self.claims = synth.all_claims(sources)
        self.rankings = {r.id: r for r in synth.all_rankings(sources)}
        self.by_id = {c.id: c for c in self.claims}
        self.values = [c for c in self.claims if c.kind == "value"]
        self.fig = defaultdict(list)
        self.side = defaultdict(list)  # (source, subject, period, metric)
        self.series = defaultdict(list)  # (source, subject, metric)
        for c in self.values:
            self.fig[(c.subject, c.metric, c.period)].append(c)
            self.side[(c.source, c.subject, c.period, c.metric)].append(c)
            self.series[(c.source, c.subject, c.metric)].append(c)
        self.years = sorted({int(c.period) for c in self.values if c.period.isdigit()})
        self.by_kind = defaultdict(list)
        self.relational = defaultdict(list)  # synth.relational_key -> the claims stating that relational figure
        for c in self.claims:
            self.by_kind[c.kind].append(c)
            key = synth.relational_key(c, self.rankings)
            if key is not None:
                self.relational[key].append(c)

    def told_elsewhere(self, c: Claim) -> bool:
        """Another source states the same relational figure (growth, rank...) as c."""
        key = synth.relational_key(c, self.rankings)
        return any(x.source != c.source for x in self.relational.get(key, ()))

    def tokens(self, c: Claim, period: str | None = None) -> set:
        if c.kind == "value":
            t = {("ent", c.subject), ("pool", c.metric, c.period)}
            if period:
                t.add(("pool", c.metric, period))
            return t
        if c.kind in ("rank", "count", "bound"):
            r = self.rankings[c.ranking]
            t = {("ranking", c.ranking), ("pool", r.metric, r.period)}
            return t | ({("ent", c.subject)} if c.subject else set())
        if c.kind == "total":
            return {("ent", p) for p in c.parts} | {("pool", c.metric, c.period)}
        if c.kind == "share":  # its part's levels, its total's (the metric's pool), the other shares of that total (RC308)
            return {("ent", p) for p in (c.parts or (c.subject,))} | {("pool", c.metric, c.period), ("shares", c.metric, c.period)}
        return {("ent", c.subject)}

    def level(self, subject, metric, period, source) -> synth.Iv | None:
        cs = self.fig.get((subject, metric, period))
        if not cs:
            return None
        own = [c for c in cs if c.source == source] or cs
        ivs = [synth.interval(c) for c in own]
        return synth._meet(ivs) or synth._hull(ivs)


def _scaled(literal: str, factor: float) -> str:
    d = Decimal(literal)
    dec = max(0, -d.as_tuple().exponent)
    return synth._fmt(float(d) * factor, dec)


def _perturb(rng, literal: str, lo: float, hi: float) -> str | None:
    for _ in range(20):
        f = 1 + rng.choice([-1, 1]) * rng.uniform(lo, hi)
        new = _scaled(literal, f)
        if new != literal and Decimal(new) != 0:
            return new
    return None


def _value_change(kind, pool, rng, candidates, lo, hi):
    if not candidates:
        return None
    c = rng.choice(candidates)
    new = _perturb(rng, c.literal, lo, hi)
    if new is None:
        return None
    return Injection(kind, {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {c.literal} -> {new}")


def inj_wrong_value(pool, rng):
    restated = [c for c in pool.values if len({x.source for x in pool.fig[(c.subject, c.metric, c.period)]}) > 1]
    return _value_change("wrong_value", pool, rng, restated or pool.values, 0.05, 0.5)


def inj_sign_flip(pool, rng):
    c = rng.choice([c for c in pool.values if c.metric.endswith("balance")])
    new = c.literal[1:] if c.literal.startswith("-") else "-" + c.literal
    return Injection("sign_flip", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {c.literal} -> {new}")


def inj_scale_slip(pool, rng):
    c = rng.choice(pool.values)
    new = format(Decimal(c.literal) * 1000, "f")
    return Injection("scale_slip", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c),
                     f"{c.id}: {c.literal} {c.scale} -> {new} {c.scale}")  # fmt: skip


def inj_transposed_digits(pool, rng):
    for _ in range(50):
        c = rng.choice(pool.values)
        lit = c.literal
        spots = [i for i in range(len(lit) - 1) if lit[i].isdigit() and lit[i + 1].isdigit() and lit[i] != lit[i + 1]]
        spots = [i for i in spots if not (lit[i + 1] == "0" and (i == 0 or not lit[i - 1].isdigit()))]  # no leading zero
        if not spots:
            continue
        i = rng.choice(spots)
        new = lit[:i] + lit[i + 1] + lit[i] + lit[i + 2 :]
        return Injection("transposed_digits", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {lit} -> {new}")
    return None


def inj_wrong_period(pool, rng):
    c = rng.choice(pool.values)
    if not c.period.isdigit():  # a month: another month of the year
        others = [f"{c.period[:4]}-{m:02d}" for m in range(1, 13) if f"{c.period[:4]}-{m:02d}" != c.period]
    else:
        others = [str(y) for y in pool.years if str(y) != c.period]
    new = rng.choice(others)
    return Injection("wrong_period", {c.id: replace(c, period=new)}, {c.id: c}, pool.tokens(c, new),
                     f"{c.id}: period {c.period} -> {new} (value {c.literal} kept)")  # fmt: skip


def inj_broken_sum(pool, rng):
    return _value_change("broken_sum", pool, rng, pool.by_kind["total"], 0.03, 0.3)


def inj_wrong_rank(pool, rng):
    for _ in range(50):
        rid = rng.choice([k for k, r in pool.rankings.items() if r.over == "subjects"])
        r = pool.rankings[rid]
        items = [c for c in pool.by_kind["rank"] if c.ranking == rid]
        a, b = rng.sample(items, 2)
        la, lb = pool.level(a.subject, r.metric, r.period, a.source), pool.level(b.subject, r.metric, r.period, b.source)
        if la is None or lb is None or la.overlaps(lb):
            continue  # only positions whose values differ clearly
        ch = {a.id: replace(a, literal=b.literal), b.id: replace(b, literal=a.literal)}
        return Injection("wrong_rank", ch, {a.id: a, b.id: b}, pool.tokens(a) | pool.tokens(b),
                         f"{rid}: {a.subject} #{a.literal} <-> {b.subject} #{b.literal}")  # fmt: skip
    return None


def inj_repeated_series_value(pool, rng):
    series = [cs for cs in pool.series.values() if len({c.period for c in cs}) >= 3]
    for _ in range(50):
        cs = rng.choice(series)
        donors = [c for c in cs if synth._digits(c.literal) >= 3] or cs
        donor = rng.choice(donors)
        targets = [c for c in cs if c.period != donor.period and c.literal != donor.literal]
        if not targets:
            continue
        t = rng.choice(targets)
        new = replace(t, literal=donor.literal, scale=donor.scale, perspective=donor.perspective, qualifier=donor.qualifier)
        return Injection("repeated_series_value", {t.id: new}, {t.id: t}, pool.tokens(t),
                         f"{t.id}: {t.literal} {t.scale} ({t.period}) -> {donor.literal} {donor.scale} copied from {donor.period}")  # fmt: skip
    return None


def inj_wrong_growth(pool, rng):
    c = rng.choice(pool.by_kind["growth"])
    d = Decimal(c.literal)
    dec = max(0, -d.as_tuple().exponent)
    new = synth._fmt(float(d) + rng.choice([-1, 1]) * rng.uniform(2, 15), dec)
    return Injection("wrong_growth", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {c.literal}% -> {new}%")


def inj_broken_balance(pool, rng):
    cands = [c for c in pool.values if c.metric.endswith("balance")
             and pool.side.get((c.source, c.subject, c.period, c.metric.replace("balance", "exports")))
             and pool.side.get((c.source, c.subject, c.period, c.metric.replace("balance", "imports")))]  # fmt: skip
    return _value_change("broken_balance", pool, rng, cands, 0.05, 0.4)


def inj_broken_component_sum(pool, rng):
    cands = [c for c in pool.values if c.metric.startswith("gs_")
             and pool.side.get((c.source, c.subject, c.period, c.metric.replace("gs_", "goods_")))
             and pool.side.get((c.source, c.subject, c.period, c.metric.replace("gs_", "services_")))]  # fmt: skip
    return _value_change("broken_component_sum", pool, rng, cands, 0.05, 0.4)


def inj_wrong_count(pool, rng):
    c = rng.choice(pool.by_kind["count"])
    n = int(c.literal)
    new = str(max(1, n + rng.choice([-3, -2, -1, 1, 2, 3])))
    if new == c.literal:
        new = str(n + 1)
    return Injection("wrong_count", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {c.literal} -> {new}")


def inj_wrong_average(pool, rng):
    return _value_change("wrong_average", pool, rng, pool.by_kind["average"], 0.15, 0.5)


def inj_wrong_change(pool, rng):
    return _value_change("wrong_change", pool, rng, pool.by_kind["change"], 0.3, 1.0)


def inj_broken_bound(pool, rng):
    if not pool.by_kind["bound"]:
        return None
    c = rng.choice(pool.by_kind["bound"])
    r = pool.rankings[c.ranking]
    items = [x for x in pool.by_kind["rank"] if x.ranking == c.ranking]
    levels = [pool.level(x.subject, r.metric, r.period, c.source) for x in items]
    smallest = min(min(abs(lv.lo), abs(lv.hi)) for lv in levels if lv is not None)
    k = math.ceil(smallest / 1e9 * rng.uniform(1.1, 1.6))
    new = f"-{k}" if c.literal.startswith("-") else str(k)
    return Injection("broken_bound", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: at least {c.literal} -> {new}")


def inj_wrong_record(pool, rng):
    records = [c for c in pool.by_kind["rank"] if c.role == "record"]
    if not records:
        return None
    c = rng.choice(records)
    if c.literal != "1":
        new = replace(c, literal="1")
        note = f"{c.id}: {c.period} ranked #{c.literal} -> claimed a record (#1)"
    else:
        years = sorted({x.period for x in pool.series[(c.source, c.subject, c.metric)] if x.period.isdigit()} - {c.period})
        if not years:
            return None
        y = rng.choice(years)
        new = replace(c, period=y)
        note = f"{c.id}: the record year {c.period} -> {y}"
    return Injection("wrong_record", {c.id: new}, {c.id: c}, pool.tokens(c), note)


def inj_same_document_conflict(pool, rng):
    cands = [c for g in pool.side.values() if len(g) > 1 for c in g]
    return _value_change("same_document_conflict", pool, rng, cands, 0.05, 0.3)


def inj_cross_source_identity(pool, rng):
    """A partner's exports changed in one source where other sources give the balance and someone the imports.
    Preferred: no other source states those exports and the source does not state the balance, so that only
    the identity across sources shows it."""
    def stated(c, flow, elsewhere=False):
        return any(not elsewhere or x.source != c.source for x in pool.fig[(c.subject, c.metric.replace("exports", flow), c.period)])

    def alone(c):
        own_balance = pool.side.get((c.source, c.subject, c.period, c.metric.replace("exports", "balance")))
        return not stated(c, "exports", elsewhere=True) and not own_balance

    cands = [c for c in pool.values if c.metric.endswith("_exports") and stated(c, "balance", elsewhere=True)]
    with_imports = [c for c in cands if stated(c, "imports")]
    tiers = [[c for c in with_imports if alone(c)], with_imports, cands]
    return _value_change("cross-source-identity", pool, rng, next((t for t in tiers if t), []), 0.05, 0.4)


def inj_conflicting_growth(pool, rng):
    """One source's growth rate moved by 1.5 to 10 points where another source states the same growth."""
    cands = [c for c in pool.by_kind["growth"] if pool.told_elsewhere(c)]
    if not cands:
        return None
    c = rng.choice(cands)
    d = Decimal(c.literal)
    new = synth._fmt(float(d) + rng.choice([-1, 1]) * rng.uniform(1.5, 10), max(0, -d.as_tuple().exponent))
    return Injection("conflicting-growth", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {c.literal}% -> {new}%")


def inj_conflicting_rank(pool, rng):
    """One source's rank of a partner moved by one to three places where another source ranks the partner in a
    ranking of the same metric, period, order and population."""
    cands = [c for c in pool.by_kind["rank"] if c.role != "record" and pool.told_elsewhere(c)]
    if not cands:
        return None
    c = rng.choice(cands)
    n = int(c.literal)
    new = str(max(1, n + rng.choice([-3, -2, -1, 1, 2, 3])))
    new = new if new != c.literal else str(n + 1)
    return Injection("conflicting-rank", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c),
                     f"{c.ranking}: {c.subject} #{c.literal} -> #{new}")  # fmt: skip


def _checkable_share(pool, c) -> bool:
    """A share some relation can check: its part and total are stated somewhere (RC307), it is a group's share
    or a share of a group's member (RC308), or another source states it too (RC201)."""
    levels = all(pool.fig.get((p, c.metric, c.period)) for p in (*(c.parts or (c.subject,)), c.of_subject))
    same_total = [x for x in pool.by_kind["share"] if (x.of_subject, x.metric, x.period) == (c.of_subject, c.metric, c.period)]
    grouped = any(x.parts and (c.parts or c.subject in x.parts) for x in same_total if x is not c)
    elsewhere = any(x.source != c.source and (x.subject, x.parts) == (c.subject, c.parts) for x in same_total)
    return levels or grouped or elsewhere


def inj_broken_share(pool, rng):
    """A share moved by 10-40 % of itself, one point at least, its decimals kept ("17.5%" -> "21.3%"); a share some
    relation can check preferred."""
    shares = pool.by_kind["share"]
    cands = [c for c in shares if _checkable_share(pool, c)] or shares
    if not cands:
        return None
    c = rng.choice(cands)
    d = Decimal(c.literal)
    step = max(1.0, float(d) * rng.uniform(0.1, 0.4))
    moved = float(d) + step if rng.random() < 0.5 or float(d) - step <= 0 else float(d) - step
    new = synth._fmt(min(moved, 99.0), max(0, -d.as_tuple().exponent))
    if new == c.literal:
        return None
    return Injection("broken-share", {c.id: replace(c, literal=new)}, {c.id: c}, pool.tokens(c), f"{c.id}: {c.literal}% -> {new}%")


def inj_basis_gap_beyond_band(pool, rng):
    """A BOP-basis figure moved by 5-20 % where the same figure is stated on the Census basis, so that the gap
    exceeds the band Census vs BOP figures usually differ by (expected-gaps): RC201's when another source states the
    Census figure and the document gives the figure on the BOP basis alone, RC202's when the document gives both."""
    cands = [c for c in pool.values if c.compiled_as == "bop"
             and any(x.compiled_as == "census" for x in pool.fig[(c.subject, c.metric, c.period)])]  # fmt: skip
    return _value_change("basis-gap-beyond-band", pool, rng, cands, 0.05, 0.2)


# An injection kind is one function here and, when no relation of synth.oracle breaks under it yet, one relation
# in synth.RELATIONS naming the rule that should catch it.
INJECTORS = {
    "wrong_value": inj_wrong_value, "sign_flip": inj_sign_flip, "scale_slip": inj_scale_slip,
    "transposed_digits": inj_transposed_digits, "wrong_period": inj_wrong_period, "broken_sum": inj_broken_sum,
    "wrong_rank": inj_wrong_rank, "repeated_series_value": inj_repeated_series_value, "wrong_growth": inj_wrong_growth,
    "broken_balance": inj_broken_balance, "broken_component_sum": inj_broken_component_sum,
    "wrong_count": inj_wrong_count, "wrong_average": inj_wrong_average, "wrong_change": inj_wrong_change,
    "broken_bound": inj_broken_bound, "wrong_record": inj_wrong_record, "same_document_conflict": inj_same_document_conflict,
    "cross-source-identity": inj_cross_source_identity, "conflicting-growth": inj_conflicting_growth,
    "conflicting-rank": inj_conflicting_rank, "broken-share": inj_broken_share,
    "basis-gap-beyond-band": inj_basis_gap_beyond_band,
}  # fmt: skip


def choose(pool: Pool, rng: random.Random, kinds: list[str], k: int) -> list[Injection]:
    """Up to k injections whose claims share no relation (disjoint tokens)."""
    used: set = set()
    out = []
    for kind in kinds:
        if len(out) >= k:
            break
        for _ in range(30):
            inj = INJECTORS[kind](pool, rng)
            if inj is None:
                continue
            if inj.tokens & used:
                continue
            used |= inj.tokens
            out.append(inj)
            break
    return out


# --- running --------------------------------------------------------------------------------


def expected_gap(f) -> bool:
    """RC201's info on two figures compiled on two bases whose gap is inside their band: correct, not a finding
    against the data (see the module docstring)."""
    return f.severity == Severity.INFO and f.cause is not None and f.cause.label == "different-basis"


def engine_findings(sources: list[Source], folder: Path, expected_gaps: Counter | None = None):
    """The findings on the claim set, without expected basis gaps (counted in `expected_gaps` when given)."""
    synth.write_sources(sources, folder)
    corpus = load([str(folder)])
    if not corpus.ok:
        for p in corpus.problems[:20]:
            print("  LOAD PROBLEM:", p, file=sys.stderr)
        raise SystemExit("the synthetic claim set does not load: a generator bug")
    findings = run_engine(corpus, Config()).findings
    if expected_gaps is not None:
        expected_gaps["findings"] += sum(1 for f in findings if expected_gap(f))
    return [f for f in findings if not expected_gap(f)]


def apply(sources: list[Source], changes: dict[str, Claim]) -> list[Source]:
    return [Source(s.id, [changes.get(c.id, c) for c in s.claims], s.rankings) for s in sources]


def minimal_repro(sources, inj: Injection, codes: set[str], folder: Path) -> str | None:
    """The injected claims plus the claims of the relations they break; YAML text when the engine still misses."""
    keep = set(inj.ids)
    for code, ids in inj.violations:
        if code in codes:
            keep |= set(ids)
    injected = apply(sources, inj.changes)
    rankings_needed = {c.ranking for s in injected for c in s.claims if c.id in keep and c.ranking}
    small = []
    for s in injected:
        cs = [c for c in s.claims if c.id in keep or (c.ranking in rankings_needed and c.kind == "rank")]
        rs = [r for r in s.rankings if r.id in rankings_needed]
        if cs:
            small.append(Source(s.id, cs, rs))
    findings = engine_findings(small, folder)
    hit = {f.code for f in findings if set(f.claims) & inj.ids}
    if hit & codes:
        return None
    return "\n".join(f"# --- {s.id}.yaml\n{synth.source_yaml(s)}" for s in small)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=20250611)
    ap.add_argument("--trials", type=int, default=3, help="independent worlds (default 3)")
    ap.add_argument("--runs", type=int, default=30, help="injected runs per world (default 30)")
    ap.add_argument("--per-run", type=int, default=5, help="non-interacting injections per run (default 5; 1 = one at a time)")
    ap.add_argument("--sources", type=int, default=6, help="sources per world (default 6)")
    ap.add_argument("--countries", type=int, default=40, help="real countries per world (default 40)")
    ap.add_argument("--qualified", type=float, default=0.05, help="share of plain figures published as over/about/nearly (default 0.05)")
    ap.add_argument("--dump", metavar="DIR", help="write a minimal reproduction of each miss here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every injection")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    rng = random.Random(args.seed)
    kinds = list(INJECTORS)
    clean_fp: Counter = Counter()
    clean_gaps: Counter = Counter()  # expected basis gaps (info) on the clean sets: not false positives
    clean_details: list[str] = []
    oracle_clean_problems: list = []
    injections: list[Injection] = []
    collateral: Counter = Counter()
    collateral_details: list[str] = []
    n_claims = 0
    miss_repros = []
    with tempfile.TemporaryDirectory(prefix="reconcile-pr-") as tmp:
        tmp = Path(tmp)
        for trial in range(args.trials):
            world = synth.make_world(rng, args.countries)
            sources = synth.make_sources(world, rng, args.sources, prefix=f"t{trial}s", qualified=args.qualified)
            pool = Pool(sources)
            n_claims += len(pool.claims)
            bad = synth.oracle(pool.claims, list(pool.rankings.values()))
            oracle_clean_problems += bad
            findings = engine_findings(sources, tmp / f"t{trial}-clean", clean_gaps)
            for f in findings:
                clean_fp[f.code] += 1
                clean_details.append(f"trial {trial}: {f.code} {f.message} [claims: {', '.join(f.claims[:6])}]")
            for r in range(args.runs):
                order = kinds[:]
                rng.shuffle(order)
                k = 1 if r < args.runs // 10 else args.per_run
                chosen = choose(pool, rng, order, k)
                changes = {i: c for inj in chosen for i, c in inj.changes.items()}
                injected = apply(sources, changes)
                folder = tmp / f"t{trial}-r{r}"
                findings = engine_findings(injected, folder)
                claims = synth.all_claims(injected)
                violations = synth.oracle(claims, list(pool.rankings.values()))
                all_ids = set(changes)
                for inj in chosen:
                    inj.violations = [(code, ids) for code, ids in violations if ids & inj.ids]
                    inj.expected = {code for code, _ in inj.violations}
                    for f in findings:
                        if set(f.claims) & inj.ids:
                            inj.found.setdefault(f.code, []).append(f.message)
                    inj.trial, inj.run = trial, r
                for f in findings:
                    if not set(f.claims) & all_ids:
                        collateral[f.code] += 1
                        collateral_details.append(f"trial {trial} run {r}: {f.code} {f.message}")
                for inj in chosen:
                    missed = inj.expected - set(inj.found)
                    if inj.exceeds and missed and args.dump:
                        text = minimal_repro(sources, inj, missed, tmp / f"t{trial}-r{r}-min-{len(miss_repros)}")
                        if text:
                            miss_repros.append((inj, text))
                injections += chosen
                if args.verbose:
                    for inj in chosen:
                        print(f"t{trial} r{r} {inj.kind:24} expected={sorted(inj.expected)} found={sorted(inj.found)} {inj.note}")
    elapsed = time.perf_counter() - t0

    # --- tables
    print(f"precision/recall benchmark: seed {args.seed}, {args.trials} world(s) x {args.sources} sources x "
          f"{args.countries} countries, {n_claims / max(args.trials, 1):.0f} claims per clean set; "
          f"{args.runs} injected runs per world, up to {args.per_run} non-interacting injections per run; {elapsed:.1f} s")  # fmt: skip
    print()
    exceeding = [i for i in injections if i.exceeds]
    print(f"{'rule':6} {'injected':>8} {'detected':>8} {'recall':>7} {'FP clean':>8} {'unpredicted':>11} {'collateral':>10}")
    unpredicted = Counter()
    for inj in injections:
        for code in set(inj.found) - inj.expected:
            unpredicted[code] += 1
    for code in RULES:
        inj_n = sum(1 for i in injections if code in i.expected)
        det_n = sum(1 for i in injections if code in i.expected and code in i.found)
        rec = f"{100 * det_n / inj_n:.1f}%" if inj_n else "—"
        print(f"{code:6} {inj_n:8} {det_n:8} {rec:>7} {clean_fp[code]:8} {unpredicted[code]:11} {collateral[code]:10}")
    detected_any = [i for i in exceeding if set(i.found) & i.expected]
    detected_loose = [i for i in exceeding if i.found]
    print()
    print(f"injected errors: {len(injections)}; beyond rounding: {len(exceeding)}; within rounding (no relation broken): {len(injections) - len(exceeding)}")
    print(f"overall recall (caught by a rule whose relation it breaks): {len(detected_any)}/{len(exceeding)} = "
          f"{100 * len(detected_any) / max(len(exceeding), 1):.2f}%")  # fmt: skip
    print(f"overall recall (any finding on the injected claim):          {len(detected_loose)}/{len(exceeding)} = "
          f"{100 * len(detected_loose) / max(len(exceeding), 1):.2f}%")  # fmt: skip
    print(f"false positives on clean data: {sum(clean_fp.values())} finding(s) over {args.trials} clean set(s)")
    print(f"expected basis gaps on clean data (RC201 info, different-basis; not false positives): {clean_gaps['findings']}")
    if oracle_clean_problems:
        print(f"WARNING: the oracle finds {len(oracle_clean_problems)} broken relation(s) in the clean sets: generator bug")

    print()
    # unpredicted: injections of the kind with a finding from a rule whose relation the error does not break
    print(f"{'error kind':24} {'injected':>8} {'beyond':>7} {'detected':>8} {'recall':>7} {'unpredicted':>11}  rules that should catch it (times)")
    for kind in kinds:
        mine = [i for i in injections if i.kind == kind]
        ex = [i for i in mine if i.exceeds]
        det = [i for i in ex if set(i.found) & i.expected]
        extra = sum(1 for i in mine if set(i.found) - i.expected)
        rules = Counter(code for i in ex for code in i.expected)
        rec = f"{100 * len(det) / len(ex):.1f}%" if ex else "—"
        print(f"{kind:24} {len(mine):8} {len(ex):7} {len(det):8} {rec:>7} {extra:11}  {', '.join(f'{c} {n}' for c, n in sorted(rules.items()))}")

    misses = [i for i in exceeding if i.expected - set(i.found)]
    if misses:
        print(f"\nMISSES: {len(misses)} injection(s) where a rule whose relation is broken did not report it")
        for i in misses:
            print(f"  [{i.kind}] t{i.trial} r{i.run}: {i.note}")
            print(f"      expected {sorted(i.expected)}, found {sorted(i.found)}; missed {sorted(i.expected - set(i.found))}")
            for code, ids in i.violations:
                if code in i.expected - set(i.found):
                    print(f"      broken {code} relation over: {', '.join(sorted(ids))}")
    if clean_details:
        print(f"\nFALSE POSITIVES on clean data ({len(clean_details)}):")
        for d in clean_details:
            print("  " + d)
    if collateral_details:
        print(f"\nCOLLATERAL findings in injected runs touching no injected claim ({len(collateral_details)}):")
        for d in collateral_details[:30]:
            print("  " + d)
    if any(unpredicted.values()):
        print("\nUNPREDICTED findings (touch an injected claim; the oracle expected no such rule):")
        for i in injections:
            extra = set(i.found) - i.expected
            if extra:
                print(f"  [{i.kind}] {i.note}: {', '.join(f'{c}: {i.found[c][0]}' for c in sorted(extra))}")
    if oracle_clean_problems:
        print("\nORACLE on clean data (generator bug):")
        for code, ids in oracle_clean_problems[:20]:
            print(f"  {code}: {', '.join(sorted(ids))}")
    if args.dump and miss_repros:
        out = Path(args.dump)
        out.mkdir(parents=True, exist_ok=True)
        for n, (inj, text) in enumerate(miss_repros):
            p = out / f"miss-{n:03d}-{inj.kind}.yaml.txt"
            p.write_text(f"# {inj.kind}: {inj.note}\n# expected {sorted(inj.expected)}, found {sorted(inj.found)}\n{text}", encoding="utf-8")
        print(f"\n{len(miss_repros)} minimal reproduction(s) written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
