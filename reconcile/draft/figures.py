"""One figure of one line -> a proposed claim: each field with its confidence and the candidates it was chosen from.

A figure's own clause (the words between it and its neighbours, up to a comma or a sentence
end) is read first; what it does not say comes from the sentence, the line, the table row,
the heading or list item governing the line, and last from the document as a whole. Each
step down lowers the confidence; a field below THRESHOLD is written CHECK with its candidates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from reconcile.documents import Token, numbers_in
from reconcile.draft import periods
from reconcile.draft.context import DocumentContext, row_label
from reconcile.draft.subjects import WORLD_WORDS, EntityMention, entity_mentions, partners

THRESHOLD = 0.5

QUALIFIER_WORDS = [
    (r"(more than|over|exceed(?:ed|s|ing)?|surpass(?:ed|es|ing)?|top(?:ped|ping)|above|upwards of|in excess of)\s*$", "over"),
    (r"(at least|a minimum of|minimum|no less than)\s*$", "at_least"),
    (r"(nearly|almost|close to|just under|approaching)\s*$", "nearly"),
    (r"(about|around|roughly|some|approximately|an estimated|~)\s*$", "about"),
    (r"(up to|at most|a maximum of|no more than)\s*$", "at_most"),
    (r"(under|less than|below|fewer than)\s*$", "under"),
]
US = r"(?:the\s)?(?:u\.?s\.?a?\b|united states|america\b)"
WITHIN = r"(?:[^.;]|\.(?=\d))"  # words of the same sentence (a decimal point is no sentence end)
# (pattern, flow, perspective); the first that matches nearest the figure decides.
FLOW_HINTS = [
    (rf"\bexports?\b{WITHIN}{{0,20}}?\bto {US}", "exports", "partner"),
    (rf"\b(?:sold|sells|selling|shipped|ships)\b{WITHIN}{{0,60}}?\bto {US}", "exports", "partner"),
    (rf"\bimports?\b{WITHIN}{{0,20}}?\bfrom {US}", "imports", "partner"),
    (rf"\b(?:buying|bought|buys|purchas\w+)\b{WITHIN}{{0,40}}?\b(?:american|u\.?s\.?)\b", "imports", "partner"),
    # "Canada's surplus with the U.S.": a partner named as the owner of the balance states its own side.
    (rf"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?['’]s\s+(?:own\s+)?(?:goods\s+|trade\s+)*(?:surplus|deficit|balance)\s+with\s+{US}", "balance", "partner"),
    (rf"\b(?:buying|bought|buys|purchas\w+)\b{WITHIN}{{0,40}}?\bfrom\b", "imports", None),
    (r"\bgdp per capita\b|\bper capita\b", "gdp_per_capita", None),
    (r"\bgdp\b|\bgross domestic product\b", "gdp", None),
    (r"\btariffs?\b|\btax(?:es|ing|ed)?\b|\bdut(?:y|ies)\b|\blevies\b", "tariff_rate", None),
    (r"\b(?:bilateral|two-way|total|global|overall) trade\b(?! (?:deficit|surplus|balance|gap))|\btrade (?:value|volume)s?\b|\bturnover\b",
     "trade_value", None),
    (r"\bdeficits?\b|\bsurplus(?:es)?\b|\bbalance\b|\bgap\b|\bimbalances?\b", "balance", None),
    (r"\bexport\w*\b|\bsold\b", "exports", None),
    (r"\bimport\w*\b|\bentered the u\.?s\b|\bshipments? from\b", "imports", None),
]
_FLOW = [(re.compile(p, re.I), flow, persp) for p, flow, persp in FLOW_HINTS]
SCOPE_GS = re.compile(r"\bgoods\s(?:and|&)\sservices\b", re.I)
SCOPE_SERVICES = re.compile(r"\bservices?\b", re.I)
DEFICIT = re.compile(r"\b(?:deficits?|gap|negative|shortfall)\b", re.I)
SURPLUS = re.compile(r"\bsurplus(?:es)?\b|\bpositive\b", re.I)
INCREASE = (r"increase[sd]?|rise|rises|rose|risen|jump(?:ed|s)?|grew|grow(?:n|s|th)?|gain(?:ed|s)?|climb(?:ed|s)?|surge[sd]?|spike[sd]?|up"
            r"|widen(?:ed|s)?|deepen(?:ed|s)?|soar(?:ed|s)?")
DECREASE = (r"decrease[sd]?|decline[sd]?|fell|fall(?:en|s)?|drop(?:ped|s)?|down|shr[ai]nk|shrunk|narrow(?:ed|s)?|contract(?:ed|s)?"
            r"|plunge[sd]?|tumble[sd]?")
# Words between a change verb and its figure that qualify the figure ("jumped almost 20%", "widened by more than $5 B").
APPROX = r"(?:(?:almost|nearly|about|around|roughly|some|approximately|just|more than|over|less than|under|close to|an estimated)\s+)*"
CHANGE_BEFORE = re.compile(rf"\b(?:{INCREASE}|{DECREASE})(?:\s+(?:by|of))?\s+(?:an?\s+|a\s+notable\s+|a\s+)?{APPROX}$", re.I)
CHANGE_AFTER = re.compile(rf"^\s+(?:{INCREASE}|{DECREASE})\b", re.I)
CHANGE_BY = re.compile(rf"\b(?:{INCREASE}|{DECREASE})\s+by\s+{APPROX}$", re.I)
CHANGE_VERB = re.compile(rf"\b(?:{INCREASE}|{DECREASE})\b", re.I)
# "shrank by 5.8% from 2023, and by more than $120 billion from its 2018 peak": the second "by" shares the verb.
ELIDED_BY = re.compile(rf"(?:^|,|\band)\s*by\s+{APPROX}$", re.I)
DECREASING = re.compile(rf"\b(?:{DECREASE})\b", re.I)
COUNTED = re.compile(r"^\s*(?:\w+\s){0,2}?(?:countries|nations|partners|economies|trading partners|markets)\b", re.I)
LIST_COUNT = re.compile(r"\b(?:top|these|here are the|the)\s*$", re.I)
AVERAGE = re.compile(r"\baverag(?:e|ed|es|ing)\b|\bavg\b", re.I)
PER = re.compile(r"^\s?(?:/|per |a )(?P<per>month|quarter|year)\b(?!\s+(?:earlier|ago|before|later|on)\b)", re.I)  # not "a year earlier"
COMBINED = re.compile(r"\b(?:combined|together|collectively|in total with|add(?:ed|s)? up to|between them)\b", re.I)
EACH_OF = re.compile(r"\beach of\b|\bevery one of\b", re.I)
N_MONTH = re.compile(r"\b(?P<n>two|three|four|five|six|twelve|\d{1,2})[\s‑-]month\b", re.I)
NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12}
GOODS_NOUN = re.compile(r"^\s(?:[\w-]+\s){0,2}(?:vehicles|cars|units|barrels|tons|tonnes|devices|phones|containers)\b", re.I)


@dataclass
class Guess:
    value: object
    confidence: float
    candidates: tuple = ()

    @property
    def sure(self) -> bool:
        return self.value is not None and self.confidence >= THRESHOLD


@dataclass
class Window:
    """The words around one figure: its clause (up to a comma or a neighbour), its sentence, its line."""

    line: str
    token: Token
    left: str
    right: str
    sentence: str
    sentence_start: int
    previous: str = ""  # the sentence before, when this one refers back to it (see `refer_back`)


@dataclass
class Proposal:
    line: int
    token: Token
    kind: str = "value"
    fields: dict[str, Guess] = field(default_factory=dict)
    value: str = ""
    unit: str = "USD"
    scale: str = "one"
    qualifier: str = "exact"
    perspective: str = "reporter"
    per: str | None = None
    ranking: str | None = None
    parts: list[str] = field(default_factory=list)
    of: dict | None = None  # a share's total
    quote: str = ""


# --- windows ---------------------------------------------------------------------------


def window(line: str, tokens: list[Token], i: int) -> Window:
    t = tokens[i]
    s_start, s_end = _sentence_bounds(line, t.start, t.end)
    prev_end = tokens[i - 1].end if i > 0 else 0
    next_start = tokens[i + 1].start if i + 1 < len(tokens) else len(line)
    left_start = max(s_start, prev_end, _last_cut(line, s_start, t.start))
    right_end = min(s_end, next_start, _first_cut(line, t.end, s_end))
    return Window(line, t, line[left_start : t.start], line[t.end : right_end], line[s_start:s_end], s_start)


# "That combined figure rose 17%", "The official Census figure is $63.3 billion": words that point at the figure
# the sentence before stated.
ANAPHOR = re.compile(r"\b(?:that|this|the same|the official|the latter)\s+(?:[\w-]+\s+)?(?:figure|number|total|amount|estimate)\b", re.I)


def refer_back(w: Window, ctx: DocumentContext, number: int) -> Window:
    """The window with the sentence before it, when its own sentence refers back to that one: it names neither a
    partner nor a flow, or it points at "that figure". Read for what the sentence itself leaves unsaid."""
    said_nothing = not partners(entity_mentions(w.sentence)) and not _nearest_hint(w.sentence, 0, 0)
    if not (said_nothing or ANAPHOR.search(w.sentence)):
        return w
    previous = _previous_sentence(ctx, number, w.sentence_start)
    return Window(w.line, w.token, w.left, w.right, w.sentence, w.sentence_start, previous) if previous else w


def _previous_sentence(ctx: DocumentContext, number: int, sentence_start: int) -> str:
    """The sentence before: earlier on the line, else the last of the paragraph above (a heading starts afresh)."""
    before = ctx.lines[number - 1][:sentence_start].rstrip()
    back = number - 1
    while not before and back >= 1 and back not in ctx.headings:
        before = ctx.lines[back - 1].rstrip()
        back -= 1
    if not before:
        return ""
    return before[_sentence_bounds(before, len(before) - 1, len(before) - 1)[0] :]


def _sentence_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in re.finditer(r"(?<!\bU\.S)(?<![A-Z])[.?!;]\s+(?=[A-Z\"“(‘'$–-])", line[:start]):
        left = m.end()
    m = re.search(r"(?<!\bU\.S)(?<![A-Z])[.?!;](?:\s|$)", line[end:])
    return left, end + m.start() + 1 if m else len(line)


def _last_cut(line: str, lo: int, hi: int) -> int:
    cuts = [m.end() for m in re.finditer(r",\s|\s(?:while|whereas|but)\s|—|\s–\s", line[lo:hi])]
    return lo + cuts[-1] if cuts else lo


# "$136.6 billion as factories moved south from China": "as" opens a clause of its own, unless it compares a figure.
SUBORDINATE = r"\s(?:as(?!\s(?:much|many|high|low|little|well|large|big|of|a|an|the same|part)\b)|because)\s"


def _first_cut(line: str, lo: int, hi: int) -> int:
    m = re.search(rf",\s|\s(?:while|whereas|but|and)\s|{SUBORDINATE}|—|\s–\s|:", line[lo:hi])
    return lo + m.start() if m else hi


# --- fields ----------------------------------------------------------------------------


def qualifier(before: str) -> str:
    before = re.sub(r"[-–−]$", "", before.rstrip()).rstrip() + " " if before.rstrip().endswith(("-", "–", "−")) else before
    for pattern, name in QUALIFIER_WORDS:
        if re.search(pattern, before, re.IGNORECASE):
            return name
    return "exact"


def flow(w: Window) -> tuple[str | None, str | None, float]:
    """(flow, perspective, confidence): the hint nearest the figure in its clause, else in its sentence."""
    span = w.left + w.token.text + w.right
    at = len(w.left)
    best = _nearest_hint(span, at, at + len(w.token.text))
    if best:
        return best[0], best[1], 0.9
    sentence_at = w.token.start - w.sentence_start
    lo, hi = _contrast_segment(w.sentence, sentence_at, sentence_at + len(w.token.text))
    best = _nearest_hint(w.sentence[lo:hi], sentence_at - lo, sentence_at - lo + len(w.token.text))
    if best:
        return best[0], best[1], 0.7
    best = _nearest_hint(w.sentence, sentence_at, sentence_at + len(w.token.text))
    if best:
        return best[0], best[1], 0.65
    best = _nearest_hint(w.previous, *_first_figure(w.previous)) if w.previous else None
    return (best[0], best[1], 0.6) if best else (None, None, 0.0)


def _first_figure(text: str) -> tuple[int, int]:
    """Where the first figure of `text` is (its end, without one): what a sentence measures is said nearest it."""
    first = next(iter(_figures_in(text)), None)
    return (first.start, first.end) if first else (len(text), len(text))


CONTRAST = re.compile(r",?\s(?:while|whereas|but)\s|;\s")


def _contrast_segment(sentence: str, lo: int, hi: int) -> tuple[int, int]:
    """The part of the sentence on the figure's side of "while", "whereas" or "but": "Imports from Korea rose 12% to
    $116 billion, while exports to Korea …" says what $116 billion is before the "while"."""
    start = max((m.end() for m in CONTRAST.finditer(sentence, 0, lo)), default=0)
    after = CONTRAST.search(sentence, hi)
    return start, after.start() if after else len(sentence)


