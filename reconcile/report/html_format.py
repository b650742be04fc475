"""`--format html` / `--html PATH`: one self-contained HTML page for analysts.

Built from the JSON contract (``as_records``) plus, when the run's result is
given, every claim of the corpus (for the per-entity view). No network: CSS and
JS are inlined from ``templates/``.

What is HTML and what is data: the summary and the findings (cause, evidence,
details, and — up to INLINE_CLAIMS_UP_TO claim references — each side's claim
cards with their quotes) are written as HTML, so they read without the script
and print as they are. Every claim is also written once into a compact JSON blob
(``html_data``), from which the page's script draws each entity's charts and
claims table when the entity is opened, and a large run's claim cards when their
finding is opened. This keeps a 10^5-claim report a few MB instead of 60 and
its rendering a fraction of the run (benchmarks/html_report.py measures it).

Safety: jinja2 autoescaping is on for everything. The only markup built in
Python is the quote highlighting, which escapes every piece of claim text before
adding its own tags; the JSON blob is escaped for its script element
(``html_data.script_json``) and the script builds elements with textContent.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache, partial
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from reconcile.model import CAUSES
from reconcile.numbers import percent
from reconcile.report import html_data, html_verdicts

TEMPLATES = Path(__file__).parent / "templates"
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#555555")
SHAPES = ("circle", "square", "triangle", "diamond")
SEVERITIES = ("error", "warning", "info")
OPEN_FINDINGS_UP_TO = 25  # findings are expanded when there are this few
OPEN_GROUP_UP_TO = 100  # a group of findings starts expanded when it holds this few
INLINE_CLAIMS_UP_TO = 5000  # above this many claim references, the script builds claim cards from the data on demand
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
    """The page. `claims_inline`: write each finding's claim cards into the finding as HTML (default when
    the findings name at most INLINE_CLAIMS_UP_TO claims in all), or let the page's script build them
    from the claims data when a finding is opened, printed or searched (large runs)."""
    model = build_model(records, result)
    shown = model["active"] + model["accepted"]
    refs = sum(len(v["f"]["claims"]) for v in shown)
    model["claims_inline"] = refs <= INLINE_CLAIMS_UP_TO if claims_inline is None else claims_inline
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    js = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    # Inline code must not be able to close its own element.
    css, js = css.replace("</", "<\\/"), js.replace("</", "<\\/")
    # Class k<i> gives the i-th source's colour to its swatches and claim columns (var(--sc) in report.css).
    css += "".join(f".k{i}{{--sc:{s['color']}}}" for i, s in enumerate(model["sources"].values()))
    return _env().get_template("report.html.j2").render(**model, css=Markup(css), js=Markup(js))


# --- text helpers -----------------------------------------------------------------


def safe_url(url) -> str | None:
    """Only http(s) links: a claim file must not be able to plant a javascript: URL."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE) else None


_LITERAL = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=1 << 16)
def _literal_variants(value) -> tuple[str, ...]:
    """How the published literal may be written in its quote: sign dropped, thousands separators optional.

    Longest first, so that where two variants start at the same place the longer one is marked."""
    literal = value.strip().lstrip("+-\u2212\u2013").replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    if not _LITERAL.fullmatch(literal):
        return ()
    whole, _, frac = literal.partition(".")
    if len(whole) <= 3:
        return (literal,)
    variants = {whole}
    if len(whole) > 3:
        grouped = f"{int(whole):,}"
        variants.update((grouped, grouped.replace(",", "\u202f"), grouped.replace(",", " ")))
    tail = "." + frac if frac else ""
    return tuple(sorted((v + tail for v in variants), key=len, reverse=True))


def _stands_alone(text: str, start: int, end: int) -> bool:
    """The figure text[start:end] is a whole number: no word character, point or comma before it, and no
    digit after it (nor a point or comma and a digit)."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "_.,"):
        return False
    nxt = text[end : end + 2]
    return not (nxt[:1].isdecimal() or (nxt[:1] in (".", ",") and len(nxt) == 2 and nxt[1].isdecimal()))


def marks(quote, value) -> list[tuple[int, int]]:
    """Where the claim's figure stands in its quote: (start, end) of every occurrence, left to right.

    Plain string search rather than a regular expression per literal: compiling one for each of
    10^5 distinct figures took most of a large report's rendering."""
    if not quote:
        return []
    variants = _literal_variants(value if isinstance(value, str) else str(value or ""))
    if not variants:
        return []
    text = str(quote)
    if len(variants) == 1:  # the common case (no thousands to group): one left-to-right search
        return _occurrences(text, variants[0])
    found: dict[int, int] = {}  # start -> end of the longest variant standing alone there
    for v in variants:
        at = text.find(v)
        while at >= 0:
            if at not in found and _stands_alone(text, at, at + len(v)):
                found[at] = at + len(v)
            at = text.find(v, at + 1)
    spans, pos = [], 0
    for start in sorted(found):
        if start >= pos:  # occurrences do not overlap: the first one wins, as a left-to-right scan finds them
            spans.append((start, found[start]))
            pos = found[start]
    return spans


