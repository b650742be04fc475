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
from functools import lru_cache
from html import escape as _esc
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from reconcile.model import CAUSES

TEMPLATES = Path(__file__).parent / "templates"
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#555555")
SHAPES = ("circle", "square", "triangle", "diamond")
SEVERITIES = ("error", "warning", "info")
OPEN_FINDINGS_UP_TO = 25  # findings are expanded when there are this few
OPEN_GROUP_UP_TO = 100  # a group of findings starts expanded when it holds this few
INLINE_CLAIMS_UP_TO = 5000  # above this many claim references, claim cards are written once and copied on demand
QUALIFIER_WORDS = {"about": "about", "over": "over", "at_least": "at least", "under": "under", "at_most": "at most", "nearly": "nearly"}
SCALE_SUFFIX = {"thousand": "K", "million": "M", "billion": "B", "trillion": "T"}


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
    refs = sum(len(v["f"]["claims"]) for v in model["active"] + model["accepted"])
    model["claims_inline"] = refs <= INLINE_CLAIMS_UP_TO if claims_inline is None else claims_inline
    if not model["claims_inline"]:
        seen: dict[str, dict] = {}
        for v in model["active"] + model["accepted"]:
            for c in v["f"]["claims"]:
                seen.setdefault(c["id"], c)
        model["store_claims"] = list(seen.values())
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    # Inline code must not be able to close its own element.
    css, js = css.replace("</", "<\\/"), js.replace("</", "<\\/")
    css += "".join(f".k{i}{{--sc:{s['color']}}}" for i, s in enumerate(model["sources"].values()))
    return _env().get_template("report.html.j2").render(**model, css=Markup(css), js=Markup(js))


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


def _details(details: dict) -> list[tuple[str, str]]:
    rows = []
    for key, value in (details or {}).items():
        label = str(key).replace("_", " ")
        if isinstance(value, dict):
            rows.append((label, "; ".join(f"{k}: {_num(v)}" for k, v in value.items())))
        elif isinstance(value, (list, tuple)):
            rows.append((label, ", ".join(_num(v) for v in value)))
        elif isinstance(value, float) and ("change" in key or "share" in key or key == "bound"):
            rows.append((label, f"{value:.4g} ({value:+.1%})" if "change" in key else f"{value:.4g} ({value:.0%})"))
        else:
            rows.append((label, _num(value)))
    return rows