@functools.lru_cache(maxsize=4096)
def _nearest_hint(text: str, lo: int, hi: int):  # cached: a sentence is asked for each of its figures
    found = []
    for order, (pattern, name, persp) in enumerate(_FLOW):
        for m in pattern.finditer(text):
            distance = 0 if m.start() <= lo and hi <= m.end() else min(abs(m.start() - hi), abs(lo - m.end()))
            found.append((distance, order, name, persp))
    if not found:
        return None
    _, _, name, persp = min(found)
    return name, persp


def scope(w: Window, ctx: DocumentContext, number: int) -> tuple[str, float]:
    """goods, services or gs (goods and services): said in the clause or sentence; a bare table cell takes it from the
    lines above it in its section; else goods."""
    said = _scope_of(w.left + w.right) or _scope_of(w.sentence[: max(0, w.token.start - w.sentence_start)])
    if said:
        return said, 0.9
    said = _scope_of(w.previous)
    if said:
        return said, 0.7
    declared = _declaration_of(ctx, number)
    if declared is not None:
        return _scope_of(declared) or "goods", 0.7
    if len(re.findall(r"[A-Za-z]{3,}", w.line)) > 2:
        return "goods", 0.7
    for back in range(1, 40):
        if number - back < 1 or (number - back + 1) in ctx.headings:
            break
        said = _scope_of(ctx.lines[number - back - 1])
        if said:
            return said, 0.6
    return "goods", 0.7


