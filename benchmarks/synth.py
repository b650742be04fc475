"""Synthetic claim sets for the benchmarks: a world of true values, sources that publish it, and an oracle.

A *world* holds the true annual trade figures of a set of real countries (and
``World``) with the United States. A *source* publishes part of the world the
way a trade article does — exports/imports/balance triples, a goods-and-services
breakdown, a ranked top-N list with its count, a combined total over named
parts, an average per month, a growth rate and an absolute change with both
levels, a multi-year series, a figure restated in another scale, a partner's
share of US exports or imports ("Canada took 17.5%") and a group's, the World
goods figures on the balance-of-payments basis next to the Census ones — every figure
rounded as publishers round (0–2 decimals, million/billion/trillion, trailing
zeros kept as written: ``63.0``). Sources restate each other's figures.

The *oracle* evaluates, independently of ``reconcile``, every relation the
documentation (docs/claim-format.md and the rule docstrings) says a rule
checks, with each figure taken as the interval of true values its literal
allows. On a clean set it must find nothing; on a set with injected errors the
relations it finds broken say which rules should fire, and an injected error
whose relations all still hold is "within rounding" (undetectable by design).

Used by precision_recall.py and scale.py; not part of the product.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pycountry

FACTOR = {"one": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
FLOWS = ("exports", "imports", "balance")
FAMILIES = ("goods", "services", "gs")
METRICS = tuple(f"{fam}_{flow}" for fam in FAMILIES for flow in FLOWS)
PARTNER_METRIC = {"goods_exports": "goods_imports", "goods_imports": "goods_exports",
                  "services_exports": "services_imports", "services_imports": "services_exports",
                  "gs_exports": "gs_imports", "gs_imports": "gs_exports"}  # fmt: skip
BOUND_QUALIFIERS = {"over", "at_least", "under", "at_most"}
ROUND_ZEROS_MAX = 0.05  # docs/claim-format.md: trailing zeros widen a figure by at most 5 % of it
PER_MONTHS = {"month": 1, "quarter": 3, "year": 12}
MAX_YEARLY_CHANGE = 0.25  # true series never move more than this in a year (RC203 allows 35 %)
MIN_SERIES_GAP = 0.025  # two years of one series differ by at least 2.5 % (no accidental repeats, RC204)
# How far the World goods figures on the balance-of-payments basis lie from the Census ones: inside RC201's
# default expected band for the pair ("census/bop" = [0.002, 0.025], `reconcile rule RC201`, measured on the
# official 2013-2025 figures), with room for rounding at both ends.
BOP_GAP = (0.004, 0.02)
BASIS_BAND = (0.002, 0.025)  # the band the oracle judges a Census vs BOP gap by (RC201's documented default)
SOURCE_LINEAGE = "census"  # every synthetic source declares `lineage: [census]`: its figures are Census-basis
LINEAGE_BASIS = {"census": "census", "bea": "bop"}  # a claim's lineage, when it names no basis


# --- the world ---------------------------------------------------------------------


@dataclass
class World:
    years: list[int]
    countries: list[str]  # alpha-3 ids
    names: dict[str, list[str]]  # id -> name variants that resolve to it
    truth: dict[tuple[str, str, int], float]  # (entity, metric, year) -> USD
    monthly: dict[tuple[str, str, str], float] = field(default_factory=dict)  # (entity, metric, "YYYY-MM") -> USD
    bop: dict[tuple[str, str, int], float] = field(default_factory=dict)  # World goods on the BOP basis -> USD

    def value(self, entity: str, metric: str, period, basis: str = "census") -> float:
        if basis == "bop":
            return self.bop[(entity, metric, int(period))]
        if isinstance(period, str) and "-" in period:
            return self.monthly[(entity, metric, period)]
        return self.truth[(entity, metric, int(period))]

    def rank_of_year(self, entity: str, metric: str, year: int, order: str) -> int:
        """1 = the record over the world's years (most negative first when ascending)."""
        vals = sorted((self.value(entity, metric, y) for y in self.years), reverse=(order == "descending"))
        return vals.index(self.value(entity, metric, year)) + 1


def _country_pool() -> list:
    return sorted((c for c in pycountry.countries if c.alpha_3 != "USA"), key=lambda c: c.alpha_3)


def _series(rng: random.Random, start: float, n: int, drift: float, noise: float) -> list[float]:
    out = [start]
    for _ in range(n - 1):
        out.append(out[-1] * (1 + drift + rng.uniform(-noise, noise)))
    return out


def _ok_series(values: list[float], window: int) -> bool:
    """One sign, no year moves more than MAX_YEARLY_CHANGE, and any two years within a window differ clearly."""
    if not (all(v > 0 for v in values) or all(v < 0 for v in values)):
        return False
    mags = [abs(v) for v in values]
    for a, b in zip(mags, mags[1:]):
        if abs(b / a - 1) > MAX_YEARLY_CHANGE:
            return False
    for i in range(len(mags)):
        for j in range(i + 1, min(len(mags), i + window)):
            if abs(mags[j] / mags[i] - 1) < MIN_SERIES_GAP:
                return False
    return True


def _entity_truth(rng: random.Random, years: list[int], size: float, deficit: bool, window: int) -> dict[str, list[float]]:
    """Nine consistent series (goods/services/gs x exports/imports/balance) for one partner."""
    n = len(years)
    for _ in range(10_000):
        ge0 = size * rng.uniform(0.6, 1.4)
        gb_ratio = -rng.uniform(0.15, 1.6) if deficit else rng.uniform(0.15, 0.5)
        ge = _series(rng, ge0, n, rng.choice([-1, 1]) * rng.uniform(0.03, 0.08), 0.015)
        gb = _series(rng, ge0 * gb_ratio, n, rng.choice([-1, 1]) * rng.uniform(0.03, 0.08), 0.015)
        gi = [e - b for e, b in zip(ge, gb)]
        se0 = size * rng.uniform(0.15, 0.45)
        sb_ratio = rng.choice([-1, 1]) * rng.uniform(0.15, 0.6)
        se = _series(rng, se0, n, rng.choice([-1, 1]) * rng.uniform(0.03, 0.08), 0.015)
        sb = _series(rng, se0 * sb_ratio, n, rng.choice([-1, 1]) * rng.uniform(0.03, 0.08), 0.015)
        si = [e - b for e, b in zip(se, sb)]
        out = {
            "goods_exports": ge, "goods_imports": gi, "goods_balance": gb,
            "services_exports": se, "services_imports": si, "services_balance": sb,
            "gs_exports": [a + b for a, b in zip(ge, se)], "gs_imports": [a + b for a, b in zip(gi, si)],
            "gs_balance": [a + b for a, b in zip(gb, sb)],
        }  # fmt: skip
        if all(_ok_series(v, window) for v in out.values()):
            return out
    raise RuntimeError("could not draw a consistent series")


def make_world(rng: random.Random, n_countries: int = 40, years: list[int] | None = None, window: int = 6) -> World:
    years = years or list(range(2019, 2025))
    pool = _country_pool()
    chosen = sorted(rng.sample(pool, min(n_countries, len(pool))), key=lambda c: c.alpha_3)
    names, truth, countries = {}, {}, []
    for c in chosen:
        variants = [c.name] + [getattr(c, a) for a in ("common_name", "official_name") if getattr(c, a, None)] + [c.alpha_3]
        names[c.alpha_3] = list(dict.fromkeys(variants))
        countries.append(c.alpha_3)
        size = math.exp(rng.uniform(math.log(2e9), math.log(250e9)))
        series = _entity_truth(rng, years, size, deficit=rng.random() < 0.75, window=window)
        for metric, values in series.items():
            for y, v in zip(years, values):
                truth[(c.alpha_3, metric, y)] = v
    names["WORLD"] = ["World"]
    series = _entity_truth(rng, years, 1.6e12, deficit=True, window=window)
    for metric, values in series.items():
        for y, v in zip(years, values):
            truth[("WORLD", metric, y)] = v
    # Monthly World goods balance: twelve months that add up to the year, each month clearly distinct.
    monthly = {}
    for y in years:
        grid = [0.84 + 0.031 * i for i in range(12)]
        rng.shuffle(grid)
        total = truth[("WORLD", "goods_balance", y)]
        for m, g in enumerate(grid, start=1):
            monthly[("WORLD", "goods_balance", f"{y}-{m:02d}")] = total * g / sum(grid)
    bop = _bop_goods(random.Random(f"bop:{','.join(countries)}:{years[0]}-{years[-1]}"), truth, years)
    return World(years, countries, names, truth, monthly, bop)


