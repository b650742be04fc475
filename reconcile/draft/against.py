"""`reconcile draft --against CLAIMS_FILE DOCUMENT`: how close a draft comes to a careful hand transcription.

The hand file is the yardstick: its claims were written by a person and their quotes verified
against the document. A draft claim *matches* a hand claim when both sit on the same document
line and state the same number (its magnitude: a wrong sign is a wrong field, not a miss). For
matched pairs each field is compared as the claim file means it (defaults applied, the subject
through the entity registry, a rank's metric and period from its ranking). A draft claim without
a hand counterpart is still fine for precision when the hand file's `skip:` entries cover its
figure: the person decided that number is no figure, and a draft that proposes it costs a glance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from reconcile import patterns
from reconcile.documents import numbers_in, split_lines
from reconcile.entities import registry
from reconcile.loader.defaults import apply_defaults

# The fields compared on matched claims, in the order the table prints them.
FIELDS = ("value", "subject", "metric", "period", "from_period", "qualifier", "perspective", "kind", "unit", "scale",
          "per", "parts", "product")  # fmt: skip
IMPLIED = {"qualifier": "exact", "perspective": "reporter", "kind": "value", "product": ""}


@dataclass
class Comparable:
    """One claim reduced to what the comparison reads."""

    id: str
    line: int
    magnitude: Decimal | None
    fields: dict
    quote: str


@dataclass
class Comparison:
    document: str
    hand_file: str
    proposed: int = 0
    hand: int = 0
    matched: list[tuple[Comparable, Comparable]] = field(default_factory=list)  # (hand, draft)
    missed: list[Comparable] = field(default_factory=list)
    skipped: list[Comparable] = field(default_factory=list)  # drafts of numbers the hand file skips
    unmatched: list[Comparable] = field(default_factory=list)  # drafts with no hand claim and no skip

    def right(self, name: str) -> int:
        return sum(h.fields.get(name) == d.fields.get(name) for h, d in self.matched)

    @property
    def recall(self) -> float:
        return _share(len(self.matched), self.hand)

    @property
    def precision(self) -> float:
        return _share(len(self.matched) + len(self.skipped), self.proposed)

    def accuracy(self, name: str) -> float:
        return _share(self.right(name), len(self.matched))


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


# --- reading both files ----------------------------------------------------------------


def compare(draft_text: str, hand_path: Path, document: Path) -> Comparison:
    """The comparison of a draft (claim-file text) with the hand transcription at `hand_path` of `document`."""
    hand_data = _read_yaml(hand_path.read_text(encoding="utf-8"))
    draft_data = _read_yaml(draft_text)
    hand = comparables(hand_data)
    drafts = comparables(draft_data)
    result = Comparison(document.name, str(hand_path), proposed=len(drafts), hand=len(hand))
    result.matched, result.missed, leftover = _pair(hand, drafts)
    lines = split_lines(document.read_bytes().decode("utf-8", errors="replace"))
    spans = skip_spans(hand_data.get("skip") or [], lines)
    for d in leftover:
        (result.skipped if _skipped(d, lines, spans) else result.unmatched).append(d)
    return result


def _read_yaml(text: str) -> dict:
    # BaseLoader keeps every scalar as text: "63.0" stays "63.0", "2025-04" stays a string.
    data = yaml.load(text, Loader=yaml.BaseLoader)  # plain str/list/dict only
    return data if isinstance(data, dict) else {}


def comparables(data: dict) -> list[Comparable]:
    """Every claim of a parsed claim file, defaults and its ranking's metric and period applied."""
    defaults = data.get("defaults") or {}
    rankings = {r.get("id"): r for r in (data.get("rankings") or []) if isinstance(r, dict)}
    out = []
    for claim in data.get("claims") or []:
        if isinstance(claim, dict):
            out.append(_comparable(claim, defaults, rankings))
    return out


def _comparable(claim: dict, defaults: dict, rankings: dict) -> Comparable:
    # The loader's own defaults (reconcile.loader.defaults), so a field is compared as the loader reads it:
    # a share is in percent whatever the file's `defaults: {unit: USD}` says.
    row = dict(claim)
    apply_defaults(row, defaults, [], {k: r for k, r in rankings.items() if k is not None and "id" in r})
    fields = {"kind": row["kind"]}
    for name in ("metric", "period", "from_period", "per", "unit", "scale", "qualifier", "perspective", "product"):
        fields[name] = row.get(name) if row.get(name) is not None else IMPLIED.get(name)
    fields["subject"] = _entity(claim.get("subject"))
    fields["parts"] = tuple(sorted(str(_entity(p)) for p in claim.get("parts") or [])) or None
    fields["value"] = _number(claim.get("value"))
    magnitude = abs(fields["value"]) if isinstance(fields["value"], Decimal) else None
    return Comparable(str(claim.get("id")), _int(claim.get("line")), magnitude, fields, str(claim.get("quote") or ""))


def _entity(name) -> str | None:
    """The entity id a name resolves to; a name the registry does not know stays as written (CHECK is no entity)."""
    if name is None:
        return None
    entity = registry().resolve(str(name))
    return entity.id if entity else str(name)