def _declaration_of(ctx: DocumentContext, number: int) -> str | None:
    """The words that declare the ranking a list item's line belongs to: they say what its figures measure."""
    ranking = ctx.ranking_of(number)
    return ranking.quote if ranking else None


def _scope_of(text: str) -> str | None:
    if SCOPE_GS.search(text):
        return "gs"
    if SCOPE_SERVICES.search(text) and not re.search(r"\bgoods\b", text, re.I):
        return "services"
    if re.search(r"\bgoods\b|\bmerchandise\b", text, re.I):
        return "goods"
    return None


def metric_of(flow_name: str | None, scope_name: str) -> str | None:
    if flow_name in ("balance", "exports", "imports"):
        return f"{scope_name}_{flow_name}"
    return flow_name


def subject(w: Window, ctx: DocumentContext, number: int) -> Guess:
    """The partner named in the clause, else the sentence, else what governs the line; the world when the reporter speaks alone."""
    clause = partners(entity_mentions(w.left + w.token.text + w.right))
    sentence = [m for m in partners(entity_mentions(w.sentence)) if not _of_a_later_figure(m, w)]
    governor = ctx.subject_governor[number] if number < len(ctx.subject_governor) else None
    candidates = tuple(dict.fromkeys(m.display for m in clause + sentence))
    if clause:
        chosen = _right_after(clause, w) or _prefer(clause, governor)
        return Guess(chosen.display, 0.75 if clause[0].demonym else 0.9, candidates)
    if sentence:
        return Guess(_prefer(sentence, governor).display, 0.65 if len(sentence) > 1 else 0.8, candidates)
    if governor and governor.subject:
        return Guess(governor.subject.display, governor.confidence, candidates)
    earlier = _referred_to(w)
    if earlier:
        return Guess(earlier.display, 0.6, (earlier.display,))
    named = list({m.id: m for m in partners(entity_mentions(w.previous))}.values())
    if len(named) == 1:
        return Guess(named[0].display, 0.6, (named[0].display,))
    world = 0.75 if (WORLD_WORDS.search(w.sentence) or any(m.is_reporter for m in entity_mentions(w.sentence))) else 0.6
    return Guess("World", world, candidates)


