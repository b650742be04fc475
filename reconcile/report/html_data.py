"""The claims behind the HTML report's entity views and large-run claim cards: one compact JSON blob.

Why a blob: the page used to write every claim of every entity as table rows and
chart marks (each repeating its quote in a tooltip) — 62 MB and 20 s of
rendering at 10^5 claims, for tables an analyst opens a few of. Now each claim
is written once, here, as a row of a columnar table, and the page's script
(templates/report.js) draws an entity's charts and claims table only when its
section is opened, and a finding's claim cards when the finding is opened (large
runs). What the analyst needs first — the summary and the findings with their
cause, evidence, sides and quotes — stays server-rendered HTML.

Shape (``v`` is the format's version; rows are grouped by entity, in the order
of the entity index, each entity's rows in its table's order)::

    {"v": 1,
     "src":  [[id, colour, shape], ...]                 sources, in the order of the sources table
     "txt":  [string, ...]                              strings that repeat (claim files, label parts)
     "per":  [[label, grain], ...]                      periods, in time order (their index sorts them)
     "lab":  [[metric, kind, product, unit, before, after], ...]   indexes into txt: how a figure reads
     "org":  [[source, file], ...]                      where claims come from: a source (index) and a claim file (txt)
     "ent":  [[name, slug, first row, rows], ...]       entities, in the order of the index; rows after the
                                                        last entity's are about no entity (counts, bounds)
     "rows": {"o": [origin], "l": [line], "p": [period], "k": [label], "v": [literal], "n": [value],
              "dl": [value - low end], "dh": [high end - value], "q": [quote], "m": [marks]},
     "id":   {row: claim id}, "ql": {row: document line}, "note": {row: note}   rows named by findings only
     "flag": {row: [[rule code, finding anchor, findings of that rule], ...]}   rows in open findings
     "vs", "ref", "vr", "vc", "vm", "fig": the verdicts, when the run has them (html_verdicts.py)}

``m`` is a row's highlighted spans in its quote as a flat list [start, end, ...]
(Python's ``highlight`` finds them, so the page and the inline cards mark the
same text). ``n`` is the figure in units to 10 significant digits; ``dl``/``dh``
how far its interval of true values reaches below and above it, to 4 (they only
draw the interval lines of charts, and widths are much shorter to write than two
more figures); ``"inf"`` for an open end, null when missing. An entity's rows
need no entity column: they are consecutive.

Safety: the blob is parsed with JSON.parse and the script builds every element
with textContent, never innerHTML. ``script_json`` escapes what could end the
script element or start a comment (``<``, ``>``, ``&``) and the two line
separators that old JavaScript engines reject (U+2028, U+2029).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable

from markupsafe import Markup

VERSION = 1
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(text: str) -> Markup:
    """JSON text made safe inside <script type="application/json">: it cannot close the element or open a comment.

    Each replacement is a JSON string escape, so JSON.parse reads the same data back
    (the characters can only occur inside JSON strings)."""
    return Markup(_SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group(0)], text))


def number(x, digits: int = 10) -> str:
    """A figure as short JSON: `digits` significant digits, trailing zeros as an exponent (-3545e7), open ends as strings."""
    if x is None or isinstance(x, bool) or not isinstance(x, (int, float)):
        return '"inf"' if x == "inf" else '"-inf"' if x == "-inf" else "null"
    if math.isnan(x):
        return "null"
    if math.isinf(x):
        return '"inf"' if x > 0 else '"-inf"'
    text = f"{x:.{digits}g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        whole, _, frac = mantissa.partition(".")
        text = f"{whole}{frac}e{int(exp) - len(frac)}"
    else:
        stripped = text.rstrip("0") if "." not in text else text
        zeros = len(text) - len(stripped)
        text = f"{stripped}e{zeros}" if zeros >= 3 and stripped not in ("", "-") else text
    shortest = repr(float(x))  # exact, and sometimes shorter still (5e-324)
    return shortest if len(shortest) < len(text) else text


class _Codes:
    """A table of distinct values, each written once; rows refer to them by index."""

    def __init__(self):
        self.items: list = []
        self.index: dict = {}

    def __call__(self, value) -> int:
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.items)
            self.items.append(value)
        return i


def build(rows: list, entities: list[dict], sources: dict, named: set[str], flags: dict, fields: dict[str, Callable], extra: Callable | None = None) -> str:
    """The blob's JSON text for `rows` (claims, in entity order), given per-claim accessors in `fields`.

    `entities` give each entity's first row and row count; `named` the claim ids that findings
    name (their id, document line and note are written); `flags` claim id -> the open findings'
    (code, anchor, count) links. `fields` maps source, file, line, period, period_key, grain, label,
    value, normalized, lo, hi, quote, marks, id, quote_line, note to functions of a claim, and
    label_parts turns a distinct label into its six strings. `extra`, given the string table, returns
    more parts (the verdicts, html_verdicts.data_parts) whose strings it writes into that table.
    """
    txt, per_codes, labels, origins = _Codes(), _Codes(), _Codes(), _Codes()
    for label, grain in _periods(rows, fields):
        per_codes((label, grain))
    src_index = {sid: i for i, sid in enumerate(sources)}
    cols = _columns(rows, fields, txt, per_codes, labels, origins, src_index)
    sparse = _sparse(rows, fields, named, flags)
    parts = {
        "v": str(VERSION),
        "src": _dump([[sid, s["color"], s["shape"]] for sid, s in sources.items()]),
        "per": _dump([list(p) for p in per_codes.items]),
        "lab": _dump([[txt(part) for part in fields["label_parts"](lab)] for lab in labels.items]),
        "org": _dump([[src, txt(file)] for src, file in origins.items]),
        "txt": None,  # filled last: the label parts above add to it
        "ent": _dump([[e["name"], e["slug"], e["start"], e["count"]] for e in entities]),
        "rows": "{" + ",".join(f'"{k}":{v}' for k, v in cols.items()) + "}",
        **{k: _dump(v) for k, v in sparse.items()},
    }
    if extra is not None:
        parts.update((k, _dump(v)) for k, v in extra(txt).items())
    parts["txt"] = _dump(txt.items)
    return "{" + ",".join(f'"{k}":{v}' for k, v in parts.items()) + "}"


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _periods(rows, fields) -> list[tuple[str, str]]:
    """(label, grain) of each distinct period, in time order (a label sorts where it first does)."""
    first: dict[str, tuple] = {}
    for c in rows:
        label = fields["period"](c) or ""
        if label not in first:
            first[label] = (fields["period_key"](c), fields["grain"](c))
    return [(label, grain) for label, (_, grain) in sorted(first.items(), key=lambda kv: (kv[1][0], kv[0]))]


def _columns(rows, fields, txt, per_codes, labels, origins, src_index) -> dict[str, str]:
    """Each column of the rows table as JSON text; repeated strings as indexes into their tables."""
    period_of = {label: i for i, (label, _) in enumerate(per_codes.items)}
    source, file = fields["source"], fields["file"]
    col = {
        "o": [origins((src_index.get(source(c), -1), file(c) or "")) for c in rows],
        "l": [fields["line"](c) for c in rows],
        "p": [period_of[fields["period"](c) or ""] for c in rows],
        "k": [labels(fields["label"](c)) for c in rows],
        "v": [str(fields["value"](c)) for c in rows],
        "q": [fields["quote"](c) or "" for c in rows],
        "m": [fields["marks"](c) for c in rows],
    }
    out = {k: _dump(v) for k, v in col.items()}
    values = [_finite_or_none(fields["normalized"](c)) for c in rows]
    out["n"] = _numbers(values, 10)
    out["dl"] = _numbers([_width(n, fields["lo"](c), below=True) for n, c in zip(values, rows)], 4)
    out["dh"] = _numbers([_width(n, fields["hi"](c), below=False) for n, c in zip(values, rows)], 4)
    return out


def _numbers(values: list, digits: int) -> str:
    """A JSON list of numbers; figures repeat (sources restate each other, widths are few), so each is written once."""
    memo: dict = {}
    out = []
    for x in values:
        text = memo.get(x)
        if text is None:
            text = memo[x] = number(x, digits)
        out.append(text)
    return "[" + ",".join(out) + "]"


def _finite_or_none(x):
    """A finite number, or None (a missing figure, or a record's "inf"): widths are measured from it."""
    return x if isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) else None


def _width(n, end, below: bool):
    """How far an interval's end lies from the figure n (inf for an open end); None when either is missing."""
    if n is None or end is None:
        return None
    if end in ("inf", "-inf") or (isinstance(end, float) and math.isinf(end)):
        return math.inf
    if not isinstance(end, (int, float)) or isinstance(end, bool) or math.isnan(end):
        return None
    return n - end if below else end - n


def _sparse(rows, fields, named: set[str], flags: dict) -> dict[str, dict]:
    """What only some rows need: ids, document lines and notes of claims that findings name; finding links."""
    ids, lines, notes, flag = {}, {}, {}, {}
    for i, c in enumerate(rows):
        cid = fields["id"](c)
        if cid in named:
            ids[i] = cid
            if fields["quote_line"](c) is not None:
                lines[i] = fields["quote_line"](c)
            if fields["note"](c):
                notes[i] = fields["note"](c)
        if cid in flags:
            flag[i] = [list(x) for x in flags[cid]]
    return {"id": ids, "ql": lines, "note": notes, "flag": flag}