def _slug(text: str, taken: set) -> str:
    base = "e-" + (re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


# --- model ------------------------------------------------------------------------


def build_model(records: dict, result=None) -> dict:
    summary = records["summary"]
    sources = {s["id"]: dict(s) for s in records.get("sources", [])}
    findings = records["findings"]
    # Sources named only by claims (records built without a sources table).
    for f in findings:
        for c in f["claims"]:
            sources.setdefault(c["source"], {"id": c["source"], "title": c["source"], "publisher": "", "url": None})
    for i, (sid, s) in enumerate(sources.items()):
        s["color"] = PALETTE[i % len(PALETTE)]
        s["shape"] = SHAPES[(i // len(PALETTE) + i) % len(SHAPES)]
        s["href"] = safe_url(s.get("url"))
        s["cls"] = f"k{i}"
        s["swatch"] = Markup(f'<i class="sw k{i} sh-{s["shape"]}" aria-hidden="true"></i>')
        lineage = s.get("lineage")
        s["lineage_text"] = ", ".join(map(str, lineage)) if isinstance(lineage, (list, tuple)) else str(lineage or "")

    views = []
    for i, f in enumerate(findings):
        srcs = list(dict.fromkeys(c["source"] for c in f["claims"]))
        ents = list(dict.fromkeys(c["subject"] for c in f["claims"] if c.get("subject")))
        views.append(
            {
                "f": f,
                "anchor": f"f-{i + 1}",
                "sources": srcs,
                "entities": ents,
                "cause": f["cause"]["label"] if f["cause"] else "none",
                "details": _details(f["details"]),
                "columns": [{"source": sid, "claims": [c for c in f["claims"] if c["source"] == sid]} for sid in srcs],
                "claim_ids": [c["id"] for c in f["claims"]],
                "vary": len({(c.get("subject"), c.get("metric"), c.get("kind"), c.get("product")) for c in f["claims"]}) > 1,
            }
        )
    active = [v for v in views if not v["f"]["accepted"]]
    accepted = [v for v in views if v["f"]["accepted"]]

    rules = records.get("rules") or {}
    groups = []
    for code in sorted({v["f"]["code"] for v in active}):
        members = [v for v in active if v["f"]["code"] == code]
        name = rules.get(code, {}).get("name") or members[0]["f"]["name"]
        groups.append({"key": code, "label": f"{code} {name}", "members": members, "open": len(members) <= OPEN_GROUP_UP_TO})

    claims = _all_claims(records, result)
    claims_per_source = Counter(c["source"] for c in claims)
    per_source = Counter()
    errors_per_source = Counter()
    accepted_per_source = Counter()
    pairs = Counter()
    # Accepted discrepancies are still discrepancies between the documents: an editor
    # choosing which source to trust wants them counted, beside the open ones.
    for v in views:
        for s in v["sources"]:
            if v["f"]["accepted"]:
                accepted_per_source[s] += 1
            else:
                per_source[s] += 1
                errors_per_source[s] += v["f"]["severity"] == "error"
        if len(v["sources"]) >= 2:
            pairs[" + ".join(sorted(v["sources"]))] += 1
    source_rows = sorted(
        ({"s": s, "claims": claims_per_source.get(sid, 0), "findings": per_source.get(sid, 0), "errors": errors_per_source.get(sid, 0),
          "accepted": accepted_per_source.get(sid, 0)} for sid, s in sources.items()),
        key=lambda r: (-(r["findings"] + r["accepted"]), -r["errors"], r["s"]["id"]),
    )  # fmt: skip
    top = (source_rows[0]["findings"] + source_rows[0]["accepted"]) if source_rows else 0

    checked = summary.get("checked", {})
    rule_rows = []
    for code in sorted(set(rules) | set(summary.get("by_rule", {}))):
        rule_rows.append(
            {
                "code": code,
                "name": rules.get(code, {}).get("name", ""),
                "summary": (rules.get(code, {}).get("summary") or "").split(": ", 1)[-1],
                "findings": summary.get("by_rule", {}).get(code, 0),
                "accepted": sum(1 for v in accepted if v["f"]["code"] == code),
                "checked": checked.get(code),
            }
        )
    causes = Counter(v["cause"] for v in views)
    quiet_rules = [r for r in rule_rows if not r["findings"] and not r["accepted"]]
    rule_rows = [r for r in rule_rows if r["findings"] or r["accepted"]]

    entities = _entities(claims, active, sources)
    filters = {
        "severity": [s for s in SEVERITIES if any(v["f"]["severity"] == s for v in active)],
        "rule": [(g["key"], g["label"]) for g in groups],
        "cause": sorted(causes),
        "source": sorted({s for v in active for s in v["sources"]}),
        "entity": sorted({e for v in active for e in v["entities"]}, key=str.lower),
    }
    return {
        "r": records,
        "s": summary,
        "tool": records["tool"],
        "sources": sources,
        "source_rows": source_rows,
        "top_findings": top,
        "pairs": pairs.most_common(10),
        "rule_rows": rule_rows,
        "quiet_rules": quiet_rules,
        "causes": causes.most_common(),
        "groups": groups,
        "active": active,
        "accepted": accepted,
        "open_findings": len(active) <= OPEN_FINDINGS_UP_TO,
        "open_group_up_to": OPEN_GROUP_UP_TO,
        "open_findings_up_to": OPEN_FINDINGS_UP_TO,
        "filters": filters,
        "entities": entities,
        "entity_slugs": {e["name"]: e["slug"] for e in entities},
        "problems": records["problems"],
        "stale": records["stale_baseline"],
        "n_claims": len(claims),
    }


CLAIM_COLUMNS = (
    "id", "source", "file", "line", "kind", "subject_name", "subject", "metric", "period", "value", "unit", "scale",
    "normalized", "lo", "hi", "qualifier", "quote", "quote_line", "product", "period_start", "status",
)  # fmt: skip


def _all_claims(records: dict, result) -> list[dict]:
    """Every claim of the run when the result is at hand, else those the findings name."""
    corpus = getattr(result, "corpus", None)
    claims = getattr(corpus, "claims", None) if corpus is not None else None
    if claims and getattr(corpus, "ok", True):
        rows = [{k: getattr(c, k) for k in CLAIM_COLUMNS} for c in claims]
        out = []
        for row in rows:
            rec = {k: _plain(v) for k, v in row.items()}
            rec["subject"] = rec.get("subject_name") or rec.get("subject")
            out.append(rec)
        return out
    seen, out = set(), []
    for f in records["findings"]:
        for c in f["claims"]:
            if c["id"] not in seen:
                seen.add(c["id"])
                out.append(c)
    return out


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


GRAINS = ("year", "half", "quarter", "month", "day", "range", "other")
GRAIN_WORDS = {"year": "years", "half": "half-years", "quarter": "quarters", "month": "months", "day": "dates", "range": "multi-month spans", "other": "other periods"}


def grain(period) -> str:
    """Figures of different period lengths do not share a chart (a month is not a year)."""
    p = str(period or "")
    if ".." in p:
        return "range"
    if re.fullmatch(r"\d{4}", p):
        return "year"
    if re.fullmatch(r"\d{4}-H[12]", p):
        return "half"
    if re.fullmatch(r"\d{4}-Q[1-4]", p):
        return "quarter"
    if re.fullmatch(r"\d{4}-\d{2}", p):
        return "month"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p):
        return "day"
    return "other"


def _flag_links(hits: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(code, anchor of its first finding, how many findings of that rule) for one claim."""
    first: dict[str, str] = {}
    count: Counter = Counter()
    for code, anchor in hits:
        first.setdefault(code, anchor)
        count[code] += 1
    return [(code, first[code], count[code]) for code in sorted(first)]


def _period_key(c: dict):
    start = c.get("period_start")
    return (str(start) if start else str(c.get("period") or ""), str(c.get("period") or ""))


def _entities(claims: list[dict], active: list[dict], sources: dict) -> list[dict]:
    flagged: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for v in active:
        for c in v["f"]["claims"]:
            flagged[c["id"]].append((v["f"]["code"], v["anchor"]))
    by_entity: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if c.get("subject"):
            by_entity[c["subject"]].append(c)
    findings_per_entity = Counter(e for v in active for e in v["entities"])
    taken: set = set()
    out = []
    for name in sorted(by_entity, key=lambda n: (-findings_per_entity.get(n, 0), n.lower())):
        rows = sorted(by_entity[name], key=lambda c: (str(c.get("metric")), _period_key(c), str(c.get("source")), str(c.get("id"))))
        charts = []
        series = defaultdict(list)
        for c in rows:
            if c.get("kind", "value") == "value" and isinstance(c.get("normalized"), (int, float)) and math.isfinite(c["normalized"]):
                series[(c.get("metric"), c.get("unit"), c.get("product") or "", grain(c.get("period")))].append(c)
        for (metric, unit, product, g), members in sorted(series.items(), key=lambda kv: (str(kv[0][0]), GRAINS.index(kv[0][3]), str(kv[0][2]), str(kv[0][1]))):
            if len(members) < 2:
                continue  # one figure: the table says it all
            title = f"{name} · {str(metric).replace('_', ' ')}" + (f" · {product}" if product else "") + (f" ({GRAIN_WORDS[g]})" if g != "year" else "")
            charts.append({"title": title, "svg": chart(title, members, unit, sources, flagged), "sources": list(dict.fromkeys(c["source"] for c in members))})
        out.append(
            {
                "name": name,
                "slug": _slug(name, taken),
                "rows": rows,
                "charts": charts,
                "findings": findings_per_entity.get(name, 0),
                "flags": {c["id"]: _flag_links(flagged[c["id"]]) for c in rows if c["id"] in flagged},
            }
        )
    return out


# --- charts -----------------------------------------------------------------------


def _mark(x: float, y: float, r: float, color: str, shape: str, cls: str) -> Markup:
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
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step) * step
    ticks, t = [], start
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


def chart(title: str, claims: list[dict], unit: str | None, sources: dict, flagged: dict) -> Markup:
    """Value by period, one mark per claim coloured and shaped by source; periods with findings shaded."""
    W, H, L, R, T, B = 540, 200, 62, 12, 10, 40
    periods = sorted({(_period_key(c), c.get("period")) for c in claims})
    labels = [p for _, p in periods]
    index = {p: i for i, p in enumerate(labels)}
    values = [float(c["normalized"]) for c in claims]
    bounds = list(values)
    for c in claims:
        for k in ("lo", "hi"):
            v = c.get(k)
            if isinstance(v, (int, float)) and math.isfinite(v):
                bounds.append(float(v))
    lo, hi = min(bounds), max(bounds)
    if hi == lo:
        pad = abs(hi) * 0.1 or 1.0
    else:
        pad = (hi - lo) * 0.12
    lo, hi = lo - pad, hi + pad
    plot_w, plot_h = W - L - R, H - T - B
    band = plot_w / max(len(labels), 1)

    def y(v: float) -> float:
        return T + plot_h * (1 - (v - lo) / (hi - lo))

    src_order = list(dict.fromkeys(c["source"] for c in sorted(claims, key=lambda c: str(c["source"]))))
    ns = len(src_order)
    step = min(14.0, band / (ns + 1))

    def x(period: str, source: str) -> float:
        return L + band * (index[period] + 0.5) + (src_order.index(source) - (ns - 1) / 2) * step

    parts = [
        f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" aria-label="{_esc(title, quote=True)}: value by period and source" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_esc(title)}</title>",
    ]
    # shaded periods: some claim there is part of a finding
    hot = {c.get("period") for c in claims if c["id"] in flagged}
    for p in labels:
        if p in hot:
            parts.append(f'<rect class="hot" x="{L + band * index[p]:.1f}" y="{T}" width="{band:.1f}" height="{plot_h}"><title>{_esc(str(p))}: figures here are part of a finding</title></rect>')
    ticks = _nice_ticks(lo, hi)
    tick_step = ticks[1] - ticks[0] if len(ticks) > 1 else 0.0
    for t in ticks:
        yy = y(t)
        parts.append(f'<line class="{"zero" if t == 0 else "grid"}" x1="{L}" x2="{W - R}" y1="{yy:.1f}" y2="{yy:.1f}"/>')
        parts.append(f'<text class="yt" x="{L - 6}" y="{yy + 3.5:.1f}">{_esc(axis_label(t, unit, tick_step))}</text>')
    parts.append(f'<line class="axis" x1="{L}" x2="{L}" y1="{T}" y2="{T + plot_h}"/><line class="axis" x1="{L}" x2="{W - R}" y1="{T + plot_h}" y2="{T + plot_h}"/>')
    rotate = band < 52
    for p in labels:
        xx = L + band * (index[p] + 0.5)
        if rotate:
            parts.append(f'<text class="xt r" transform="translate({xx:.1f},{T + plot_h + 12}) rotate(-30)">{_esc(str(p))}</text>')
        else:
            parts.append(f'<text class="xt" x="{xx:.1f}" y="{T + plot_h + 15}">{_esc(str(p))}</text>')
    # spread at each period: from the lowest to the highest figure
    per_period = defaultdict(list)
    for c in claims:
        per_period[c.get("period")].append(float(c["normalized"]))
    for p, vals in per_period.items():
        if len(set(vals)) > 1:
            xx = L + band * (index[p] + 0.5)
            parts.append(f'<line class="spread" x1="{xx:.1f}" x2="{xx:.1f}" y1="{y(min(vals)):.1f}" y2="{y(max(vals)):.1f}"/>')
    for c in claims:
        s = sources.get(c["source"], {"color": "#555", "shape": "circle", "title": c["source"]})
        xx, yy = x(c["period"], c["source"]), y(float(c["normalized"]))
        clo, chi = c.get("lo"), c.get("hi")
        if isinstance(clo, (int, float)) and isinstance(chi, (int, float)) and (chi - clo) > 0:
            y1 = T if math.isinf(chi) else y(chi)
            y2 = T + plot_h if math.isinf(clo) else y(clo)
            parts.append(f'<line class="iv" x1="{xx:.1f}" x2="{xx:.1f}" y1="{max(T, y1):.1f}" y2="{min(T + plot_h, y2):.1f}" stroke="{s["color"]}"/>')
        tip = f'{c["source"]} · {c.get("period")} · {published(c)} — “{c.get("quote") or ""}” ({c.get("file")}:{c.get("line")})'
        cls = "m flag" if c["id"] in flagged else "m"
        parts.append(f"<g>{_mark(xx, yy, 4.5, s['color'], s['shape'], cls)}<title>{_esc(tip)}</title></g>")
    parts.append("</svg>")
    return Markup("".join(parts))