# "$19 billion with Australia": the partner right after the figure (its amount words aside) is the figure's.
RIGHT_AFTER = re.compile(r"^(?:\s+(?:in\s+goods|of\s+goods|worth|dollars?))*\s+(?:with|to|from)\s+(?:the\s+)?$", re.I)
PRONOUN = re.compile(r"\b(?:its|it|their)\b", re.I)


def _right_after(named: list[EntityMention], w: Window) -> EntityMention | None:
    after = len(w.left) + len(w.token.text)
    clause = w.left + w.token.text + w.right
    return next((m for m in named if m.start >= after and RIGHT_AFTER.match(clause[after : m.start])), None)


def _of_a_later_figure(m: EntityMention, w: Window) -> bool:
    """A partner named after the figure's clause, in the stretch of a later figure of the sentence ("imports of $212.8
    billion, with Ireland supplying 28%"), is that figure's."""
    clause_end = w.token.end - w.sentence_start + len(w.right)
    if m.start < clause_end:
        return False
    return any(t.start >= m.end for t in _figures_in(w.sentence))


@functools.lru_cache(maxsize=1024)
def _figures_in(text: str) -> tuple[Token, ...]:
    """The money, percent and scaled numbers of `text` (cached: each figure of a sentence asks)."""
    return tuple(t for t in numbers_in(text) if t.currency or t.percent or t.scale)