def _bop_goods(rng: random.Random, truth: dict, years: list[int]) -> dict:
    """The World goods exports, imports and balance on the balance-of-payments basis: each within BOP_GAP of the
    Census figure, and balance = exports - imports on that basis too (BEA's adjustments add to imports more than
    to exports, so the BOP deficit is the larger one, as -1,215.4 vs -1,200.9 bn in 2024). Its own random stream:
    the Census world is the same with or without it."""
    out = {}
    lo, hi = BOP_GAP
    for y in years:
        e, i, b = (truth[("WORLD", f"goods_{f}", y)] for f in FLOWS)
        for _ in range(10_000):
            gi, gb = rng.uniform(lo, hi * 0.6), rng.uniform(lo, hi)
            bop_i, bop_b = i * (1 + gi), b * (1 + gb)
            if lo <= abs((bop_b + bop_i) / e - 1) <= hi:
                break
        else:  # one factor for all three keeps the identity and the gap whatever the world's proportions
            g = rng.uniform(lo, hi)
            bop_i, bop_b = i * (1 + g), b * (1 + g)
        out.update({("WORLD", "goods_exports", y): bop_b + bop_i, ("WORLD", "goods_imports", y): bop_i,
                    ("WORLD", "goods_balance", y): bop_b})  # fmt: skip
    return out


# --- claims -----------------------------------------------------------------------------


@dataclass
class Claim:
    id: str
    source: str
    kind: str = "value"
    subject: str | None = None  # entity id (alpha-3 or WORLD)
    name: str | None = None  # the subject as written
    metric: str | None = None  # stored (reporter-side) metric
    period: str | None = None
    literal: str = ""  # the value as written (partner side when perspective is partner)
    scale: str = "billion"
    unit: str = "USD"
    qualifier: str = "exact"
    perspective: str = "reporter"
    from_period: str | None = None
    per: str | None = None
    ranking: str | None = None
    parts: tuple = ()
    part_names: tuple = ()
    line: int = 1
    role: str = ""
    basis: str | None = None  # "census" or "bop" when the document says so
    lineage: str | None = None  # the claim's own lineage ("bea"), over the source's census
    of_subject: str | None = None  # a share's total: this entity's figure of the same metric and period

    @property
    def name_of_total(self) -> str | None:
        return "World" if self.of_subject == "WORLD" else self.of_subject

    @property
    def compiled_as(self) -> str:
        """The basis the figure is compiled on: its own, else its lineage's (the claim's, else the source's)."""
        return self.basis or LINEAGE_BASIS.get(self.lineage or SOURCE_LINEAGE, self.lineage or SOURCE_LINEAGE)

    @property
    def stated_metric(self) -> str | None:
        if self.perspective == "partner" and self.metric in PARTNER_METRIC:
            return PARTNER_METRIC[self.metric]
        return self.metric


@dataclass
class Ranking:
    id: str
    source: str
    metric: str
    period: str
    order: str  # ascending: most negative first; descending: largest first
    size: int
    line: int = 1
    over: str = "subjects"
    among: str = "countries"
    subject: str | None = None  # over periods: whose series (entity id)
    subject_name: str | None = None


@dataclass
class Source:
    id: str
    claims: list[Claim] = field(default_factory=list)
    rankings: list[Ranking] = field(default_factory=list)


def publish(value: float, rng: random.Random, scale: str | None = None, decimals: int | None = None) -> tuple[str, str]:
    """A true USD value as a publisher prints it: a scale word and a rounded literal."""
    a = abs(value)
    if scale is None:
        r = rng.random()
        if a >= 1e12 and r < 0.3:
            scale = "trillion"
        elif a < 20e9 and r < 0.3:
            scale = "million"
        else:
            scale = "billion"
    x = value / FACTOR[scale]
    if decimals is None:
        decimals = rng.choice({"trillion": [1, 2, 3], "million": [0, 1]}.get(scale, [0, 1, 1, 2]))
    return _fmt(x, decimals), scale


def publish_qualified(value: float, rng: random.Random) -> tuple[str, str] | None:
    """A bound or an approximation as publishers word it: "over $470 billion", "nearly $500 billion", "about $90 billion"."""
    m = abs(value) / 1e9
    unit = 10 if m >= 100 and rng.random() < 0.5 else 1
    q = rng.choice(["over", "about", "nearly"])
    if q == "over":
        lit = math.floor(m / unit) * unit
        lit = lit - unit if lit >= m else lit
        if lit <= 0:
            return None
    elif q == "nearly":
        lit = math.ceil(m / unit) * unit
        lit = lit + unit if lit <= m else lit
        if m < 0.9 * lit:
            return None
    else:
        lit = round(m / unit) * unit
        if lit <= 0 or abs(m - lit) > 0.1 * lit:
            return None
    return ("-" if value < 0 else "") + str(int(lit)), q


def _fmt(x: float, decimals: int) -> str:
    lit = f"{x:.{decimals}f}"
    while Decimal(lit) == 0:
        decimals += 1
        lit = f"{x:.{decimals}f}"
    return lit


def _decimals(literal: str) -> int:
    return len(literal.split(".", 1)[1]) if "." in literal else 0