def highlight(quote, value) -> Markup:
    """The quote, escaped, with the claim's figure wrapped in <mark> (every occurrence)."""
    text = "" if quote is None else str(quote)
    out, pos = [], 0
    for start, end in marks(text, value):
        out.append(escape(text[pos:start]))
        out.append(Markup("<mark>") + escape(text[start:end]) + Markup("</mark>"))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def published(c) -> str:
    """The value as published with its qualifier, scale and unit: "over 100 count", "-35.4 billion USD"."""
    before, after = _published_words(c.get("qualifier"), c.get("scale"), c.get("unit"))
    return " ".join([before] * bool(before) + [str(c.get("value"))] + [after] * bool(after))


@lru_cache(maxsize=256)
def _published_words(qualifier, scale, unit) -> tuple[str, str]:
    """The words before a published value (its qualifier) and after it (scale and unit)."""
    before = QUALIFIER_WORDS.get(qualifier, qualifier) if qualifier and qualifier != "exact" else ""
    after = []
    if scale and scale != "one":
        after.append(scale)
    if unit:
        after.append({"percent": "%", "USD": "USD"}.get(unit, unit))
    return before, " ".join(after)


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
    entities, data, judged = _claims_data(records, result, claims, views, active, sources)
    badges = _give_verdicts(records, views)
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
        "judged": judged,
        "badges": badges,
        "reliability": html_verdicts.reliability_rows(records),
        "entities": entities,
        "entity_slugs": {e["name"]: e["slug"] for e in entities},
        "problems": records["problems"],
        "stale": records["stale_baseline"],
        "n_claims": len(claims),
        "data": html_data.script_json(data),
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
    claims_per_source = Counter(c.source for c in claims)
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
        "verdict": [s for s in html_verdicts.STATUS_CHAR if any(s in v.get("verdicts", ()) for v in active)],
    }


# --- model: the claims --------------------------------------------------------------
#
# The claims are read as attributes (getattr with a default), which both a corpus `Claim`
# and a claim record of the JSON contract wrapped in a SimpleNamespace answer: the report
# needs no copy of the corpus, and attribute access is what keeps 10^5 claims fast.


def _all_claims(records: dict, result) -> list:
    """Every claim of the run when the result is at hand (and its claims are usable), else those the findings name."""
    corpus = getattr(result, "corpus", None)
    claims = getattr(corpus, "claims", None) if corpus is not None else None
    if claims and getattr(corpus, "ok", True):
        return list(claims)
    return [SimpleNamespace(**c) for c in _finding_claims(records)]


def _finding_claims(records: dict) -> list[dict]:
    """The claims the findings name, each once, in order of first mention."""
    seen, out = set(), []
    for f in records["findings"]:
        for c in f["claims"]:
            if c["id"] not in seen:
                seen.add(c["id"])
                out.append(c)
    return out


def _at(c, key: str):
    return getattr(c, key, None)


def subject_name(c) -> str | None:
    """The entity as the report names it: a corpus claim's display name, or a record's subject (already a name)."""
    return getattr(c, "subject_name", None) or getattr(c, "subject", None)


# --- model: entities and the claims data ----------------------------------------------
#
# Every claim is written once, into the JSON blob of html_data (see its docstring for
# why): the page draws an entity's charts and claims table from it when the entity is
# opened, and in large runs a finding's claim cards when the finding is opened.


GRAINS = ("year", "half", "quarter", "month", "day", "range", "other")
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


def _entities(claims: list, active: list[dict]) -> tuple[list[dict], list]:
    """(one view per entity, entities with most findings first; the claims about entities in that order).

    Each entity's claims are consecutive in the returned list, from its "start", in the order
    of its claims table: by metric, period in time order, source, id."""
    findings_per_entity = Counter(e for v in active for e in v["entities"])
    by_entity: dict[str, list] = defaultdict(list)
    for c in claims:
        name = subject_name(c)
        if name:
            by_entity[name].append(c)
    taken: set = set()  # slugs given so far: two names that slug alike get distinct anchors
    entities, rows = [], []
    for name in sorted(by_entity, key=lambda n: (-findings_per_entity.get(n, 0), n.lower())):
        members = sorted(by_entity[name], key=_claim_row_key)
        entities.append({"name": name, "slug": _slug(name, taken), "start": len(rows), "count": len(members),
                         "findings": findings_per_entity.get(name, 0)})  # fmt: skip
        rows += members
    return entities, rows