def _referred_to(w: Window) -> EntityMention | None:
    """"Vietnam is the fastest riser. Five years ago its deficit …": a pronoun before the figure, in a sentence that
    names no partner, refers to the one partner the sentence before it names."""
    if not PRONOUN.search(w.sentence[: max(0, w.token.start - w.sentence_start)]) or w.sentence_start == 0:
        return None
    before = w.line[: w.sentence_start].rstrip()
    previous = before[_sentence_bounds(before, len(before) - 1, len(before) - 1)[0] :] if before else ""
    named = list({m.id: m for m in partners(entity_mentions(previous))}.values())
    return named[0] if len(named) == 1 else None


def _prefer(named: list[EntityMention], governor) -> EntityMention:
    if governor and governor.subject and any(m.id == governor.subject.id for m in named):
        return next(m for m in named if m.id == governor.subject.id)
    return named[0]


def period(w: Window, ctx: DocumentContext, number: int, metric: str | None) -> tuple[Guess, list[periods.Mention]]:
    """The figure's own period (clause, sentence, line, row label, governing heading, the document's year), and the
    mentions a change is measured from."""
    ref = _reference(ctx, number)
    clause_at = w.token.start - len(w.left)
    clause = [_shifted(m, clause_at) for m in periods.mentions(w.left + w.token.text + w.right)]
    sentence = [_shifted(m, w.sentence_start) for m in periods.mentions(w.sentence)]
    line = list(periods.mentions(w.line))
    # The clause's own "from" first: "shrank 5.8% from 2023, and by $120 billion from its 2018 peak".
    froms = [m for m in clause if m.role == "from"] + [m for m in sentence if m.role == "from" and m not in clause]
    # Further from the figure, fewer mentions are its own: a base figure's period ("up from $152.4 billion in 2023")
    # only in that figure's clause, and on the rest of the line only what came before the figure's sentence.
    earlier = [m for m in line if m.end <= w.sentence_start]
    # The year a bare month or quarter is in: a year the sentence names as its own, else the line before it.
    year = next((m.value[:4] for m in sentence + earlier if m.value and m.role == "own"), None)
    named = _named_just_before(w)
    levels = ((clause, 0.9, ("own", "base")), ([named] if named else [], 0.8, (named.role,) if named else ()),
              (sentence, 0.85, ("own",)), (earlier, 0.75, ("own",)))  # fmt: skip
    for mentions, confidence, roles in levels:
        own = [m for m in mentions if m.role in roles or _attached(m, w.token)]
        if own:
            best = _nearest(own, w.token, prefer_before=mentions is not clause)
            value, sure = periods.resolve(best, ref, _sentence_period(sentence, ref) if best.words.lower() in periods.YEAR_BACK else year)
            if value:
                return Guess(value, min(confidence, sure), _values(mentions, ref)), froms
    label = row_label(ctx, number)
    if label:
        return Guess(label, 0.8), froms
    gov = ctx.period_governor[number] if number < len(ctx.period_governor) else None
    if gov and gov.period:
        return Guess(gov.period, gov.confidence), froms
    if metric == "tariff_rate" and ctx.reference.date:
        d = ctx.reference.date
        return Guess(str(d.year), 0.6), froms  # a rate in force (or proposed) in the year the document was written
    if ctx.reference.year:
        return Guess(ctx.reference.year, 0.55), froms
    return Guess(None, 0.0), froms


