"""`--format html` / `--html PATH`: one self-contained HTML page for analysts.

Built from the JSON contract (``as_records``) plus, when the run's result is
given, every claim of the corpus (for the per-entity view). No network: CSS and
JS are inlined from ``templates/``; charts are inline SVG drawn here.

Safety: jinja2 autoescaping is on for everything. The only markup built in
Python is the quote highlighting and the charts, and both escape every piece of
claim text before adding their own tags.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _esc
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from reconcile.model import CAUSES
from reconcile.numbers import percent

TEMPLATES = Path(__file__).parent / "templates"
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#555555")
SHAPES = ("circle", "square", "triangle", "diamond")
SEVERITIES = ("error", "warning", "info")
OPEN_FINDINGS_UP_TO = 25  # findings are expanded when there are this few
OPEN_GROUP_UP_TO = 100  # a group of findings starts expanded when it holds this few
INLINE_CLAIMS_UP_TO = 5000  # above this many claim references, claim cards are written once and copied on demand
QUALIFIER_WORDS = {"about": "about", "over": "over", "at_least": "at least", "under": "under", "at_most": "at most", "nearly": "nearly"}


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight"] = highlight
    env.filters["published"] = published
    env.filters["num"] = _num
    env.globals["CAUSES"] = CAUSES
    return env


def render(records: dict, result=None, claims_inline: bool | None = None, **_) -> str:
    """The page. `claims_inline`: write each finding's claim cards into the finding (default when the
    findings name at most INLINE_CLAIMS_UP_TO claims in all), or write every claim card once and let
    the page's script copy them into a finding when it is opened, printed or searched (large runs)."""
    model = build_model(records, result)
    shown = model["active"] + model["accepted"]
    refs = sum(len(v["f"]["claims"]) for v in shown)
    model["claims_inline"] = refs <= INLINE_CLAIMS_UP_TO if claims_inline is None else claims_inline
    if not model["claims_inline"]:
        model["store_claims"] = _claim_store(shown)
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    # Inline code must not be able to close its own element.
    css, js = css.replace("</", "<\\/"), js.replace("</", "<\\/")
    # Class k<i> gives the i-th source's colour to its swatches and claim columns (var(--sc) in report.css).
    css += "".join(f".k{i}{{--sc:{s['color']}}}" for i, s in enumerate(model["sources"].values()))
    return _env().get_template("report.html.j2").render(**model, css=Markup(css), js=Markup(js))


def _claim_store(views: list[dict]) -> list[dict]:
    """Each claim the findings name, once, in order of first mention: the cards the page copies on demand."""
    seen: dict[str, dict] = {}
    for v in views:
        for c in v["f"]["claims"]:
            seen.setdefault(c["id"], c)
    return list(seen.values())


# --- text helpers -----------------------------------------------------------------


def safe_url(url) -> str | None:
    """Only http(s) links: a claim file must not be able to plant a javascript: URL."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) else None


def _value_pattern(value) -> re.Pattern | None:
    """A pattern for the published literal inside its quote: sign dropped, thousands separators optional."""
    literal = str(value or "").strip().lstrip("+-\u2212\u2013").replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", literal):
        return None
    whole, _, frac = literal.partition(".")
    variants = {whole}
    if len(whole) > 3:
        grouped = f"{int(whole):,}"
        variants.add(grouped)
        variants.add(grouped.replace(",", "\u202f"))
        variants.add(grouped.replace(",", " "))
    body = "(?:" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + ")"
    if frac:
        body += re.escape("." + frac)
    return re.compile(r"(?<![\w.,])" + body + r"(?![.,]?\d)")


def highlight(quote, value) -> Markup:
    """The quote, escaped, with the claim's figure wrapped in <mark> (every occurrence)."""
    text = "" if quote is None else str(quote)
    pattern = _value_pattern(value)
    if pattern is None:
        return escape(text)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        out.append(Markup("<mark>") + escape(m.group(0)) + Markup("</mark>"))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def published(c: dict) -> str:
    """The value as published with its qualifier, scale and unit: "over 100 count", "-35.4 billion USD"."""
    parts = []
    q = c.get("qualifier")
    if q and q != "exact":
        parts.append(QUALIFIER_WORDS.get(q, q))
    parts.append(str(c.get("value")))
    if c.get("scale") and c.get("scale") != "one":
        parts.append(c["scale"])
    if c.get("unit"):
        parts.append({"percent": "%", "USD": "USD"}.get(c["unit"], c["unit"]))
    return " ".join(parts)


