"""The verdicts in the HTML report: which figure is right, and which one an editor may print.

`reconcile check` judges every transcribed claim against the official tables
(reconcile/verdicts.py). The report shows that three ways: a badge on every
claim a finding names (built here from the JSON contract's ``assessments``),
a figure view per entity, metric and period (every source's figure beside the
official ones and the figure to print), and the official series as a line in
the entity charts. The last two are drawn by the page's script from the data
blob, so this module adds to it (``data_parts``), compactly:

    "vs":  "cxu-…"        one character per row: confirmed, contradicted (x), unverified, - not judged
    "ref": [[title, url, value, n, release, basis, adjustment, vintage, where], …]
                           official figures (strings as indexes into txt), each once
    "fig": [[first row, rows, [candidate refs], [refs to print], consensus], …]
                           figures: the rows of one entity, metric and period, consecutive in the
                           rows table; consensus [verdict, lo, hi, [sources for], [sources against]] or null
    "vr":  "0-1…"          one character per row: which of its figure's candidates the verdict names
                           (DIGITS[k] is the k-th), - none; "vro": {row: ref} for a k past the last digit
    "vcl": [cause, …]      the causes verdicts give; "vc": "-a…" one character per row, DIGITS[k]
                           for the k-th cause, - none

One character per row because at 10^5 claims a sparse {row: …} entry costs ten times as
much. The verdict's words are not written: the page says them from the official figure
and the cause ("= U.S. Trade in Goods by Country, …" / "contradicted by …: -$84.6B"), and
findings written as HTML show the verdicts' own words.

Candidates (every official figure of the claim's entity, metric and period, of any basis,
adjustment and vintage) come from the run's Assessment objects; from records alone
(no result at hand) a figure has only the official figures the verdicts name.
Nothing is added when the run has no verdicts: a report without reference tables is unchanged.
"""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from reconcile import verdicts as V

STATUS_CHAR = {V.CONFIRMED: "c", V.CONTRADICTED: "x", V.UNVERIFIED: "u"}
NOT_JUDGED = "-"
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def verdict_line(record: dict) -> str:
    """The verdict without the claim it is about (a card already shows that): "= U.S. Trade in Goods…"."""
    message = record.get("message") or ""
    # Every verdict message starts with the figure as its source published it, "(…)" closing it.
    ends = [i for i in (message.find(marker) for marker in (") = ", ") is contradicted by ", "): ")) if i >= 0]
    if not ends:
        return message
    rest = message[min(ends) + 1 :].lstrip(": ")
    return rest[3:] if rest.startswith("is contradicted") else rest


def badges(records: dict, ids: set[str]) -> dict[str, dict]:
    """Claim id -> {status, line, message} for the claims `ids` (those the findings name)."""
    out = {}
    for a in records.get("assessments") or ():
        cid = a["claim"]["id"]
        if cid in ids:
            out[cid] = {"status": a["status"], "line": verdict_line(a), "message": a["message"]}
    return out


def reliability_rows(records: dict) -> list[dict]:
    """One row per source that has figures judged, most reliable first (the JSON's ``sources[].reliability``)."""
    rows = [{"id": s["id"], **s["reliability"]} for s in records.get("sources", []) if s.get("reliability")]
    return sorted(rows, key=lambda r: (-r["score"], -r["checked"], r["id"]))


def entity_counts(entities: list[dict], statuses: str) -> None:
    """Give each entity view its claims' verdict counts (its summary line says how many are contradicted)."""
    for e in entities:
        counts = Counter(statuses[e["start"] : e["start"] + e["count"]])
        e["verdicts"] = {s: counts.get(ch, 0) for s, ch in STATUS_CHAR.items()}


# --- the data blob's part -----------------------------------------------------------------------