def _sentence_period(sentence: list[periods.Mention], ref: periods.Reference) -> str | None:
    """The period the sentence names as its own, besides "a year earlier": what that counts back from."""
    for m in sentence:
        if m.role == "own" and m.words.lower() not in periods.YEAR_BACK:
            value = periods.resolve(m, ref)[0]
            if value:
                return value
    return None


WHEN_CLAUSE = re.compile(r"^\s*(?:when|at which point|in which)\b", re.I)


def _named_just_before(w: Window) -> periods.Mention | None:
    """"rose 17% from 2023, when the deficit was $784.9 billion": a "when" clause is about the period named just
    before its comma, whatever that period's role was."""
    if not WHEN_CLAUSE.match(w.left):
        return None
    before = w.line[: w.token.start - len(w.left)].rstrip(" ,")
    found = [m for m in periods.mentions(before) if m.end == len(before)]
    return found[-1] if found else None


def _reference(ctx: DocumentContext, number: int) -> periods.Reference:
    gov = ctx.period_governor[number] if number < len(ctx.period_governor) else None
    month = gov.period if gov and gov.period and re.fullmatch(r"\d{4}-\d\d", gov.period) else None
    return periods.Reference(ctx.reference.date, ctx.reference.year, month)


def _shifted(m: periods.Mention, by: int) -> periods.Mention:
    return periods.Mention(m.start + by, m.end + by, m.kind, m.value, m.words, m.role)


def _attached(m: periods.Mention, t: Token) -> bool:
    """"2018’s $418 B": a year in the possessive right before the figure is its own, whatever word came before it."""
    return 0 <= t.start - m.end <= 3 and m.kind == "year"


def _nearest(own: list[periods.Mention], t: Token, prefer_before: bool) -> periods.Mention:
    """In its clause, the mention nearest the figure; further away, the last one before it ("In 2024, … $X … behind 2022")."""
    before = [m for m in own if m.end <= t.start]
    if prefer_before and before:
        return before[-1]
    return min(own, key=lambda m: _distance(m, t))


def _distance(m: periods.Mention, t: Token) -> int:
    return m.start - t.end if m.start >= t.end else t.start - m.end


def _values(mentions: list[periods.Mention], ref: periods.Reference) -> tuple:
    return tuple(dict.fromkeys(v for v in (periods.resolve(m, ref)[0] for m in mentions) if v))


def elided_change_verb(w: Window) -> re.Match | None:
    """The change verb an elided "…, and by $X" shares with the clause before it, in the same sentence."""
    if not ELIDED_BY.search(w.left):
        return None
    before = w.sentence[: max(0, w.token.start - w.sentence_start - len(w.left))]
    found = list(CHANGE_VERB.finditer(before))
    return found[-1] if found else None


def from_period(froms: list[periods.Mention], own: str | None, ctx: DocumentContext, number: int) -> Guess:
    """The period a change is measured from: named ("from 2023", "versus the previous year"), else the period
    before the figure's own ("up 2.1%" in an annual figure is up from the previous year)."""
    ref = _reference(ctx, number)
    for m in froms:
        value, sure = periods.resolve(m, ref, own)
        if value:
            return Guess(value, sure)
    before = periods.previous(own) if own else None
    return Guess(before, 0.6 if own and len(own) == 4 else 0.5) if before else Guess(None, 0.0)