class _SourceBuilder:
    def __init__(self, world: World, sid: str, rng: random.Random, n_countries: int, window: list[int], tag: str):
        self.w, self.rng, self.src = world, rng, Source(sid)
        self.tag = tag
        self.window = window
        self.n_countries = n_countries
        self.stated: dict[tuple, Claim] = {}
        self.line = 10
        self.names = {e: rng.choice(v) for e, v in world.names.items()}  # each document names an entity its own way
        self.qualified = 0.05  # share of plain figures published as "over", "about", "nearly"

    def _id(self, what: str) -> str:
        return f"{self.src.id}-{len(self.src.claims):04d}-{what}"

    def _next_line(self) -> int:
        self.line += self.rng.randint(1, 3)
        return self.line

    def add(self, claim: Claim) -> Claim:
        self.src.claims.append(claim)
        return claim

    def value(self, entity: str, metric: str, year, role: str, *, again: bool = False, scale=None, decimals=None,
              partner_ok: bool = True) -> Claim:
        key = (entity, metric, str(year))
        if key in self.stated and not again:
            return self.stated[key]
        truth = self.w.value(entity, metric, year)
        perspective, qualifier = "reporter", "exact"
        if partner_ok and entity != "WORLD" and self.rng.random() < 0.08:
            perspective = "partner"  # "China's exports to the U.S." = US imports from China
        stated = -truth if perspective == "partner" and metric.endswith("balance") else truth
        literal, scale = publish(stated, self.rng, scale, decimals)
        if role in ("triple", "gs", "series") and not again and self.rng.random() < self.qualified:
            qualified = publish_qualified(truth, self.rng)
            if qualified:
                (literal, qualifier), scale, perspective = qualified, "billion", "reporter"
        claim = self.add(Claim(
            self._id(f"{entity.lower()}-{metric.replace('_', '-')}-{year}"), self.src.id, "value", entity,
            self.names[entity], metric, str(year), literal, scale, qualifier=qualifier, perspective=perspective,
            line=self._next_line(), role=role,
        ))  # fmt: skip
        self.stated.setdefault(key, claim)
        return claim

    def build(self) -> Source:
        rng, w = self.rng, self.w
        recent = self.window[-3:]
        main_year = rng.choice(recent)
        # 1. per-partner goods exports / imports / balance triples for a few years
        partners = rng.sample(w.countries, min(self.n_countries, len(w.countries)))
        for c in partners:
            years = sorted(rng.sample(self.window, rng.choice([2, 3, 3])) if rng.random() < 0.5 else rng.sample(recent, 2))
            for y in years:
                for flow in FLOWS:
                    self.value(c, f"goods_{flow}", y, "triple")
        # 2. goods and services = goods + services (World, and one partner)
        for entity in ("WORLD", rng.choice(partners)):
            flows = FLOWS if rng.random() < 0.5 else ("balance",)
            for flow in flows:
                for fam in FAMILIES:
                    self.value(entity, f"{fam}_{flow}", main_year, "gs")
        # 3. a ranked top-N list, its count, a bound over its items and a combined total over some of them
        metric, order = rng.choice([("goods_balance", "ascending"), ("goods_imports", "descending")])
        year = rng.choice(recent)
        n = rng.randint(5, 10)
        ordered = sorted(w.countries, key=lambda c: w.value(c, metric, year), reverse=(order == "descending"))
        top = ordered[:n]
        rid = f"{self.src.id}-top{n}-{metric.replace('_', '-')}-{year}"
        self.src.rankings.append(Ranking(rid, self.src.id, metric, str(year), order, n, line=self._next_line()))
        for pos, c in enumerate(top, start=1):
            self.value(c, metric, year, "ranked")
            self.add(Claim(self._id(f"rank-{c.lower()}"), self.src.id, "rank", c, self.names[c], metric, str(year),
                           str(pos), "one", "rank", ranking=rid, line=self._next_line(), role="rank"))  # fmt: skip
        if rng.random() < 0.8:
            self.add(Claim(self._id("count"), self.src.id, "count", None, None, None, None, str(n), "one", "count",
                           ranking=rid, line=self._next_line(), role="count"))  # fmt: skip
        mags = [abs(w.value(c, metric, year)) for c in top]
        signs = {w.value(c, metric, year) > 0 for c in top}
        floor = math.floor(min(mags) / 1e9)
        if rng.random() < 0.5 and floor >= 1 and len(signs) == 1:
            sign = "" if True in signs else "-"
            self.add(Claim(self._id("bound"), self.src.id, "bound", None, None, metric, None, f"{sign}{floor}", "billion",
                           qualifier="at_least", ranking=rid, line=self._next_line(), role="bound"))  # fmt: skip
        parts = rng.sample(top, rng.randint(3, min(5, len(top))))
        literal, scale = publish(sum(w.value(c, metric, year) for c in parts), rng)
        self.add(Claim(self._id("total"), self.src.id, "total", None, None, metric, str(year), literal, scale,
                       parts=tuple(parts), part_names=tuple(self.names[c] for c in parts), line=self._next_line(), role="total"))  # fmt: skip
        # 4. an average per month with the annual total
        annual = self.value("WORLD", "goods_balance", main_year, "average-total")
        about = rng.random() < 0.25
        literal, scale = publish(w.value("WORLD", "goods_balance", main_year) / 12, rng, "billion", 0 if about else None)
        self.add(Claim(self._id("average"), self.src.id, "average", "WORLD", "World", "goods_balance", str(main_year), literal, scale,
                       qualifier="about" if about else "exact", per="month", line=self._next_line(), role="average"))  # fmt: skip
        del annual
        # 5. a growth rate and an absolute change, each with both levels stated
        for kind in ("growth", "change"):
            entity = rng.choice(["WORLD", *partners])
            metric = rng.choice(["goods_imports", "goods_exports", "goods_balance", "gs_balance"] if entity == "WORLD" else ["goods_imports", "goods_exports", "goods_balance"])
            y = rng.choice([yy for yy in self.window[1:]])
            a, b = w.value(entity, metric, y - 1), w.value(entity, metric, y)
            self.value(entity, metric, y - 1, f"{kind}-level")
            self.value(entity, metric, y, f"{kind}-level")
            if kind == "growth":
                literal = _fmt((abs(b) / abs(a) - 1) * 100, rng.choice([0, 1, 1, 1, 2]))
                self.add(Claim(self._id("growth"), self.src.id, "growth", entity, self.names[entity], metric, str(y), literal, "one", "percent",
                               from_period=str(y - 1), line=self._next_line(), role="growth"))  # fmt: skip
            else:
                literal, scale = publish(b - a, rng, "billion" if abs(b - a) >= 1e9 else "million")
                self.add(Claim(self._id("change"), self.src.id, "change", entity, self.names[entity], metric, str(y), literal, scale,
                               from_period=str(y - 1), line=self._next_line(), role="change"))  # fmt: skip
        # 6. a multi-year series
        entity = rng.choice(["WORLD", *partners])
        metric = rng.choice(["gs_balance", "goods_balance", "goods_imports"])
        span = self.window[-rng.randint(4, len(self.window)):]
        for y in span:
            self.value(entity, metric, y, "series")
        # 6b. "a record" / "the second-largest ever": a year ranked among the years of that series
        if rng.random() < 0.6:
            y = rng.choice(span)
            order = "descending" if w.value(entity, metric, y) > 0 else "ascending"
            pos = w.rank_of_year(entity, metric, y, order)
            if pos <= 3:
                rid = f"{self.src.id}-years-{entity.lower()}-{metric.replace('_', '-')}"
                self.src.rankings.append(Ranking(rid, self.src.id, metric, None, order, 0, self._next_line(), over="periods",
                                                 among="partners", subject=entity, subject_name=self.names[entity]))  # fmt: skip
                self.add(Claim(self._id("record"), self.src.id, "rank", entity, self.names[entity], metric, str(y), str(pos), "one",
                               "rank", ranking=rid, line=self._next_line(), role="record"))  # fmt: skip
        # 6c. monthly figures and the average per month over the months given (no total for that span anywhere)
        if rng.random() < 0.6:
            k = rng.randint(3, 11)
            months = [f"{main_year}-{m:02d}" for m in range(1, k + 1)]
            for p in months:
                self.value("WORLD", "goods_balance", p, "monthly")
            avg = sum(w.value("WORLD", "goods_balance", p) for p in months) / k
            literal, scale = publish(avg, rng, "billion")
            self.add(Claim(self._id("average-months"), self.src.id, "average", "WORLD", "World", "goods_balance",
                           f"{months[0]}..{months[-1]}", literal, scale, per="month", line=self._next_line(), role="average-months"))  # fmt: skip
        # 7. a figure restated within the document, in another scale or precision (headline vs table)
        truth = w.value("WORLD", "goods_balance", main_year)
        literal, scale = publish(truth, rng, "trillion", rng.choice([1, 2])) if rng.random() < 0.5 else publish(truth, rng, "billion", 0)
        self.add(Claim(self._id("world-goods-balance-headline"), self.src.id, "value", "WORLD", "World", "goods_balance", str(main_year),
                       literal, scale, line=self._next_line(), role="restated"))  # fmt: skip
        c = rng.choice(partners)
        y = rng.choice([k[2] for k in self.stated if k[0] == c])
        self.value(c, "goods_balance", int(y), "restated", again=True, partner_ok=False)
        return self.src

    def take_up(self, agenda: Agenda, index: int) -> Source:
        """8. The figures in the news (agenda), each source its own way and with its own random stream, so that
        the sections above publish the same claims whatever the agenda holds."""
        self.rng = random.Random(f"news:{self.src.id}:{agenda.seed}")
        for entity, family, year, roles in agenda.identities:
            role = roles.get(index)
            if role and year in self.window:
                flows = ("exports", "imports") if role == "flows" else ("balance",)
                for flow in flows:
                    self.value(entity, f"{family}_{flow}", year, f"news-{role}")
        for entity, metric, year, tellers in agenda.growths:
            if index in tellers and year in self.window:
                self._news_growth(entity, metric, year)
        for n, (metric, year, order, tellers) in enumerate(agenda.rankings):
            if index in tellers and year in self.window:
                self._news_ranking(n, metric, year, order)
        return self.src

    def shares_and_bases(self, agenda: Agenda, index: int) -> Source:
        """9. Shares of US exports or imports and 10. the World goods figures on two bases, each section with its
        own random stream (as take_up), so that adding them changes none of the claims above."""
        self.rng = random.Random(f"shares:{self.src.id}:{agenda.seed}")
        if self.rng.random() < 0.6:
            self._shares()
        for partner, metric, year, tellers in agenda.shares:
            if index in tellers and year in self.window:
                self._share(partner, metric, year, "news-share")
        self.rng = random.Random(f"basis:{self.src.id}:{agenda.seed}")
        if self.rng.random() < 0.5:
            self._bases()
        return self.src

    def _shares(self):
        """A few large partners' shares of US goods exports or imports in one year ("Canada took 17.5%"), most with
        the partner's level and the World total stated, and sometimes a group's ("together these three took 31.8%")."""
        w, rng = self.w, self.rng
        metric = rng.choice(["goods_exports", "goods_imports"])
        year = rng.choice(self.window[-3:])
        if rng.random() < 0.7:
            self.value("WORLD", metric, year, "share-total")
        largest = sorted(w.countries, key=lambda c: -w.value(c, metric, year))[:8]
        chosen = rng.sample(largest, rng.randint(2, 4))
        for c in chosen:
            if rng.random() < 0.7:
                self.value(c, metric, year, "share-part")
            self._share(c, metric, year, "share")
        if rng.random() < 0.4:
            group = tuple(rng.sample(chosen, rng.randint(2, len(chosen))))
            self._share(group, metric, year, "group-share")

    def _share(self, part, metric: str, year: int, role: str):
        """One share of the World total, published as writers round a percentage (0-2 decimals, "17.5")."""
        w, group = self.w, isinstance(part, tuple)
        subject, parts = (None, part) if group else (part, ())
        if any((c.kind, c.subject, c.parts, c.metric, c.period) == ("share", subject, parts, metric, str(year)) for c in self.src.claims):
            return  # a document states a share once
        share = sum(w.value(c, metric, year) for c in (parts or (part,))) / w.value("WORLD", metric, year) * 100
        literal = _fmt(share, self.rng.choice([0, 1, 1, 1, 2]))
        self.add(Claim(
            self._id("group-share" if group else f"share-{part.lower()}"), self.src.id, "share",
            subject, None if group else self.names[part], metric, str(year), literal, "one", "percent",
            parts=parts, part_names=tuple(self.names[c] for c in parts),
            of_subject="WORLD", line=self._next_line(), role=role,
        ))  # fmt: skip

    def _bases(self):
        """The World goods figures of a year on the balance-of-payments basis (`basis: bop`, lineage bea): the
        whole exports/imports/balance triple, or the balance alone next to the Census one (`basis: census`), as
        "-$1,200.9 billion on a Census basis, -$1,215.4 billion on a BOP basis"."""
        rng = self.rng
        year = rng.choice(self.window[-3:])
        if rng.random() < 0.5:
            for flow in FLOWS:
                self._basis_value(f"goods_{flow}", year, "bop")
        else:
            self._basis_value("goods_balance", year, "census")
            self._basis_value("goods_balance", year, "bop")

    def _basis_value(self, metric: str, year: int, basis: str) -> Claim:
        literal, scale = publish(self.w.value("WORLD", metric, year, basis), self.rng, "billion", self.rng.choice([1, 1, 2]))
        return self.add(Claim(
            self._id(f"world-{metric.replace('_', '-')}-{year}-{basis}"), self.src.id, "value", "WORLD",
            self.names["WORLD"], metric, str(year), literal, scale, line=self._next_line(), role=f"basis-{basis}",
            basis=basis, lineage="bea" if basis == "bop" else None,
        ))  # fmt: skip

    def _news_growth(self, entity: str, metric: str, year: int):
        """A growth rate on the year before, without its levels: each source rounds it its own way. Not told twice
        in a document that states it already (section 5)."""
        if any(c.kind == "growth" and (c.subject, c.metric, c.period) == (entity, metric, str(year)) for c in self.src.claims):
            return
        a, b = self.w.value(entity, metric, year - 1), self.w.value(entity, metric, year)
        literal = _fmt((abs(b) / abs(a) - 1) * 100, self.rng.choice([0, 1, 1, 2]))
        self.add(Claim(self._id("news-growth"), self.src.id, "growth", entity, self.names[entity], metric, str(year), literal,
                       "one", "percent", from_period=str(year - 1), line=self._next_line(), role="news-growth"))  # fmt: skip

    def _news_ranking(self, n: int, metric: str, year: int, order: str):
        """A top-N list of the same metric, period, order and population as other sources' (N its own), the
        ranked figures stated or not. Not printed twice in a document that has that list already (section 3)."""
        w, rng = self.w, self.rng
        if any((r.metric, r.period, r.order, r.over) == (metric, str(year), order, "subjects") for r in self.src.rankings):
            return
        size = rng.randint(3, 8)
        ordered = sorted(w.countries, key=lambda c: w.value(c, metric, year), reverse=(order == "descending"))
        rid = f"{self.src.id}-news{n}-top{size}-{metric.replace('_', '-')}-{year}"
        self.src.rankings.append(Ranking(rid, self.src.id, metric, str(year), order, size, line=self._next_line()))
        with_values = rng.random() < 0.5
        for pos, c in enumerate(ordered[:size], start=1):
            if with_values:
                self.value(c, metric, year, "ranked")
            self.add(Claim(self._id(f"rank-{c.lower()}"), self.src.id, "rank", c, self.names[c], metric, str(year),
                           str(pos), "one", "rank", ranking=rid, line=self._next_line(), role="news-rank"))  # fmt: skip