def _number(text) -> Decimal | str | None:
    try:
        return Decimal(str(text).replace(",", "").replace("+", ""))
    except (InvalidOperation, ValueError):
        return None if text is None else str(text)


def _int(text) -> int:
    try:
        return int(str(text))
    except ValueError:
        return 0


# --- pairing ---------------------------------------------------------------------------


def _pair(hand: list[Comparable], drafts: list[Comparable]):
    """(matched pairs, hand claims missed, drafts left over): same line and number, the closest fields paired first."""
    by_key: dict[tuple, list[Comparable]] = {}
    for d in drafts:
        by_key.setdefault((d.line, d.magnitude), []).append(d)
    candidates = []
    for h in hand:
        for d in by_key.get((h.line, h.magnitude), []):
            candidates.append((-_agreement(h, d), h.id, d.id, h, d))
    candidates.sort(key=lambda c: c[:3])
    taken_h, taken_d, matched = set(), set(), []
    for _, _, _, h, d in candidates:
        if id(h) not in taken_h and id(d) not in taken_d:
            taken_h.add(id(h))
            taken_d.add(id(d))
            matched.append((h, d))
    matched.sort(key=lambda pair: (pair[0].line, pair[0].id))
    missed = [h for h in hand if id(h) not in taken_h]
    leftover = [d for d in drafts if id(d) not in taken_d]
    return matched, missed, leftover


def _agreement(h: Comparable, d: Comparable) -> int:
    # The kind decides what a claim is (a rank and a balance on the same "1." line): it weighs most.
    same = sum(h.fields.get(n) == d.fields.get(n) for n in FIELDS)
    return same + (len(FIELDS) if h.fields["kind"] == d.fields["kind"] else 0)


# --- skip entries ----------------------------------------------------------------------


def skip_spans(skips: list, lines: list[str]) -> list[tuple[int | None, int, int]]:
    """(line or None for every line, start, end) of what each skip entry covers, as reconcile coverage reads them."""
    out: list[tuple[int | None, int, int]] = []
    for skip in skips:
        if not isinstance(skip, dict):
            continue
        if skip.get("pattern") is not None:
            try:
                out.extend(patterns.spans(patterns.compile_pattern(str(skip["pattern"])), lines))
            except Exception:  # a refused or slow pattern covers nothing; `reconcile validate` reports it
                continue
        elif skip.get("line") is not None and skip.get("text") is not None:
            number, needle = _int(skip["line"]), str(skip["text"])
            text = lines[number - 1] if 1 <= number <= len(lines) else ""
            at = text.find(needle)
            while at >= 0:
                out.append((number, at, at + len(needle)))
                at = text.find(needle, at + 1)
    return out


def _skipped(d: Comparable, lines: list[str], spans) -> bool:
    """Whether a skip entry covers a number on the draft's line that states the draft's figure."""
    if not 1 <= d.line <= len(lines) or d.magnitude is None:
        return False
    for token in numbers_in(lines[d.line - 1], d.line):
        if token.magnitude != d.magnitude:
            continue
        if any((ln is None or ln == d.line) and s <= token.start and token.end <= e for ln, s, e in spans):
            return True
    return False


# --- the table -------------------------------------------------------------------------


def render(c: Comparison, listed: int = 20) -> str:
    """The comparison as text: counts, recall and precision, accuracy per field, then what was missed and what is extra."""
    out = [
        f"draft of {c.document} against {c.hand_file}",
        f"  hand claims {c.hand:>5}   proposed {c.proposed:>5}",
        f"  matched     {len(c.matched):>5}   recall    {c.recall:5.1f} %  (hand claims proposed at their line with their number)",
        f"  skipped     {len(c.skipped):>5}   precision {c.precision:5.1f} %  (proposed claims that match a hand claim or a skip entry)",
        f"  extra       {len(c.unmatched):>5}",
        "  field accuracy on matched claims:",
    ]
    for name in FIELDS:
        out.append(f"    {name:<12} {c.right(name):>5} / {len(c.matched):<5} {c.accuracy(name):5.1f} %")
    out += _listing("hand claims the draft missed", [_describe(h) for h in c.missed], listed)
    out += _listing("draft claims with no hand counterpart", [_describe(d) for d in c.unmatched], listed)
    wrong = [f"{h.id}: {n} {h.fields.get(n)!s} (draft: {d.fields.get(n)!s})" for h, d in c.matched for n in FIELDS
             if h.fields.get(n) != d.fields.get(n)]  # fmt: skip
    out += _listing("wrong fields on matched claims", wrong, listed)
    return "\n".join(out) + "\n"


def _describe(c: Comparable) -> str:
    return f"line {c.line}: {c.fields.get('value')!s} {c.fields.get('kind')} {c.id} \"{c.quote[:70]}\""


def _listing(title: str, items: list[str], listed: int) -> list[str]:
    if not items:
        return []
    shown = items if listed < 0 else items[:listed]
    more = [f"    … and {len(items) - len(shown)} more"] if len(shown) < len(items) else []
    return [f"  {title} ({len(items)}):", *(f"    {i}" for i in shown), *more]