def _num(x) -> str:
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, float):
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        if x == int(x) and abs(x) < 1e15:
            return f"{int(x):,}"
        return f"{x:.4g}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def _slug(text: str, taken: set) -> str:
    base = "e-" + (re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# --- model ------------------------------------------------------------------------
#
# build_model turns the JSON records (and, when given, the run's result) into the
# template's context in five steps: sources with their colours, one view per
# finding, the summary counts, the filter choices, and the per-entity views.


def build_model(records: dict, result=None) -> dict:
    """The template's context for `records` (the JSON contract); `result` adds every claim of the corpus."""
    sources = _sources(records)
    views = [_finding_view(i, f) for i, f in enumerate(records["findings"])]
    active, accepted = _split_accepted(views)
    groups = _groups(active, records.get("rules") or {})
    claims = _all_claims(records, result)
    source_rows = _source_rows(sources, views, claims)
    rule_rows, quiet_rules = _rule_rows(records, accepted)
    causes = Counter(v["cause"] for v in views)
    entities = _entities(claims, active, sources)
    return {
        "r": records,
        "s": records["summary"],
        "tool": records["tool"],
        "sources": sources,
        "source_rows": source_rows,
        "top_findings": _involved(source_rows[0]) if source_rows else 0,
        "pairs": _source_pairs(views).most_common(10),
        "rule_rows": rule_rows,
        "quiet_rules": quiet_rules,
        "causes": causes.most_common(),
        "groups": groups,
        "active": active,
        "accepted": accepted,
        "open_findings": len(active) <= OPEN_FINDINGS_UP_TO,
        "open_group_up_to": OPEN_GROUP_UP_TO,
        "open_findings_up_to": OPEN_FINDINGS_UP_TO,
        "filters": _filters(active, groups, causes),
        "entities": entities,
        "entity_slugs": {e["name"]: e["slug"] for e in entities},
        "problems": records["problems"],
        "stale": records["stale_baseline"],
        "n_claims": len(claims),
    }


# --- model: sources -----------------------------------------------------------------


def _sources(records: dict) -> dict[str, dict]:
    """Source id -> the source's record plus how the page draws it, in the order of the sources table."""
    sources = {s["id"]: dict(s) for s in records.get("sources", [])}
    # Sources named only by claims (records built without a sources table).
    for f in records["findings"]:
        for c in f["claims"]:
            sources.setdefault(c["source"], {"id": c["source"], "title": c["source"], "publisher": "", "url": None})
    for i, s in enumerate(sources.values()):
        _dress_source(i, s)
    return sources


def _dress_source(i: int, s: dict) -> None:
    """Give the i-th source its colour, mark shape, CSS class, swatch, safe link and lineage text."""
    s["color"] = PALETTE[i % len(PALETTE)]
    # The shape moves on one step each time the palette wraps, so no two of the first
    # len(PALETTE) * len(SHAPES) sources share both colour and shape.
    s["shape"] = SHAPES[(i // len(PALETTE) + i) % len(SHAPES)]
    s["href"] = safe_url(s.get("url"))
    s["cls"] = f"k{i}"
    s["swatch"] = Markup(f'<i class="sw k{i} sh-{s["shape"]}" aria-hidden="true"></i>')
    lineage = s.get("lineage")
    s["lineage_text"] = ", ".join(map(str, lineage)) if isinstance(lineage, (list, tuple)) else str(lineage or "")


# --- model: findings ----------------------------------------------------------------


def _finding_view(i: int, f: dict) -> dict:
    """The i-th finding as the template shows it: its claims in one column per source, its anchor, filter keys."""
    srcs = list(dict.fromkeys(c["source"] for c in f["claims"]))
    return {
        "f": f,
        "anchor": f"f-{i + 1}",
        "sources": srcs,
        "entities": list(dict.fromkeys(c["subject"] for c in f["claims"] if c.get("subject"))),
        "cause": f["cause"]["label"] if f["cause"] else "none",
        "details": _details(f["details"]),
        "columns": [{"source": sid, "claims": [c for c in f["claims"] if c["source"] == sid]} for sid in srcs],
        "claim_ids": [c["id"] for c in f["claims"]],
        # Claims about different things (subject, metric, kind, product) get their labels shown.
        "vary": len({(c.get("subject"), c.get("metric"), c.get("kind"), c.get("product")) for c in f["claims"]}) > 1,
    }


def _split_accepted(views: list[dict]) -> tuple[list[dict], list[dict]]:
    """(open findings, findings accepted in the baseline), each in report order."""
    return [v for v in views if not v["f"]["accepted"]], [v for v in views if v["f"]["accepted"]]


def _groups(active: list[dict], rules: dict) -> list[dict]:
    """The open findings grouped by rule code; a group starts expanded when it is small enough to read."""
    groups = []
    for code in sorted({v["f"]["code"] for v in active}):
        members = [v for v in active if v["f"]["code"] == code]
        name = rules.get(code, {}).get("name") or members[0]["f"]["name"]
        groups.append({"key": code, "label": f"{code} {name}", "members": members, "open": len(members) <= OPEN_GROUP_UP_TO})
    return groups


def _details(details: dict) -> list[tuple[str, str]]:
    """A finding's details as (label, text) rows."""
    return [(str(key).replace("_", " "), _detail_text(key, value)) for key, value in (details or {}).items()]


def _detail_text(key, value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_num(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_num(v) for v in value)
    # Changes and shares are ratios: show them as percentages beside the raw figure.
    if isinstance(value, float) and ("change" in key or "share" in key or key == "bound"):
        return f"{value:.4g} ({percent(value, '+.1%')})" if "change" in key else f"{value:.4g} ({percent(value)})"
    return _num(value)


# --- model: summary counts ----------------------------------------------------------


def _involved(row: dict) -> int:
    """How many discrepancies a source row takes part in, open or accepted."""
    return row["findings"] + row["accepted"]


def _source_rows(sources: dict, views: list[dict], claims: list[dict]) -> list[dict]:
    """One row per source: its claims, open findings, errors and accepted findings; most involved first."""
    claims_per_source = Counter(c["source"] for c in claims)
    findings, errors, accepted = _findings_per_source(views)
    rows = (
        {"s": s, "claims": claims_per_source.get(sid, 0), "findings": findings.get(sid, 0), "errors": errors.get(sid, 0),
         "accepted": accepted.get(sid, 0)} for sid, s in sources.items()
    )  # fmt: skip
    return sorted(rows, key=lambda r: (-_involved(r), -r["errors"], r["s"]["id"]))


def _findings_per_source(views: list[dict]) -> tuple[Counter, Counter, Counter]:
    """Per source id: open findings, open errors, accepted findings that involve it."""
    # Accepted discrepancies are still discrepancies between the documents: an editor
    # choosing which source to trust wants them counted, beside the open ones.
    open_, accepted = _split_accepted(views)
    findings = Counter(s for v in open_ for s in v["sources"])
    errors = Counter(s for v in open_ if v["f"]["severity"] == "error" for s in v["sources"])
    return findings, errors, Counter(s for v in accepted for s in v["sources"])


def _source_pairs(views: list[dict]) -> Counter:
    """"a + b" -> how many findings, open or accepted, involve exactly those sources (two or more)."""
    return Counter(" + ".join(sorted(v["sources"])) for v in views if len(v["sources"]) >= 2)


def _rule_rows(records: dict, accepted: list[dict]) -> tuple[list[dict], list[dict]]:
    """(rules with open or accepted findings, rules without), each row with its counts, in code order."""
    rules = records.get("rules") or {}
    codes = sorted(set(rules) | set(records["summary"].get("by_rule", {})))
    rows = [_rule_row(code, rules.get(code, {}), records["summary"], accepted) for code in codes]
    quiet = [r for r in rows if not r["findings"] and not r["accepted"]]
    return [r for r in rows if r["findings"] or r["accepted"]], quiet


def _rule_row(code: str, rule: dict, summary: dict, accepted: list[dict]) -> dict:
    return {
        "code": code,
        "name": rule.get("name", ""),
        # "RC201: text" -> "text": the code is already in its own column.
        "summary": (rule.get("summary") or "").split(": ", 1)[-1],
        "findings": summary.get("by_rule", {}).get(code, 0),
        "accepted": sum(1 for v in accepted if v["f"]["code"] == code),
        "checked": summary.get("checked", {}).get(code),
    }


# --- model: filters -----------------------------------------------------------------


def _filters(active: list[dict], groups: list[dict], causes: Counter) -> dict:
    """The choices of each filter above the findings: only values some open finding has (causes: any finding)."""
    return {
        "severity": [s for s in SEVERITIES if any(v["f"]["severity"] == s for v in active)],
        "rule": [(g["key"], g["label"]) for g in groups],
        "cause": sorted(causes),
        "source": sorted({s for v in active for s in v["sources"]}),
        "entity": sorted({e for v in active for e in v["entities"]}, key=str.lower),
    }


# --- model: the claims --------------------------------------------------------------


CLAIM_COLUMNS = (
    "id", "source", "file", "line", "kind", "subject_name", "subject", "metric", "period", "value", "unit", "scale",
    "normalized", "lo", "hi", "qualifier", "quote", "quote_line", "product", "period_start", "status",
)  # fmt: skip


def _all_claims(records: dict, result) -> list[dict]:
    """Every claim of the run when the result is at hand, else those the findings name."""
    rows = _corpus_claim_records(result)
    if rows:
        return [_report_claim(row) for row in rows]
    return _finding_claims(records)


def _corpus_claim_records(result) -> list[dict]:
    """Every claim of the run's corpus as a dict of CLAIM_COLUMNS; [] when unusable.

    The only place that reads the corpus's claims (``Claim`` records). An empty list (no
    result, no corpus, no claims, or a corpus with input problems) makes the report fall
    back to the claims the findings name.
    """
    corpus = getattr(result, "corpus", None)
    claims = getattr(corpus, "claims", None) if corpus is not None else None
    if not claims or not getattr(corpus, "ok", True):
        return []
    return [{k: getattr(c, k) for k in CLAIM_COLUMNS} for c in claims]


def _report_claim(row: dict) -> dict:
    """A corpus claim as the report shows it: plain Python values, the subject by its name rather than its id."""
    rec = {k: _plain(v) for k, v in row.items()}
    rec["subject"] = rec.get("subject_name") or rec.get("subject")
    return rec


def _finding_claims(records: dict) -> list[dict]:
    """The claims the findings name, each once, in order of first mention."""
    seen, out = set(), []
    for f in records["findings"]:
        for c in f["claims"]:
            if c["id"] not in seen:
                seen.add(c["id"])
                out.append(c)
    return out


def _plain(value):
    """A numpy scalar as the Python value it holds; NaN (pandas' missing value) as None."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# --- model: entities ----------------------------------------------------------------


GRAINS = ("year", "half", "quarter", "month", "day", "range", "other")
GRAIN_WORDS = {"year": "years", "half": "half-years", "quarter": "quarters", "month": "months", "day": "dates", "range": "multi-month spans", "other": "other periods"}
GRAIN_PATTERNS = (
    ("year", r"\d{4}"),
    ("half", r"\d{4}-H[12]"),
    ("quarter", r"\d{4}-Q[1-4]"),
    ("month", r"\d{4}-\d{2}"),
    ("day", r"\d{4}-\d{2}-\d{2}"),
)


def grain(period) -> str:
    """Figures of different period lengths do not share a chart (a month is not a year)."""
    p = str(period or "")
    if ".." in p:
        return "range"
    return next((name for name, pattern in GRAIN_PATTERNS if re.fullmatch(pattern, p)), "other")


def _entities(claims: list[dict], active: list[dict], sources: dict) -> list[dict]:
    """One view per entity (claim subject): its claims table and charts; entities with most findings first."""
    flagged = _flagged_claims(active)
    by_entity: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("subject"):
            by_entity[c["subject"]].append(c)
    findings_per_entity = Counter(e for v in active for e in v["entities"])
    taken: set = set()  # slugs given so far: two names that slug alike get distinct anchors
    out = []
    for name in sorted(by_entity, key=lambda n: (-findings_per_entity.get(n, 0), n.lower())):
        rows = sorted(by_entity[name], key=_claim_row_key)
        out.append(
            {
                "name": name,
                "slug": _slug(name, taken),
                "rows": rows,
                "charts": _entity_charts(name, rows, sources, flagged),
                "findings": findings_per_entity.get(name, 0),
                "flags": {c["id"]: _flag_links(flagged[c["id"]]) for c in rows if c["id"] in flagged},
            }
        )
    return out


def _flagged_claims(active: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """Claim id -> (rule code, finding anchor) for each open finding that names the claim."""
    flagged: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for v in active:
        for c in v["f"]["claims"]:
            flagged[c["id"]].append((v["f"]["code"], v["anchor"]))
    return flagged


def _claim_row_key(c: dict):
    """Order of an entity's claims table: by metric, then period in time order, source, id."""
    return (str(c.get("metric")), _period_key(c), str(c.get("source")), str(c.get("id")))


def _period_key(c: dict):
    """Periods in time order: by start date when the claim has one, else by the period's text."""
    start = c.get("period_start")
    return (str(start) if start else str(c.get("period") or ""), str(c.get("period") or ""))


def _flag_links(hits: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(code, anchor of its first finding, how many findings of that rule) for one claim."""
    first: dict[str, str] = {}
    count: Counter = Counter()
    for code, anchor in hits:
        first.setdefault(code, anchor)
        count[code] += 1
    return [(code, first[code], count[code]) for code in sorted(first)]


def _entity_charts(name: str, rows: list[dict], sources: dict, flagged: dict) -> list[dict]:
    """One chart per series (metric, unit, product, period grain) of an entity that has two figures or more."""
    charts = []
    for (metric, unit, product, g), members in sorted(_chart_series(rows).items(), key=_series_order):
        if len(members) < 2:
            continue  # one figure: the table says it all
        title = _chart_title(name, metric, product, g)
        charts.append({"title": title, "svg": chart(title, members, unit, sources, flagged), "sources": _legend_sources(members)})
    return charts


def _chart_series(rows: list[dict]) -> dict[tuple, list[dict]]:
    """(metric, unit, product, grain) -> the entity's value claims with a finite figure, in table order."""
    series = defaultdict(list)
    for c in rows:
        if c.get("kind", "value") == "value" and isinstance(c.get("normalized"), (int, float)) and math.isfinite(c["normalized"]):
            series[(c.get("metric"), c.get("unit"), c.get("product") or "", grain(c.get("period")))].append(c)
    return series


def _series_order(item):
    """Charts by metric, then grain from years down, then product, then unit."""
    (metric, unit, product, g), _ = item
    return (str(metric), GRAINS.index(g), str(product), str(unit))


def _chart_title(name: str, metric, product: str, g: str) -> str:
    """"Germany · goods balance · cars (quarters)": the grain is only named when it is not years."""
    title = f"{name} · {str(metric).replace('_', ' ')}"
    if product:
        title += f" · {product}"
    if g != "year":
        title += f" ({GRAIN_WORDS[g]})"
    return title


def _legend_sources(claims: list[dict]) -> list[str]:
    """The sources a chart's legend lists, in order of their first claim."""
    return list(dict.fromkeys(c["source"] for c in claims))


# --- charts -----------------------------------------------------------------------
#
# chart() draws one inline SVG: value (y) by period (x), one mark per claim. A _Scale
# maps values and (period, source) to pixels; each layer function returns its SVG
# pieces, drawn in this order so later layers sit on top: shaded periods, y grid and
# labels, axes, x labels, spreads, marks. The legend is the figure caption's (see
# _legend_sources and the template), not part of the SVG.

CHART_W, CHART_H = 540, 200  # the SVG's size (px)
# Margins: room for the y labels on the left and the (maybe rotated) x labels below.
CHART_L, CHART_R, CHART_T, CHART_B = 62, 12, 10, 40
PLOT_W, PLOT_H = CHART_W - CHART_L - CHART_R, CHART_H - CHART_T - CHART_B
PLOT_BOTTOM = CHART_T + PLOT_H
MARK_RADIUS = 4.5
ROTATE_BELOW = 52  # period columns narrower than this (px) get their labels slanted
DEFAULT_STYLE = {"color": "#555", "shape": "circle"}  # a source missing from the sources table


def chart(title: str, claims: list[dict], unit: str | None, sources: dict, flagged: dict) -> Markup:
    """Value by period, one mark per claim coloured and shaped by source; periods with findings shaded."""
    scale = _scale(claims)
    parts = [_svg_open(title)]
    parts += _hot_periods(scale, claims, flagged)
    parts += _y_axis(scale, unit)
    parts.append(_axes())
    parts += _x_axis(scale)
    parts += _spreads(scale, claims)
    parts += [_claim_mark(scale, c, sources, flagged) for c in claims]
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class _Scale:
    """Where things go on one chart: values to y, periods to columns, sources to places within a column."""

    labels: list  # the periods, in time order, one column each
    index: dict  # period -> its column
    lo: float  # the value at the bottom of the plot
    hi: float  # the value at the top
    band: float  # the width of one column (px)
    sources: list  # source ids in the order their marks stand side by side in a column
    step: float  # the distance between two sources' marks (px)

    def y(self, v: float) -> float:
        return CHART_T + PLOT_H * (1 - (v - self.lo) / (self.hi - self.lo))

    def left(self, period) -> float:
        return CHART_L + self.band * self.index[period]

    def centre(self, period) -> float:
        return CHART_L + self.band * (self.index[period] + 0.5)

    def x(self, period, source: str) -> float:
        # Sources side by side around the column's centre, so equal figures do not hide each other.
        return self.centre(period) + (self.sources.index(source) - (len(self.sources) - 1) / 2) * self.step


def _scale(claims: list[dict]) -> _Scale:
    periods = sorted({(_period_key(c), c.get("period")) for c in claims})
    labels = [p for _, p in periods]
    lo, hi = _value_range(claims)
    band = PLOT_W / max(len(labels), 1)
    srcs = list(dict.fromkeys(c["source"] for c in sorted(claims, key=lambda c: str(c["source"]))))
    return _Scale(labels, {p: i for i, p in enumerate(labels)}, lo, hi, band, srcs, min(14.0, band / (len(srcs) + 1)))


def _value_range(claims: list[dict]) -> tuple[float, float]:
    """The values at the bottom and top of the plot: every figure and finite interval end, with a margin."""
    bounds = [float(c["normalized"]) for c in claims]
    bounds += [float(v) for c in claims for v in (c.get("lo"), c.get("hi")) if isinstance(v, (int, float)) and math.isfinite(v)]
    lo, hi = min(bounds), max(bounds)
    # Pad so no mark sits on the frame; equal figures get a range around them (or around 0).
    pad = (abs(hi) * 0.1 or 1.0) if hi == lo else (hi - lo) * 0.12
    return lo - pad, hi + pad


def _svg_open(title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {CHART_W} {CHART_H}" width="{CHART_W}" height="{CHART_H}" role="img" '
        f'aria-label="{_esc(title, quote=True)}: value by period and source" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{_esc(title)}</title>"
    )


def _hot_periods(scale: _Scale, claims: list[dict], flagged: dict) -> list[str]:
    """A shaded column for each period where some claim is part of a finding."""
    hot = {c.get("period") for c in claims if c["id"] in flagged}
    return [
        f'<rect class="hot" x="{scale.left(p):.1f}" y="{CHART_T}" width="{scale.band:.1f}" height="{PLOT_H}">'
        f"<title>{_esc(str(p))}: figures here are part of a finding</title></rect>"
        for p in scale.labels
        if p in hot
    ]


def _y_axis(scale: _Scale, unit: str | None) -> list[str]:
    """A grid line (the zero line stands out) and a label for each tick of the value axis."""
    ticks = _nice_ticks(scale.lo, scale.hi)
    tick_step = ticks[1] - ticks[0] if len(ticks) > 1 else 0.0
    parts = []
    for t in ticks:
        yy = scale.y(t)
        parts.append(f'<line class="{"zero" if t == 0 else "grid"}" x1="{CHART_L}" x2="{CHART_W - CHART_R}" y1="{yy:.1f}" y2="{yy:.1f}"/>')
        parts.append(f'<text class="yt" x="{CHART_L - 6}" y="{yy + 3.5:.1f}">{_esc(axis_label(t, unit, tick_step))}</text>')
    return parts


def _axes() -> str:
    """The value axis on the left and the period axis at the bottom."""
    return (
        f'<line class="axis" x1="{CHART_L}" x2="{CHART_L}" y1="{CHART_T}" y2="{PLOT_BOTTOM}"/>'
        f'<line class="axis" x1="{CHART_L}" x2="{CHART_W - CHART_R}" y1="{PLOT_BOTTOM}" y2="{PLOT_BOTTOM}"/>'
    )


def _x_axis(scale: _Scale) -> list[str]:
    """A label under each period's column, slanted when the columns are too narrow for it."""
    if scale.band < ROTATE_BELOW:
        return [
            f'<text class="xt r" transform="translate({scale.centre(p):.1f},{PLOT_BOTTOM + 12}) rotate(-30)">{_esc(str(p))}</text>'
            for p in scale.labels
        ]
    return [f'<text class="xt" x="{scale.centre(p):.1f}" y="{PLOT_BOTTOM + 15}">{_esc(str(p))}</text>' for p in scale.labels]


def _spreads(scale: _Scale, claims: list[dict]) -> list[str]:
    """At each period whose figures differ, a line from the lowest to the highest: the disagreement."""
    per_period = defaultdict(list)
    for c in claims:
        per_period[c.get("period")].append(float(c["normalized"]))
    return [
        f'<line class="spread" x1="{scale.centre(p):.1f}" x2="{scale.centre(p):.1f}" y1="{scale.y(min(vals)):.1f}" y2="{scale.y(max(vals)):.1f}"/>'
        for p, vals in per_period.items()
        if len(set(vals)) > 1
    ]


def _claim_mark(scale: _Scale, c: dict, sources: dict, flagged: dict) -> str:
    """One claim: its interval (when it has one) and its mark, outlined when it is part of a finding, with a tooltip."""
    style = sources.get(c["source"], DEFAULT_STYLE)
    xx, yy = scale.x(c["period"], c["source"]), scale.y(float(c["normalized"]))
    cls = "m flag" if c["id"] in flagged else "m"
    mark = f"<g>{_mark(xx, yy, MARK_RADIUS, style['color'], style['shape'], cls)}<title>{_esc(_tooltip(c))}</title></g>"
    return _interval(scale, c, xx, style["color"]) + mark


def _interval(scale: _Scale, c: dict, xx: float, color: str) -> str:
    """A vertical line over the values a qualified or rounded figure allows; open ends run to the plot's edge."""
    clo, chi = c.get("lo"), c.get("hi")
    if not (isinstance(clo, (int, float)) and isinstance(chi, (int, float)) and (chi - clo) > 0):
        return ""
    y1 = CHART_T if math.isinf(chi) else scale.y(chi)
    y2 = PLOT_BOTTOM if math.isinf(clo) else scale.y(clo)
    return f'<line class="iv" x1="{xx:.1f}" x2="{xx:.1f}" y1="{max(CHART_T, y1):.1f}" y2="{min(PLOT_BOTTOM, y2):.1f}" stroke="{color}"/>'


def _tooltip(c: dict) -> str:
    """Source · period · the figure as published — “quote” (claim file:line)."""
    return f'{c["source"]} · {c.get("period")} · {published(c)} — “{c.get("quote") or ""}” ({c.get("file")}:{c.get("line")})'


def _mark(x: float, y: float, r: float, color: str, shape: str, cls: str) -> Markup:
    """A mark of radius about `r` centred on (x, y) in the source's shape: shape tells sources apart without colour."""
    c = f' class="{cls}"' if cls else ""
    if shape == "square":
        s = f'<rect{c} x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{color}"/>'
    elif shape == "triangle":
        s = f'<path{c} d="M{x:.1f} {y - r * 1.15:.1f}L{x + r * 1.1:.1f} {y + r * 0.8:.1f}H{x - r * 1.1:.1f}Z" fill="{color}"/>'
    elif shape == "diamond":
        s = f'<path{c} d="M{x:.1f} {y - r * 1.25:.1f}L{x + r * 1.1:.1f} {y:.1f}L{x:.1f} {y + r * 1.25:.1f}L{x - r * 1.1:.1f} {y:.1f}Z" fill="{color}"/>'
    else:
        s = f'<circle{c} cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}"/>'
    return Markup(s)


def _nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """About n ticks between lo and hi at round steps (1, 2, 2.5 or 5 times a power of ten)."""
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step) * step
    ticks, t = [], start
    # Stepping accumulates float error: allow a hair past hi, and snap a near-zero tick to 0.
    while t <= hi + step * 1e-9:
        ticks.append(0.0 if abs(t) < step * 1e-9 else t)
        t += step
    return ticks


def axis_label(x: float, unit: str | None, step: float = 0.0) -> str:
    """A compact tick label with just enough decimals to tell ticks `step` apart."""

    def decimals(scale: float) -> int:
        if step <= 0:
            return 2
        v = step / scale
        return next((d for d in range(5) if abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v))), 4)

    if unit == "percent":
        return f"{x:.{decimals(1)}f}%"
    if unit in ("count", "rank"):
        return f"{x:,.{decimals(1)}f}"
    sign = "−" if x < 0 else ""
    a = abs(x)
    for factor, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if a >= factor or (a == 0 and step >= factor):
            return f"{sign}${a / factor:,.{decimals(factor)}f}{suffix}"
    return f"{sign}${a:,.{decimals(1)}f}"