@dataclass
class Agenda:
    """Figures in the news that several sources take up: what makes the cross-source rules (RC205, RC310)
    reachable. Source indexes say who tells what."""

    seed: str
    identities: list = field(default_factory=list)  # (partner, family, year, {source index: "flows" | "balance"})
    growths: list = field(default_factory=list)  # (entity, metric, year, {source indexes}): growth on the year before
    rankings: list = field(default_factory=list)  # (metric, year, order, {source indexes}): top-N lists among countries
    shares: list = field(default_factory=list)  # (partner, metric, year, {source indexes}): its share of the World total


def make_agenda(world: World, n_sources: int, prefix: str, n_identities: int = 4, n_growths: int = 3,
                n_rankings: int = 2, n_shares: int = 2) -> Agenda:
    """Drawn from its own random stream (seeded by the world), so the sources' other sections do not change."""
    seed = f"{prefix}:{n_sources}:{','.join(world.countries)}:{world.years[0]}-{world.years[-1]}"
    rng = random.Random(f"agenda:{seed}")
    agenda = Agenda(seed)
    if n_sources < 2:
        return agenda
    recent = world.years[-3:]
    for entity in rng.sample(world.countries, min(n_identities, len(world.countries))):
        # one source gives the flows (a second one would make a changed flow RC201's, not the identity's), about
        # half the others the balance, one at least
        teller = rng.randrange(n_sources)
        others = [i for i in range(n_sources) if i != teller]
        roles = {i: "balance" for i in others if rng.random() < 0.5} or {rng.choice(others): "balance"}
        roles[teller] = "flows"
        agenda.identities.append((entity, rng.choice(["goods", "goods", "services", "gs"]), rng.choice(recent), roles))
    for _ in range(n_growths):
        entity = rng.choice(["WORLD", *world.countries])
        metric = rng.choice(["goods_exports", "goods_imports", "goods_balance"])
        agenda.growths.append((entity, metric, rng.choice(recent), _tellers(rng, n_sources)))
    for _ in range(n_rankings):
        metric, order = rng.choice([("goods_balance", "ascending"), ("goods_imports", "descending"), ("goods_exports", "descending")])
        agenda.rankings.append((metric, rng.choice(recent), order, _tellers(rng, n_sources)))
    for _ in range(n_shares):  # drawn last: the agenda above is the same with or without shares
        metric, year = rng.choice(["goods_exports", "goods_imports"]), rng.choice(recent)
        partner = rng.choice(sorted(world.countries, key=lambda c: -world.value(c, metric, year))[:8])
        agenda.shares.append((partner, metric, year, _tellers(rng, n_sources)))
    return agenda


def _tellers(rng: random.Random, n_sources: int) -> set[int]:
    """Which sources tell a figure: about half of them, never fewer than two."""
    chosen = {i for i in range(n_sources) if rng.random() < 0.5}
    while len(chosen) < 2:
        chosen.add(rng.randrange(n_sources))
    return chosen