class _Refs:
    """The official figures the page needs, each written once."""

    def __init__(self, txt, titles: dict[str, str], urls: dict[str, str | None]):
        self.txt, self.titles, self.urls = txt, titles, urls
        self.index: dict[tuple, int] = {}
        self.items: list[list] = []
        self.seen: dict[int, int] = {}  # id(ref) -> index: the same objects come back for every claim of a figure

    def __call__(self, ref) -> int:
        i = self.seen.get(id(ref))
        if i is None:
            i = self.seen[id(ref)] = self._index(ref)
        return i

    def _index(self, ref) -> int:
        key = (ref.source, ref.subject, ref.metric, ref.period, ref.basis, ref.adjustment, ref.vintage, ref.value)
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.items)
            t = self.txt
            self.items.append([t(self.titles.get(ref.source, ref.source)), t(self.urls.get(ref.source) or ""), ref.value, _plain(ref.normalized),
                               t(ref.release or ref.vintage or ""), t(ref.basis or ""), t(ref.adjustment or ""), t(ref.vintage or ""),
                               t(_where(ref.provenance))])  # fmt: skip
        return i


def _where(provenance) -> str:
    """Where in the official table: "census-bea/trade_national.json row 925, balance"."""
    get = provenance.get if isinstance(provenance, dict) else lambda key: getattr(provenance, key, None)
    return f"{get('file') or ''} row {get('row')}, {get('column')}"


def _plain(x):
    """A number JSON can hold: open ends as "inf"/"-inf" (JSON has no infinity), NaN as null."""
    if isinstance(x, float) and x != x:
        return None
    if isinstance(x, float) and x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    return x


def _judged(records: dict, result) -> dict:
    """Claim id -> its verdict: the run's Assessment when the result is at hand (it holds the candidates), else
    the same shape read from the records (the official figure the verdict names is its only candidate)."""
    assessments = getattr(result, "assessments", None) if result is not None else None
    if assessments:
        return {a.claim.id: a for a in assessments}
    out = {}
    for a in records.get("assessments") or ():
        c, ref = a["claim"], a["reference"]
        ref = None if ref is None else SimpleNamespace(**ref, subject=c.get("subject"), metric=c.get("metric"), period=c.get("period"))
        cause = SimpleNamespace(label=a["cause"]["label"]) if a["cause"] else None
        out[c["id"]] = SimpleNamespace(status=a["status"], cause=cause, reference=ref, candidates=(ref,) if ref else (), consensus=a["consensus"])
    return out


def _cause(j) -> str | None:
    return j.cause.label if j.cause is not None else None


def _consensus_record(cons) -> dict | None:
    return cons.as_record() if hasattr(cons, "as_record") else cons


def _titles_and_urls(records: dict, result) -> tuple[dict[str, str], dict[str, str | None]]:
    from reconcile.report.html_format import safe_url

    refs = getattr(result, "references", None) if result is not None else None
    if refs is not None:
        return {s.id: s.title for s in refs.specs}, {s.id: safe_url(getattr(s, "url", None)) for s in refs.specs}
    sources = ((records.get("summary") or {}).get("references") or {}).get("sources") or []
    return {s["id"]: s["title"] for s in sources}, {}


def statuses(rows: list, judged: dict) -> str:
    return "".join(STATUS_CHAR.get(judged[c.id].status, NOT_JUDGED) if c.id in judged else NOT_JUDGED for c in rows)


def prepare(records: dict, result, rows: list) -> tuple[dict, str] | None:
    """(claim id -> verdict, the rows' status string), or None when the run judged no claim."""
    judged = _judged(records, result)
    return (judged, statuses(rows, judged)) if judged else None


def data_parts(records: dict, result, rows: list, entities: list[dict], judged: dict, status: str, flagged: set[str]):
    """A function of the data's string table giving the verdict parts of the blob (see the module's docstring)."""

    def parts(txt) -> dict:
        refs = _Refs(txt, *_titles_and_urls(records, result))
        figs = [_figure(rows, start, count, judged, refs) for start, count in _figure_runs(rows, entities, judged, flagged)]
        named, overflow = _named_references(rows, judged, figs, refs)
        causes = sorted({_cause(j) for j in judged.values() if j.cause is not None})
        out = {"vs": status, "ref": refs.items, "fig": figs, "vr": named, "vcl": causes, "vc": _causes(rows, judged, causes)}
        if overflow:
            out["vro"] = overflow
        return out

    return parts