def _claim_row_key(c):
    """Order of an entity's claims table: by metric, then period in time order, source, id."""
    return (str(c.metric), _period_key(c), str(c.source), str(c.id))


def _period_key(c):
    """Periods in time order: by start date when the claim has one, else by the period's text."""
    start, period = getattr(c, "period_start", None), c.period or ""
    return (start.isoformat() if start else period, period)


def _flagged_claims(active: list[dict]) -> dict[str, list[tuple[str, str, int]]]:
    """Claim id -> (rule code, anchor of its first open finding naming the claim, how many such findings), by code."""
    hits: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for v in active:
        for c in v["f"]["claims"]:
            hits[c["id"]].append((v["f"]["code"], v["anchor"]))
    return {cid: _flag_links(h) for cid, h in hits.items()}


def _flag_links(hits: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """(code, anchor of its first finding, how many findings of that rule) for one claim."""
    first: dict[str, str] = {}
    count: Counter = Counter()
    for code, anchor in hits:
        first.setdefault(code, anchor)
        count[code] += 1
    return [(code, first[code], count[code]) for code in sorted(first)]


_LABEL_KEY = attrgetter("metric", "kind", "product", "unit", "qualifier", "scale")


def _label(c) -> tuple:
    """What a figure's label depends on (metric, kind, product, unit, qualifier, scale): written once per distinct one."""
    return _LABEL_KEY(c)


def _label_parts(key: tuple) -> tuple[str, str, str, str, str, str]:
    """How a figure reads, apart from its literal: metric, kind, product, unit, the words before and after the value."""
    metric, kind, product, unit, qualifier, scale = key
    before, after = _published_words(qualifier, scale, unit)
    return (metric or "", kind or "value", product or "", unit or "", before, after)


def _occurrences(text: str, literal: str) -> list[tuple[int, int]]:
    """Each place where `literal` stands alone in `text`, left to right, not overlapping."""
    spans, size, at = [], len(literal), text.find(literal)
    while at >= 0:
        if _stands_alone(text, at, at + size):
            spans.append((at, at + size))
            at = text.find(literal, at + size)
        else:
            at = text.find(literal, at + 1)
    return spans


def _marks_flat(quote, value) -> list[int]:
    return [i for span in marks(quote, value) for i in span]


# Per-claim accessors for html_data.build: one place that says which claim key feeds which column.
DATA_FIELDS = {
    **{key: attrgetter(key) for key in ("id", "source", "file", "line", "period", "value", "normalized", "lo", "hi", "quote")},
    **{key: partial(_at, key=key) for key in ("quote_line", "note")},  # not in every claim record
    "period_key": _period_key,
    "grain": lambda c: grain(c.period),
    "label": _label,
    "label_parts": _label_parts,
    "marks": lambda c: _marks_flat(c.quote, c.value),
}


def _claims_data(records: dict, result, claims: list, views: list[dict], active: list[dict], sources: dict) -> tuple[list[dict], str, bool]:
    """(the entity views, the JSON text of every claim for the page's script, whether claims were judged);
    gives each view its claims' rows."""
    entities, rows = _entities(claims, active)
    named = {c["id"] for v in views for c in v["f"]["claims"]}
    # Claims that findings name but that are about no entity (counts, bounds) still need a row for their cards.
    placed = {c.id for c in rows}
    rows += [SimpleNamespace(**c) for c in _finding_claims({"findings": [v["f"] for v in views]}) if c["id"] not in placed]
    row_of = {c.id: i for i, c in enumerate(rows) if c.id in named}
    for v in views:
        v["rows"] = [row_of[cid] for cid in v["claim_ids"]]
    flags = _flagged_claims(active)
    verdicts = html_verdicts.prepare(records, result, rows)
    extra = None
    if verdicts:
        judged, status = verdicts
        html_verdicts.entity_counts(entities, status)
        extra = html_verdicts.data_parts(records, result, rows, entities, judged, status, set(flags))
    return entities, html_data.build(rows, entities, sources, named, flags, DATA_FIELDS, extra), bool(verdicts)


def _give_verdicts(records: dict, views: list[dict]) -> dict[str, dict]:
    """The verdicts of the claims findings name (claim id -> badge), and each finding the statuses it holds (its filter key)."""
    badges = html_verdicts.badges(records, {cid for v in views for cid in v["claim_ids"]})
    for v in views:
        v["verdicts"] = sorted({badges[cid]["status"] for cid in v["claim_ids"] if cid in badges})
    return badges