def make_sources(world: World, rng: random.Random, n_sources: int, n_countries: int = 12, window: int = 6, prefix: str = "syn",
                 qualified: float = 0.05) -> list[Source]:
    out = []
    years = world.years
    agenda = make_agenda(world, n_sources, prefix)
    for i in range(n_sources):
        start = rng.randint(0, max(0, len(years) - window))
        span = years[start : start + window]
        builder = _SourceBuilder(world, f"{prefix}{i:04d}", rng, n_countries, span, prefix)
        builder.qualified = qualified
        builder.build()
        builder.take_up(agenda, i)
        out.append(builder.shares_and_bases(agenda, i))
    return out


# --- YAML ------------------------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _quote(c: Claim, rankings: dict) -> str:
    scale = "" if c.scale in ("one",) else f" {c.scale}"
    if c.kind == "rank" and c.role == "record":
        return f"{c.period}: the {['', 'largest', 'second-largest', 'third-largest'][int(c.literal)] if int(c.literal) <= 3 else c.literal + 'th-largest'} ever"
    if c.kind == "rank":
        return f"{c.literal}. {c.name}"
    if c.kind == "count":
        return f"the {c.literal} countries on this list"
    if c.kind == "bound":
        return f"at least ${c.literal.lstrip('-')}{scale} with each of them"
    if c.kind == "total":
        return f"a combined {c.metric.replace('_', ' ')} of ${c.literal}{scale} with {', '.join(c.part_names)} in {c.period}"
    if c.kind == "growth":
        return f"{c.name} {c.metric.replace('_', ' ')} changed {c.literal}% from {c.from_period}"
    if c.kind == "share":
        who = f"together {', '.join(c.part_names)}" if c.parts else c.name
        return f"{who} took {c.literal}% of US {c.metric.replace('_', ' ')} in {c.period}"
    if c.kind == "change":
        return f"{c.name} {c.metric.replace('_', ' ')} moved by ${c.literal}{scale} from {c.from_period}"
    if c.kind == "average":
        return f"{'around ' if c.qualifier == 'about' else ''}${c.literal}{scale} a month on average in {c.period}"
    if c.qualifier != "exact":
        return f"{c.name} {str(c.metric).replace('_', ' ')} {c.period}: {c.qualifier.replace('_', ' ')} ${c.literal.lstrip('-')}{scale}"
    side = " (as the partner reports it)" if c.perspective == "partner" else ""
    side += {"bop": " on a balance-of-payments basis (BEA)", "census": " on a Census basis"}.get(c.basis or "", "")
    sign, digits = ("-", c.literal[1:]) if c.literal.startswith("-") else ("", c.literal)
    return f"{c.name} {str(c.stated_metric).replace('_', ' ')} {c.period}: {sign}${digits}{scale}{side}"


def source_yaml(src: Source) -> str:
    sha = hashlib.sha256(src.id.encode()).hexdigest()
    out = [
        "# Synthetic claim file written by benchmarks/synth.py",
        "source:",
        f"  id: {src.id}",
        f"  title: {_q('Synthetic trade article ' + src.id)}",
        "  publisher: Synthetic",
        "  published: null",
        f"  document: {src.id}.txt",
        f"  sha256: {sha}",
        "  lineage: [census]",
        "",
        "defaults:",
        "  unit: USD",
        "  scale: billion",
        "",
    ]
    rankings = {r.id: r for r in src.rankings}
    if src.rankings:
        out.append("rankings:")
        for r in src.rankings:
            words = "largest deficit first" if r.order == "ascending" else "largest first"
            if r.over == "periods":
                out += [
                    f"  - id: {r.id}",
                    f"    description: {_q(f'Years by {r.subject_name} {r.metric}, {words}')}",
                    f"    metric: {r.metric}",
                    f"    order: {r.order}",
                    "    over: periods",
                    f"    subject: {_q(r.subject_name)}",
                    f"    quote: {_q('the largest on record')}",
                    f"    line: {r.line}",
                ]
                continue
            out += [
                f"  - id: {r.id}",
                f"    description: {_q(f'Top {r.size} partners by {r.metric} {r.period}, {words}')}",
                f"    metric: {r.metric}",
                f"    period: \"{r.period}\"",
                f"    order: {r.order}",
                f"    over: {r.over}",
                f"    among: {r.among}",
                f"    quote: {_q(f'The top {r.size} countries by {r.metric} in {r.period}')}",
                f"    line: {r.line}",
            ]
        out.append("")
    out.append("claims:")
    for c in src.claims:
        out.append(f"  - id: {c.id}")
        if c.kind != "value":
            out.append(f"    kind: {c.kind}")
        if c.ranking:
            out.append(f"    ranking: {c.ranking}")
        if c.subject is not None and c.kind != "count" and c.kind != "bound":
            out.append(f"    subject: {_q(c.name)}")
        if c.parts:
            out.append(f"    parts: [{', '.join(_q(p) for p in c.part_names)}]")
        if c.metric and c.kind != "rank":
            out.append(f"    metric: {c.stated_metric}")
        if c.period and (c.kind != "rank" or c.role == "record"):
            out.append(f"    period: \"{c.period}\"")
        if c.of_subject:
            out.append(f"    of: {{subject: {_q(c.name_of_total)}}}")
        if c.from_period:
            out.append(f"    from_period: \"{c.from_period}\"")
        if c.per:
            out.append(f"    per: {c.per}")
        out.append(f"    value: {c.literal}")
        if c.unit != "USD":
            out.append(f"    unit: {c.unit}")
        if c.scale != "billion":
            out.append(f"    scale: {c.scale}")
        if c.qualifier != "exact":
            out.append(f"    qualifier: {c.qualifier}")
        if c.perspective != "reporter":
            out.append(f"    perspective: {c.perspective}")
        if c.basis:
            out.append(f"    basis: {c.basis}")
        if c.lineage:
            out.append(f"    lineage: {c.lineage}")
        out.append(f"    quote: {_q(_quote(c, rankings))}")
        out.append(f"    line: {c.line}")
    return "\n".join(out) + "\n"