def _named_references(rows: list, judged: dict, figs: list, refs: _Refs) -> tuple[str, dict[int, int]]:
    """Per row, which of its figure's candidates its verdict names (a digit), and the rows past the digits."""
    chars, overflow = [NOT_JUDGED] * len(rows), {}
    for i, c in enumerate(rows):  # a rank, a growth rate: no figure view; its verdict names its reference directly
        j = judged.get(c.id)
        if c.kind not in PLAIN_KINDS and j is not None and j.reference is not None:
            overflow[i] = refs(j.reference)
    for first, count, candidates, _, _ in figs:
        position = {r: k for k, r in enumerate(candidates)}
        for i in range(first, first + count):
            j = judged.get(rows[i].id)
            if j is None or j.reference is None or rows[i].kind not in PLAIN_KINDS:
                continue
            k = position[refs(j.reference)]
            if k < len(DIGITS):
                chars[i] = DIGITS[k]
            else:
                overflow[i] = refs(j.reference)
    return "".join(chars), overflow


def _causes(rows: list, judged: dict, causes: list[str]) -> str:
    if len(causes) > len(DIGITS):  # the verdicts' causes are a short fixed list (reconcile.model.CAUSES)
        raise ValueError(f"{len(causes)} causes: more than one character per row can name")
    digit = {cause: DIGITS[k] for k, cause in enumerate(causes)}
    return "".join(digit[j.cause.label] if (j := judged.get(c.id)) is not None and j.cause is not None else NOT_JUDGED for c in rows)


def _figure_runs(rows: list, entities: list[dict], judged: dict, flagged: set[str]):
    """(first row, rows) of each figure worth a view: an entity's claims of one metric and period that some
    official figure or other source judges, or that a finding names."""
    for e in entities:
        start, end = e["start"], e["start"] + e["count"]
        i = start
        while i < end:
            key = (rows[i].metric, rows[i].period)
            j = i
            while j < end and (rows[j].metric, rows[j].period) == key:
                j += 1
            if any(_worth_a_view(rows[k], judged, flagged) for k in range(i, j)):
                yield i, j - i
            i = j


# The figure view shows plain figures; a rank or a growth rate keyed like them is judged on its finding's card.
PLAIN_KINDS = ("value", "bound")


def _worth_a_view(c, judged: dict, flagged: set[str]) -> bool:
    if c.kind not in PLAIN_KINDS:
        return False
    j = judged.get(c.id)
    return c.id in flagged or (j is not None and (j.reference is not None or j.consensus is not None))


def _figure(rows: list, start: int, count: int, judged: dict, refs: _Refs) -> list:
    """[first row, rows, candidates, figures to print, consensus] of one figure."""
    members = [judged[c.id] for c in rows[start : start + count] if c.id in judged and c.kind in PLAIN_KINDS]
    candidates = list(dict.fromkeys(refs(r) for j in members for r in j.candidates))
    # What to print: the newest figure of the series each verdict names, the most named first.
    to_print = Counter(refs(V.latest(list(j.candidates), j.reference) if j.candidates else j.reference) for j in members if j.reference is not None)
    consensus = max((j.consensus for j in members if j.consensus), key=_consensus_strength, default=None)
    return [start, count, candidates, [i for i, _ in to_print.most_common()], _consensus_part(_consensus_record(consensus))]


def _consensus_strength(cons) -> tuple:
    """The most telling of a figure's consensuses: supported first, by the most sources, against the fewest."""
    if isinstance(cons, dict):
        return (cons["verdict"] == "supported", len(cons["sources"]), -len(cons["against"]))
    return (cons.verdict == "supported", len(cons.supporters), -len(cons.against))


def _consensus_part(cons: dict | None):
    if not cons:
        return None
    return [cons["verdict"], _plain(cons["lo"]), _plain(cons["hi"]), list(cons["sources"]), list(cons["against"])]
