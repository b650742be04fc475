"""Does each claim say what its document says? Quote, line and number, checked against the text.

Computed once per run and shared by the provenance rules (RC101–RC105) and by
`reconcile coverage`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from reconcile.documents import Document, DocumentStore, Token, numbers_in

DEFICIT_WORDS = re.compile(r"\b(deficits?|gap|shortfall)\b", re.IGNORECASE)
SURPLUS_WORDS = re.compile(r"\bsurplus(es)?\b", re.IGNORECASE)
ORDINALS = {
    "first": 1, "largest": 1, "biggest": 1, "record": 1, "highest": 1, "peak": 1, "high": 1, "top": 1,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
SCALE_ORDER = {"one": 0, "thousand": 1, "million": 2, "billion": 3, "trillion": 4}


@dataclass
class QuoteCheck:
    claim_id: str
    document: str
    found_line: int | None = None  # where the quote is in the document, None if nowhere
    span: tuple[int, int] | None = None
    tokens: list[Token] = field(default_factory=list)  # numbers inside the quote
    matched: Token | None = None  # the number that states the claim's value
    value_problem: str = ""  # why the quote's number does not say the claim's value
    cause: str = ""


@dataclass
class SourceCheck:
    source_id: str
    document: str
    exists: bool
    sha256_expected: str
    sha256_actual: str | None


def _claim_magnitude(row) -> Decimal:
    return abs(Decimal(str(row["value"]).replace(",", "")))


def _value_problem(row, tokens: list[Token], quote: str) -> tuple[Token | None, str, str]:
    """The token stating the value, or (None, problem, cause)."""
    want = _claim_magnitude(row)
    if row["kind"] == "rank":
        for t in tokens:
            if t.magnitude == want and not t.currency and not t.percent:
                return t, "", ""
        words = {ORDINALS[w] for w in re.findall(r"[a-z]+", quote.lower()) if w in ORDINALS}
        if want in words or not tokens or all(_yearlike(t) for t in tokens):
            return None, "", ""  # stated in words ("second-largest", "record") or not at all
        return None, f"the quote does not state rank {want}", "transcription"
    candidates = [t for t in tokens if not _yearlike(t) or t.magnitude == want]
    if not candidates:
        return None, "", ""  # no figure in the quote: nothing to compare (coverage lists it)
    exact = [t for t in candidates if t.magnitude == want]
    for t in exact:
        problem = _scale_sign_problem(row, t, quote)
        if not problem:
            return t, "", ""
    if exact:
        return None, _scale_sign_problem(row, exact[0], quote), _cause_of(row, exact[0], quote)
    # No number equals the value: say what the nearest one is and why they might differ.
    best = min(candidates, key=lambda t: abs(float(t.magnitude) - float(want)))
    ratio = float(want) / float(best.magnitude) if best.magnitude else 0
    cause = "transcription"
    for k in (1e3, 1e6, 1e-3, 1e-6):
        if ratio and abs(ratio / k - 1) < 1e-9:
            cause = "scale-slip"
    return None, f"the quote says {best.text.strip()}, the claim says {row['value']}", cause


def _yearlike(t: Token) -> bool:
    return not t.currency and not t.percent and not t.scale and "." not in t.text and 1900 <= t.magnitude <= 2100


def _scale_sign_problem(row, t: Token, quote: str) -> str:
    if t.scale and row["unit"] not in ("percent", "rank") and t.scale != row["scale"]:
        return f"the quote says {t.scale}, the claim's scale is {row['scale']}"
    if t.percent and row["unit"] != "percent":
        return f"the quote states a percentage, the claim's unit is {row['unit']}"
    literal = str(row["value"]).strip()
    negative = literal.startswith("-")
    if t.sign == "-" and not negative:
        return "the quote has a minus sign, the claim's value is positive"
    if t.sign == "+" and negative:
        return "the quote has a plus sign, the claim's value is negative"
    if not t.sign and row["kind"] in ("value", "total", "average", "bound") and str(row["stated_metric"]).endswith("balance"):
        # The words belong to the side the quote states, and so does the literal.
        says_deficit, says_surplus = bool(DEFICIT_WORDS.search(quote)), bool(SURPLUS_WORDS.search(quote))
        if says_deficit and not says_surplus and not negative:
            return "the quote speaks of a deficit, the claim's value is not negative (dropped minus sign?)"
        if says_surplus and not says_deficit and negative:
            return "the quote speaks of a surplus, the claim's value is negative"
    return ""


def _cause_of(row, t: Token, quote: str) -> str:
    problem = _scale_sign_problem(row, t, quote)
    if "scale" in problem:
        return "scale-slip"
    if "sign" in problem or "deficit" in problem or "surplus" in problem:
        return "sign"
    return "transcription"


class Provenance:
    def __init__(self, corpus, store: DocumentStore):
        self.corpus = corpus
        self.store = store
        self.sources: dict[str, SourceCheck] = {}
        self.quotes: dict[str, QuoteCheck] = {}
        self._run()

    def document(self, source_id: str) -> Document | None:
        check = self.sources.get(source_id)
        return self.store.get(check.document) if check and check.exists else None

    def _run(self) -> None:
        for s in self.corpus.sources:
            doc = self.store.get(s.document)
            self.sources[s.id] = SourceCheck(s.id, s.document, doc is not None, s.sha256, doc.sha256 if doc else None)
        for row in self.corpus.claims:
            doc = self.document(row["source"])
            if doc is None:
                continue
            check = QuoteCheck(row["id"], doc.name)
            hit = doc.find(row["quote"], int(row["quote_line"]))
            if hit:
                check.found_line, start, end = hit
                check.span = (start, end)
                check.tokens = [t for t in numbers_in(doc.line(check.found_line), check.found_line) if start <= t.start and t.end <= end]
                check.matched, check.value_problem, check.cause = _value_problem(row, check.tokens, row["quote"])
            self.quotes[row["id"]] = check