def write_sources(sources: list[Source], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for src in sources:
        p = folder / f"{src.id}.yaml"
        p.write_text(source_yaml(src), encoding="utf-8")
        paths.append(p)
    return paths


# --- the oracle ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Iv:
    lo: float
    hi: float

    def overlaps(self, o: Iv) -> bool:
        return self.lo <= o.hi and o.lo <= self.hi

    def __add__(self, o):
        return Iv(self.lo + o.lo, self.hi + o.hi)

    def __sub__(self, o):
        return Iv(self.lo - o.hi, self.hi - o.lo)

    def mag(self) -> Iv:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return Iv(-self.hi, -self.lo)
        return Iv(0.0, max(-self.lo, self.hi))


def literal_half_width(literal: str, trailing_zeros: bool) -> float:
    """docs/claim-format.md, Precision: the last digit sets the rounding; an integer ending in zeros may
    have been rounded to that power of ten, by at most 5 % of the figure ("620" ±5, "100" ±5, "1,000" ±50)."""
    text = literal.lstrip("+-")
    if "." in text:
        return 0.5 * 10 ** -len(text.split(".")[1])
    if trailing_zeros:
        digits = text.lstrip("0")
        widened = 0.5 * 10 ** (len(digits) - len(digits.rstrip("0")))
        return max(0.5, min(widened, ROUND_ZEROS_MAX * abs(float(text))))
    return 0.5


def interval(c: Claim, about: float = 0.10, nearly: float = 0.10) -> Iv:
    """The stored (reporter-side, base-unit) interval of true values a claim allows."""
    v = float(Decimal(c.literal))
    m = abs(v)
    exact_unit = c.unit in ("rank", "count") and c.scale == "one"
    if exact_unit:
        p = 0.0
    elif c.qualifier in BOUND_QUALIFIERS or c.qualifier in ("nearly", "about"):
        p = literal_half_width(c.literal, False)  # a bound is the bound; "about" has its own band
    else:
        p = literal_half_width(c.literal, True)
    q = c.qualifier
    if q == "exact":
        lo, hi = m - p, m + p
    elif q == "about":
        band = max(p, about * m)
        lo, hi = m - band, m + band
    elif q == "nearly":
        lo, hi = m * (1 - nearly), m + p
    elif q in ("over", "at_least"):
        lo, hi = m, math.inf
    else:
        lo, hi = 0.0, m
    if q != "exact":
        lo = max(lo, 0.0)
    if v < 0:
        lo, hi = -hi, -lo
    if c.perspective == "partner" and str(c.metric).endswith("balance"):
        lo, hi = -hi, -lo
    f = FACTOR[c.scale]
    return Iv(lo * f, hi * f)


def _hull(ivs) -> Iv:
    ivs = list(ivs)
    return Iv(min(i.lo for i in ivs), max(i.hi for i in ivs))


def _meet(ivs) -> Iv | None:
    ivs = list(ivs)
    lo, hi = max(i.lo for i in ivs), min(i.hi for i in ivs)
    return Iv(lo, hi) if lo <= hi else None


def _digits(literal: str) -> int:
    """Significant digits of a literal: leading zeros never count, an integer's trailing zeros do not either
    (docs/claim-format.md, Precision: "620" may have been rounded to tens)."""
    digits = "".join(ch for ch in literal if ch.isdigit()).lstrip("0")
    return len(digits if "." in literal else digits.rstrip("0"))


def _months(period: str) -> list[str]:
    """The months a year ("2024") or a month range ("2024-01..2024-05") covers."""
    if ".." in period:
        a, b = period.split("..")
        y, m1, m2 = a[:4], int(a[5:7]), int(b[5:7])
        return [f"{y}-{m:02d}" for m in range(m1, m2 + 1)]
    if len(period) == 4:
        return [f"{period}-{m:02d}" for m in range(1, 13)]
    return [period]


def level_of(cs: list | None, iv: dict, source: str, basis: str | None = None):
    """(interval, ids) of the level a claim of `source` compiled on `basis` is checked against (rules/_levels.py):
    the document's own figures on that basis, else any source's on it, else the document's own, else any; met
    within a basis (the hull when they disagree), and the hull of the bases' levels when several remain."""
    if not cs:
        return None
    own = [c for c in cs if c.source == source]
    on_basis = (lambda rows: [c for c in rows if c.compiled_as == basis]) if basis else (lambda rows: rows)
    chosen = on_basis(own) or on_basis(cs) or own or cs
    by_basis = defaultdict(list)
    for c in chosen:
        by_basis[c.compiled_as].append(iv[c.id])
    levels = [_meet(ivs) or _hull(ivs) for ivs in by_basis.values()]
    return (levels[0] if len(levels) == 1 else _hull(levels)), [c.id for c in chosen]


def _before(a: Iv, b: Iv, order: str) -> bool:
    return a.hi < b.lo if order == "ascending" else a.lo > b.hi


def oracle(claims: list[Claim], rankings: list[Ranking], max_change: float = 0.35) -> list[tuple[str, frozenset]]:
    """Every documented relation broken beyond rounding: (rule code, ids of the claims involved)."""
    iv = {c.id: interval(c) for c in claims}
    values = [c for c in claims if c.kind == "value"]
    fig = defaultdict(list)
    for c in values:
        fig[(c.subject, c.metric, c.period)].append(c)
    out: list[tuple[str, frozenset]] = []

    def level(subject, metric, period, source, basis=None):
        return level_of(fig.get((subject, metric, period)), iv, source, basis)

    # RC201: the same figure (a value, or a share of the same total) told by two sources, compiled one way; two
    # sides compiled on two bases are judged by their band (basis_gaps)
    for sides in figure_sides(claims).values():
        hulls = {s: _hull(iv[c.id] for c in g) for s, g in sides.items()}
        for a, b in combinations(sorted(hulls), 2):
            if not hulls[a].overlaps(hulls[b]) and basis_pair(sides[a], sides[b]) is None:
                out.append(("RC201", frozenset(c.id for c in sides[a] + sides[b])))
    # RC202: one document's figures of one compilation (a Census and a BOP figure are two statistics)
    for cs in fig.values():
        by_src = defaultdict(list)
        for c in cs:
            by_src[c.source].append(c)
        for g in by_src.values():
            for same in _compilations(g):
                if len(same) > 1 and _meet(iv[c.id] for c in same) is None:
                    out.append(("RC202", frozenset(c.id for c in same)))
    # RC203: adjacent years, any sources
    yearly = defaultdict(lambda: defaultdict(dict))  # (subject, metric) -> year -> source -> (hull, ids)
    for c in values:
        if c.unit != "USD" or not c.period.isdigit():
            continue
        cell = yearly[(c.subject, c.metric)][int(c.period)]
        h, ids = cell.get(c.source, (None, []))
        cell[c.source] = (iv[c.id] if h is None else _hull([h, iv[c.id]]), ids + [c.id])
    for series in yearly.values():
        for y, cell in series.items():
            nxt = series.get(y + 1)
            if not nxt:
                continue
            for (ha, ia) in cell.values():
                for (hb, ib) in nxt.values():
                    a, b = ha.mag(), hb.mag()
                    if a.hi <= 0:
                        continue
                    lo_change = b.lo / a.hi - 1
                    hi_change = b.hi / a.lo - 1 if a.lo > 0 else math.inf
                    if not (-max_change <= hi_change and lo_change <= max_change):
                        out.append(("RC203", frozenset(ia + ib)))
    # RC204: a literal of >= 3 digits in >= 2 periods of a >= 3-period series of one source
    series = defaultdict(list)
    for c in values:
        series[(c.source, c.subject, c.metric)].append(c)
    for cs in series.values():
        if len({c.period for c in cs}) < 3:
            continue
        by_lit = defaultdict(list)
        for c in cs:
            if _digits(c.literal) >= 3 and c.qualifier == "exact":  # "over $150 billion" twice is no copy-paste
                by_lit[c.literal].append(c)
        for g in by_lit.values():
            if len({c.period for c in g}) >= 2:
                out.append(("RC204", frozenset(c.id for c in cs)))  # the whole series: its length matters
    # RC301 / RC302: identities within a source, among figures compiled alike (every synthetic claim says its basis)
    sides = defaultdict(list)
    for c in values:
        sides[(c.source, c.subject, c.period, c.compiled_as, c.metric)].append(c)
    identities = [("RC301", f"{fam}_balance", [(1, f"{fam}_exports"), (-1, f"{fam}_imports")]) for fam in FAMILIES]
    identities += [("RC302", f"gs_{flow}", [(1, f"goods_{flow}"), (1, f"services_{flow}")]) for flow in FLOWS]
    keys = {k[:4] for k in sides}
    for code, target, terms in identities:
        for key in keys:
            t = sides.get((*key, target))
            ts = [sides.get((*key, m)) for _, m in terms]
            if not t or not all(ts):
                continue
            total = Iv(0.0, 0.0)
            for (coef, _), g in zip(terms, ts):
                h = _hull(iv[c.id] for c in g)
                total = total + (h if coef > 0 else Iv(-h.hi, -h.lo))
            if not _hull(iv[c.id] for c in t).overlaps(total):
                out.append((code, frozenset(c.id for g in [t, *ts] for c in g)))
    # RC303 - RC306: relational claims against levels (own source first)
    for c in claims:
        if c.kind == "total":
            levels = [level(p, c.metric, c.period, c.source, c.compiled_as) for p in c.parts]
            if any(lv is None for lv in levels):
                continue
            s = Iv(sum(lv[0].lo for lv in levels), sum(lv[0].hi for lv in levels))
            if not s.overlaps(iv[c.id]):
                out.append(("RC303", frozenset([c.id, *[i for lv in levels for i in lv[1]]])))
        elif c.kind == "average":
            months = _months(c.period)
            n = len(months) / PER_MONTHS[c.per]
            lv = level(c.subject, c.metric, c.period, c.source, c.compiled_as)
            if lv is None:
                # docstring of RC304: "or else the sum of every sub-period figure"
                subs = [level(c.subject, c.metric, m, c.source, c.compiled_as) for m in months]
                if any(x is None for x in subs):
                    continue
                lv = (Iv(sum(x[0].lo for x in subs), sum(x[0].hi for x in subs)), [i for x in subs for i in x[1]])
            implied = Iv(iv[c.id].lo * n, iv[c.id].hi * n)
            if not implied.overlaps(lv[0]):
                out.append(("RC304", frozenset([c.id, *lv[1]])))
        elif c.kind in ("growth", "change"):
            later = level(c.subject, c.metric, c.period, c.source, c.compiled_as)
            earlier = level(c.subject, c.metric, c.from_period, c.source, c.compiled_as)
            if later is None or earlier is None:
                continue
            if c.kind == "growth":
                a, b = earlier[0].mag(), later[0].mag()
                if a.lo <= 0:
                    continue
                computed = Iv((b.lo / a.hi - 1) * 100, (b.hi / a.lo - 1) * 100)
                code = "RC305"
            else:
                computed = later[0] - earlier[0]
                code = "RC306"
            if not computed.overlaps(iv[c.id]):
                out.append((code, frozenset([c.id, *later[1], *earlier[1]])))
    # RC401 - RC405: rankings
    for r in rankings:
        items = sorted((c for c in claims if c.kind == "rank" and c.ranking == r.id), key=lambda c: int(c.literal))
        if r.over == "periods":
            # a year ranked among the years of one series ("record", "second-largest ever")
            pool = defaultdict(list)
            for c in values:
                if c.metric == r.metric and c.subject == r.subject:
                    pool[c.period].append(c)
            for c in items:
                lv = level(r.subject, r.metric, c.period, c.source)
                if lv is None:
                    continue
                ahead = [p for p, g in pool.items() if p != c.period and len(p) == len(c.period)
                         and _before(_hull(iv[x.id] for x in g), lv[0], r.order)]  # fmt: skip
                if len(ahead) >= int(c.literal):
                    out.append(("RC402", frozenset([c.id, *lv[1], *[x.id for p in ahead for x in pool[p]]])))
            continue
        valued = [(c, level(c.subject, r.metric, r.period, c.source)) for c in items]
        valued = [(c, lv) for c, lv in valued if lv is not None]
        for i, (a, la) in enumerate(valued):
            for b, lb in valued[i + 1 :]:
                if int(a.literal) < int(b.literal) and _before(lb[0], la[0], r.order):
                    out.append(("RC401", frozenset([a.id, b.id, *la[1], *lb[1]])))
        pool = defaultdict(list)
        for c in values:
            if c.metric == r.metric and c.period == r.period and c.subject != "WORLD":
                pool[c.subject].append(c)
        hulls = {s: _hull(iv[c.id] for c in g) for s, g in pool.items()}
        for c, lv in valued:
            ahead = [s for s, h in hulls.items() if s != c.subject and _before(h, lv[0], r.order)]
            if len(ahead) >= int(c.literal):
                out.append(("RC402", frozenset([c.id, *lv[1], *[x.id for s in ahead for x in pool[s]]])))
        for c in claims:
            if c.ranking != r.id:
                continue
            if c.kind == "count":
                n_items = len({x.subject for x in items})
                top = max((int(x.literal) for x in items), default=0)
                i = iv[c.id]
                if not (i.lo <= n_items <= i.hi or i.lo <= top <= i.hi):
                    out.append(("RC403", frozenset([c.id, *[x.id for x in items]])))
            elif c.kind == "bound":
                bad = []
                for x in items:
                    lv = level(x.subject, c.metric, r.period, c.source)
                    if lv is not None and not lv[0].overlaps(iv[c.id]):
                        bad += [x.id, *lv[1]]
                if bad:
                    out.append(("RC405", frozenset([c.id, *bad])))
    view = OracleView(claims, {r.id: r for r in rankings}, iv, values)
    for relation in RELATIONS:
        out += relation(view)
    return out


# --- relations across sources: one function each, registered in RELATIONS ------------------------------------


@dataclass
class OracleView:
    """What a relation sees: every claim, the rankings by id, each claim's interval, the value claims."""

    claims: list
    rankings: dict
    iv: dict
    values: list


def relational_key(c: Claim, rankings: dict) -> tuple | None:
    """What a relational claim states, as RC205 identifies it: one figure's growth or change between two periods,
    its average per sub-period over a span, one partner's rank in rankings of one metric, period, order and
    population, or one period's rank in a subject's series."""
    if c.kind == "rank":
        r = rankings[c.ranking]
        if r.over == "periods":
            return ("rank", r.metric, "periods", r.order, r.subject, c.subject, c.period)
        return ("rank", r.metric, "subjects", r.order, r.among, c.subject, r.period)
    if c.kind in ("growth", "change") and c.from_period:
        return (c.kind, c.subject, c.metric, c.period, c.from_period)
    if c.kind == "average":
        return (c.kind, c.subject, c.metric, c.period, c.per)
    return None


def relational_conflicts(view: OracleView) -> list[tuple[str, frozenset]]:
    """RC205: the same relational figure told by two sources, their intervals (each source's hull) apart; and two
    sources calling different periods the record of one series when both had passed for both documents."""
    groups = defaultdict(lambda: defaultdict(list))
    for c in view.claims:
        key = relational_key(c, view.rankings)
        if key is not None:
            groups[key][c.source].append(c)
    out = []
    for sides in groups.values():
        hulls = {s: _hull(view.iv[c.id] for c in g) for s, g in sides.items()}
        for a, b in combinations(sorted(hulls), 2):
            if not hulls[a].overlaps(hulls[b]):
                out.append(("RC205", frozenset(c.id for c in sides[a] + sides[b])))
    return out + _conflicting_records(view)


def _conflicting_records(view: OracleView) -> list[tuple[str, frozenset]]:
    as_of = _as_of(view.values)
    records = defaultdict(list)
    for c in view.claims:
        if c.kind == "rank" and view.rankings[c.ranking].over == "periods" and int(c.literal) == 1:
            r = view.rankings[c.ranking]
            records[(r.metric, r.order, c.subject, len(c.period))].append(c)
    out = []
    for group in records.values():
        for a, b in combinations(group, 2):
            ends = max(_period_end(a.period), _period_end(b.period))
            if a.source != b.source and a.period != b.period and all(as_of.get(x.source, "") >= ends for x in (a, b)):
                out.append(("RC205", frozenset([a.id, b.id])))
    return out


def _period_end(period: str) -> str:
    if len(period) == 4:
        return f"{period}-12-31"
    y, m = int(period[:4]), int(period[5:7])
    return f"{period}-{[31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]:02d}"


def _as_of(values: list) -> dict[str, str]:
    """An undated document was written after the last period it states a figure for: its latest month when it
    states months, else its latest year (reconcile.references.derived._latest_periods)."""
    months, years = {}, {}
    for c in values:
        latest = months if len(c.period) == 7 else years
        latest[c.source] = max(latest.get(c.source, ""), _period_end(c.period))
    return {**years, **months}


IDENTITIES = [(f"{fam}_balance", [(1, f"{fam}_exports"), (-1, f"{fam}_imports")]) for fam in FAMILIES]
IDENTITIES += [(f"gs_{flow}", [(1, f"goods_{flow}"), (1, f"services_{flow}")]) for flow in FLOWS]


def cross_source_identities(view: OracleView) -> list[tuple[str, frozenset]]:
    """RC310: an identity whose terms are stated by two sources or more, each term taken as the meet of every
    source's figures for it (a term the sources disagree on is RC201's and is not used)."""
    figures = defaultdict(lambda: defaultdict(list))
    for c in view.values:
        if c.unit == "USD":
            figures[(c.subject, c.period)][c.metric].append(c)
    out = []
    for by_metric in figures.values():
        for target, terms in IDENTITIES:
            groups = [by_metric.get(target)] + [by_metric.get(m) for _, m in terms]
            if not all(groups) or len({c.source for g in groups for c in g}) < 2:
                continue
            meets = [_meet(view.iv[c.id] for c in g) for g in groups]
            if any(m is None for m in meets):
                continue
            total = meets[0]
            for (coef, _), m in zip(terms, meets[1:]):
                total = total - m if coef > 0 else total + m
            if not total.lo <= 0.0 <= total.hi:
                out.append(("RC310", frozenset(c.id for g in groups for c in g)))
    return out


def figure_key(c: Claim) -> tuple | None:
    """What a figure RC201 compares is: a value's (subject, metric, period), a share's with its total and group."""
    if c.kind == "value":
        return (c.subject, c.metric, c.period, "")
    if c.kind == "share":
        return (c.subject, c.metric, c.period, f"share of {c.of_subject} by {'+'.join(c.parts)}")
    return None


def figure_sides(claims: list) -> dict[tuple, dict[str, list]]:
    """figure key -> source -> the claims of that source stating the figure."""
    out = defaultdict(lambda: defaultdict(list))
    for c in claims:
        key = figure_key(c)
        if key is not None:
            out[key][c.source].append(c)
    return out


def _compilations(group: list) -> list[list]:
    """A document's claims of one figure, one list per basis they are compiled on (RC202 compares within each)."""
    by = defaultdict(list)
    for c in group:
        by[c.compiled_as].append(c)
    return list(by.values())


def basis_pair(a: list, b: list) -> tuple | None:
    """The band of two sides each compiled on one basis, the two bases different (Census vs BOP), else None."""
    x, y = ({c.compiled_as for c in side} for side in (a, b))
    if len(x) != 1 or len(y) != 1 or x == y or x | y != {"census", "bop"}:
        return None
    return BASIS_BAND


def _published_value(c: Claim) -> float:
    v = float(Decimal(c.literal)) * FACTOR[c.scale]
    return -v if c.perspective == "partner" and str(c.metric).endswith("balance") else v


def _typed(c: Claim) -> str:
    """The literal as typed (its decimal point kept), without sign and leading zeros."""
    return c.literal.lstrip("+-").lstrip("0") or c.literal


def _looks_like_typo(x: str, y: str) -> bool:
    """Two neighbouring digits swapped, or one digit dropped, on the literals as typed (a gap a basis would explain
    stays a typo when it reads as one: reconcile/causes.py)."""
    if len(x) == len(y):
        diffs = [i for i in range(len(x)) if x[i] != y[i]]
        return (len(diffs) == 2 and diffs[1] == diffs[0] + 1 and x[diffs[0]] == y[diffs[1]] and x[diffs[1]] == y[diffs[0]]
                and x[diffs[0]].isdigit() and x[diffs[1]].isdigit())  # fmt: skip
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    return (any(ch.isdigit() and ch != "0" for ch in shorter) and len(longer) == len(shorter) + 1
            and any(longer[i].isdigit() and longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer))))  # fmt: skip


