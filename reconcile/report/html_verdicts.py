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
    "vr":  {row: ref}      the official figure a row's verdict names
    "vc":  {row: cause}    the cause the verdict gives (txt index), when it gives one
    "vm":  {row: text}     the verdict in words, for rows that findings name (their cards show it)
    "fig": [[first row, rows, [candidate refs], [refs to print], consensus], …]
                           figures: the rows of one entity, metric and period, consecutive in the
                           rows table; consensus [verdict, lo, hi, [sources for], [sources against]] or null

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


def verdict_line(record: dict) -> str:
    """The verdict without the claim it is about (a card already shows that): "= U.S. Trade in Goods…"."""
    message = record.get("message") or ""
    prefix = V._figure(SimpleNamespace(**record["claim"]))
    if not message.startswith(prefix):
        return message
    rest = message[len(prefix) :].lstrip(": ")
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

    def __call__(self, ref) -> int:
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


def _judged(records: dict, result) -> dict[str, SimpleNamespace]:
    """Claim id -> what the page draws of its verdict: status, cause, line, the official figure, candidates, consensus.

    The Assessment objects when the run's result is at hand (they hold the candidates), else the records."""
    assessments = getattr(result, "assessments", None) if result is not None else None
    if assessments:
        return {a.claim.id: SimpleNamespace(status=a.status, cause=a.cause.label if a.cause else None, reference=a.reference,
                                            candidates=a.candidates, consensus=a.consensus.as_record() if a.consensus else None)
                for a in assessments}  # fmt: skip
    out = {}
    for a in records.get("assessments") or ():
        c, ref = a["claim"], a["reference"]
        ref = None if ref is None else SimpleNamespace(**ref, subject=c.get("subject"), metric=c.get("metric"), period=c.get("period"))
        out[c["id"]] = SimpleNamespace(status=a["status"], cause=(a["cause"] or {}).get("label"), reference=ref,
                                       candidates=(ref,) if ref else (), consensus=a["consensus"])  # fmt: skip
    return out


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


def data_parts(records: dict, result, rows: list, entities: list[dict], judged: dict, status: str, named: set[str], flagged: set[str]):
    """A function of the data's string table giving the verdict parts of the blob (see the module's docstring)."""
    lines = {a["claim"]["id"]: verdict_line(a) for a in records.get("assessments") or () if a["claim"]["id"] in named}

    def parts(txt) -> dict:
        titles, urls = _titles_and_urls(records, result)
        refs = _Refs(txt, titles, urls)
        vr, vc, vm = {}, {}, {}
        for i, c in enumerate(rows):
            j = judged.get(c.id)
            if j is None:
                continue
            if j.reference is not None:
                vr[i] = refs(j.reference)
            if j.cause:
                vc[i] = txt(j.cause)
            if c.id in lines:
                vm[i] = lines[c.id]
        figs = [_figure(rows, start, count, judged, refs) for start, count in _figure_runs(rows, entities, judged, flagged)]
        return {"vs": status, "ref": refs.items, "vr": vr, "vc": vc, "vm": vm, "fig": figs}

    return parts


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


def _worth_a_view(c, judged: dict, flagged: set[str]) -> bool:
    j = judged.get(c.id)
    return c.id in flagged or (j is not None and (j.reference is not None or j.consensus is not None))


def _figure(rows: list, start: int, count: int, judged: dict, refs: _Refs) -> list:
    """[first row, rows, candidates, figures to print, consensus] of one figure."""
    members = [judged[c.id] for c in rows[start : start + count] if c.id in judged]
    candidates = list(dict.fromkeys(refs(r) for j in members for r in j.candidates))
    # What to print: the newest figure of the series each verdict names, the most named first.
    to_print = Counter(refs(V.latest(list(j.candidates), j.reference) if j.candidates else j.reference) for j in members if j.reference is not None)
    consensus = max((j.consensus for j in members if j.consensus), key=_consensus_strength, default=None)
    return [start, count, candidates, [i for i, _ in to_print.most_common()], _consensus_part(consensus)]


def _consensus_strength(cons: dict) -> tuple:
    return (cons["verdict"] == "supported", len(cons["sources"]), -len(cons["against"]))


def _consensus_part(cons: dict | None):
    if not cons:
        return None
    return [cons["verdict"], _plain(cons["lo"]), _plain(cons["hi"]), list(cons["sources"]), list(cons["against"])]