def _beyond_band(view: OracleView, a: list, b: list) -> bool:
    """A Census-basis side and a BOP-basis side further apart than their band once rounding is allowed for: the gap
    between their intervals as a fraction of the larger of the two closest published figures."""
    ia, ib = _hull(view.iv[c.id] for c in a), _hull(view.iv[c.id] for c in b)
    if ia.overlaps(ib):
        return False
    x, y = min(((_published_value(p), _published_value(q)) for p in a for q in b), key=lambda v: abs(v[0] - v[1]))
    return max(ib.lo - ia.hi, ia.lo - ib.hi) / max(abs(x), abs(y), 1e-9) > basis_pair(a, b)[1]


def basis_gaps(view: OracleView) -> list[tuple[str, frozenset]]:
    """A Census-basis and a BOP-basis figure of one statistic apart by more than their band (expected-gaps): RC201
    across sources, each side one basis (or apart by what reads as a typo, which no basis explains); RC202 inside
    one document, each basis's figures agreeing among themselves. Within the band RC201 gives info (different-basis)
    and RC202 nothing: no relation is broken."""
    out = []
    for sides in figure_sides(view.values).values():
        for sa, sb in combinations(sorted(sides), 2):
            a, b = sides[sa], sides[sb]
            if basis_pair(a, b) is None:
                continue
            typo = any(_looks_like_typo(_typed(p), _typed(q)) for p in a for q in b)
            if _beyond_band(view, a, b) or (typo and not _hull(view.iv[c.id] for c in a).overlaps(_hull(view.iv[c.id] for c in b))):
                out.append(("RC201", frozenset(c.id for c in a + b)))
        for own in sides.values():
            ways = [w for w in _compilations(own) if _meet(view.iv[c.id] for c in w) is not None]
            for a, b in combinations(ways, 2):
                if basis_pair(a, b) is not None and _beyond_band(view, a, b):
                    out.append(("RC202", frozenset(c.id for c in a + b)))
    return out


def _divide(part: Iv, whole: Iv) -> Iv | None:
    if whole.lo <= 0 <= whole.hi:
        return None
    corners = [part.lo / whole.lo, part.lo / whole.hi, part.hi / whole.lo, part.hi / whole.hi]
    return Iv(min(corners), max(corners))


def _level(view: OracleView, subject, metric, period, claim: Claim):
    """The level a relational claim is checked against (level_of): its own document's figures first, on its basis."""
    cs = [c for c in view.values if (c.subject, c.metric, c.period) == (subject, metric, period)]
    return level_of(cs, view.iv, claim.source, claim.compiled_as)


def shares_of_total(view: OracleView) -> list[tuple[str, frozenset]]:
    """RC307: share = part / total x 100, each level as its interval (own source first; a group's part is the sum
    of its members' levels, every one stated), against the share's interval."""
    out = []
    for c in view.claims:
        if c.kind != "share":
            continue
        parts = [_level(view, p, c.metric, c.period, c) for p in (c.parts or (c.subject,))]
        whole = _level(view, c.of_subject, c.metric, c.period, c)
        if whole is None or any(lv is None for lv in parts):
            continue
        part = Iv(sum(lv[0].lo for lv in parts), sum(lv[0].hi for lv in parts))
        ratio = _divide(part, whole[0])
        if ratio is not None and not Iv(ratio.lo * 100, ratio.hi * 100).overlaps(view.iv[c.id]):
            out.append(("RC307", frozenset([c.id, *[i for lv in parts for i in lv[1]], *whole[1]])))
    return out


def shares_sums(view: OracleView) -> list[tuple[str, frozenset]]:
    """RC308: among the shares of one total (metric, period, of), a group's share against the sum of its members'
    single shares (own source first, meet or hull), and one document's shares of parts that do not overlap (taken
    in document order) adding up to more than 100."""
    wholes = defaultdict(list)
    for c in view.claims:
        if c.kind == "share":
            wholes[(c.of_subject, c.metric, c.period)].append(c)
    out = []
    for shares in wholes.values():
        singles = defaultdict(list)
        for s in shares:
            if not s.parts:
                singles[s.subject].append(s)
        for combined in (s for s in shares if s.parts):
            levels = []
            for p in combined.parts:
                rows = [x for x in singles.get(p, []) if x.source == combined.source] or singles.get(p, [])
                levels.append(rows)
            if not all(levels):
                continue
            ivs = [_meet(view.iv[x.id] for x in rows) or _hull(view.iv[x.id] for x in rows) for rows in levels]
            if not Iv(sum(i.lo for i in ivs), sum(i.hi for i in ivs)).overlaps(view.iv[combined.id]):
                out.append(("RC308", frozenset([combined.id, *[x.id for rows in levels for x in rows]])))
        by_source = defaultdict(list)
        for s in shares:
            by_source[s.source].append(s)
        for own in by_source.values():
            seen, chosen = set(), []
            for s in sorted(own, key=lambda s: s.line):
                members = set(s.parts or (s.subject,))
                if not members & seen:
                    seen |= members
                    chosen.append(s)
            if len(chosen) > 1 and sum(view.iv[s.id].lo for s in chosen) > 100 + 1e-9:
                out.append(("RC308", frozenset(s.id for s in chosen)))
    return out


RELATIONS = [relational_conflicts, cross_source_identities, basis_gaps, shares_of_total, shares_sums]


def all_claims(sources: list[Source]) -> list[Claim]:
    return [c for s in sources for c in s.claims]


def all_rankings(sources: list[Source]) -> list[Ranking]:
    return [r for s in sources for r in s.rankings]


__all__ = [
    "World", "Claim", "Ranking", "Source", "make_world", "make_sources", "write_sources", "source_yaml",
    "oracle", "interval", "all_claims", "all_rankings", "publish", "replace", "FACTOR",
]  # fmt: skip
