"""Which kind of claim a figure states, and its value with the claim format's sign convention.

Kinds, first that applies: a list item's position (rank); a count of partners ("a deficit with
92 countries") or of a ranking's items ("the top 10 countries"); a bound over a ranking ("at least
$1 billion with each of the 43"); a percentage: growth when the words say it changed, a tariff
rate, else a share; money: an average ("average", "/month"), a change ("an $11.3 billion jump"),
a total over named parts ("combined … China, Japan and Vietnam"), else a plain value.
Signs are the reporter's: a balance called a deficit is negative; a change that deepens a
deficit is negative; growth is on magnitudes, so only a fall is negative.
"""

from __future__ import annotations

import re

from reconcile.documents import Token, numbers_in
from reconcile.draft import figures as F
from reconcile.draft.context import DocumentContext
from reconcile.draft.subjects import entity_mentions, partners


YEARS = re.compile(r"\b(?:19|20)\d\d(?:s|[-–]\d\d)?\b")  # what the draft's own skip entry for years covers


def line_proposals(ctx: DocumentContext, number: int) -> list[F.Proposal]:
    line = ctx.lines[number - 1]
    years = [m.span() for m in YEARS.finditer(line)]
    # Years and other numbers that are no figures are neither claims nor the neighbours that end a figure's clause.
    tokens = [t for t in numbers_in(line, number) if (number, t.start) not in ctx.not_figures and not _is_year(t, years)]
    out = []
    by_token: dict[int, F.Proposal] = {}
    for i in range(len(tokens)):
        proposal = _propose(ctx, number, line, tokens, i)
        if proposal:
            out.append(proposal)
            if _said_metric(proposal) == "tariff_rate":
                out.extend(_each_partner(proposal, F.window(line, tokens, i)))
            by_token[i] = proposal
    for low, high in _ranges(line, tokens):
        if low in by_token and high in by_token:
            _read_as_range(by_token[low], by_token[high])
    return out


def _each_partner(p: F.Proposal, w: F.Window) -> list[F.Proposal]:
    """"Tariffs of 25% on goods from Canada and Mexico": one rate, a claim for each partner it applies to."""
    named, end = _listed_partners(w)
    subject = p.fields.get("subject")
    if len(named) < 2 or not subject or subject.value != named[0]:
        return []
    start = w.token.start - len(w.left) - w.sentence_start
    p.quote = w.sentence[start:end].strip(" ,;:—–-")  # the quote names every partner the rate applies to
    return [F.Proposal(**{**p.__dict__, "fields": {**p.fields, "subject": F.Guess(other, subject.confidence, tuple(named))}})
            for other in named[1:]]  # fmt: skip


def _said_metric(p: F.Proposal):
    guess = p.fields.get("metric")
    return guess.value if guess else None


LISTED = re.compile(r"^(?:,\s*|,?\s+(?:and|&)\s+(?:the\s+)?)$")


def _listed_partners(w: F.Window) -> tuple[list[str], int]:
    """The partners listed together ("Canada and Mexico", "Chile, Peru and Bolivia") after the figure in its sentence,
    and where in the sentence the list ends."""
    at = w.token.end - w.sentence_start
    after = w.sentence[at:]
    later = next((t for t in numbers_in(after) if t.currency or t.percent or t.scale), None)
    named = partners(entity_mentions(after[: later.start] if later else after))
    run = named[:1]
    for a, b in zip(named, named[1:]):
        if not LISTED.match(after[a.end : b.start]):
            break
        run.append(b)
    return list(dict.fromkeys(m.display for m in run)), at + (run[-1].end if run else 0)


# "between $55 billion and $65 billion", "ranging from 4% to 6%", "estimates of $3–5 billion": the two ends of one
# range, a lower and an upper bound on the same figure.
RANGE_OPENS = re.compile(r"(?:\bbetween|\brang(?:e|es|ed|ing)(?:\s+(?:from|of))?|\bvar(?:y|ies|ied)\s+from)\s+$", re.I)
RANGE_LINKS = {"between": re.compile(r"^\s+and\s+$"), "other": re.compile(r"^\s*(?:to|[-–—])\s*$")}


def _ranges(line: str, tokens: list[Token]) -> list[tuple[int, int]]:
    out = []
    for i in range(len(tokens) - 1):
        if _compact_range(line, tokens[i], tokens[i + 1]):
            out.append((i, i + 1))
            continue
        opened = RANGE_OPENS.search(line[: tokens[i].start])
        if not opened:
            continue
        link = RANGE_LINKS["between" if opened.group(0).lower().startswith("between") else "other"]
        if link.match(line[tokens[i].end : tokens[i + 1].start]):
            out.append((i, i + 1))
    return out


def _compact_range(line: str, low: Token, high: Token) -> bool:
    """"$60–65 billion", "4-6%": two numbers joined by a dash that share the second one's scale or percent sign."""
    if line[low.end : high.start] not in ("-", "–", "—") or low.scale or low.percent:
        return False
    return bool(high.scale or high.percent) and not (high.currency and not low.currency)


def _read_as_range(low: F.Proposal, high: F.Proposal) -> None:
    """The upper end states the same figure as the lower one: its fields and sign are the lower end's; the lower end
    is a bound from below, the upper one from above (on the magnitude, as a bound is)."""
    if low.scale == "one" and high.scale != "one":  # "$60–65 billion": the scale is shared, and so is the currency
        low.scale = high.scale
    if low.token.currency and not high.token.currency:
        high.unit = low.unit
    if low.kind != "value" or high.unit != low.unit:
        return
    high.fields = dict(low.fields)
    high.perspective, high.per = low.perspective, low.per
    negative = low.value.startswith("-")
    high.value = ("-" if negative else "") + high.value.lstrip("+-")
    low.qualifier, high.qualifier = "at_least", "at_most"


def _is_year(t: Token, years: list[tuple[int, int]]) -> bool:
    plain = not t.currency and not t.percent and not t.scale and "." not in t.text and not t.sign
    return plain and any(s <= t.start and t.end <= e for s, e in years)


def _propose(ctx: DocumentContext, number: int, line: str, tokens: list[Token], i: int) -> F.Proposal | None:
    t = tokens[i]
    item = ctx.items.get(number)
    if item and item.token.start == t.start:
        return _rank(ctx, number, item)
    top = _top_of(ctx, line, t)
    if top:
        return F.Proposal(number, t, kind="count", value=str(t.magnitude), unit="count", scale="one", ranking=top.id,
                          quote=_quote(F.window(line, tokens, i)))  # fmt: skip
    if bare(t, line):
        ctx.not_figures[(number, t.start)] = "bare"
        return None
    w = F.refer_back(F.window(line, tokens, i), ctx, number)
    p = F.Proposal(number, t, qualifier=F.qualifier(line[: t.start]), quote=_quote(w))
    if _count(ctx, p, w):
        return p
    if t.percent:
        _percent(ctx, p, w, number)
    else:
        _amount(ctx, p, w, number)
    return p


def _quote(w: F.Window) -> str:
    """The figure's clause, widened to the sentence when the clause is too short to find again."""
    text = (w.left + w.token.text + w.right).strip(" ,;:—–-")
    if len(text.split()) < 4:
        text = w.sentence.strip()
    if len(text) > 120:
        at = text.find(w.token.text)
        lo = max(0, at - 60)
        text = text[lo : lo + 120].strip()
    return text


# --- ranks, counts, bounds -------------------------------------------------------------


def _rank(ctx: DocumentContext, number: int, item) -> F.Proposal:
    line = ctx.lines[number - 1]
    ranking = ctx.ranking_of(number)
    first = numbers_in(line[item.token.end :], number)
    end = item.token.end + first[0].end if first else len(line)
    p = F.Proposal(number, item.token, kind="rank", value=str(item.position), unit="rank", scale="one",
                   quote=line[:end].strip(), ranking=ranking.id if ranking else None)  # fmt: skip
    p.fields["subject"] = F.Guess(item.subject.display, 0.9)
    return p


def _count(ctx: DocumentContext, p: F.Proposal, w: F.Window) -> bool:
    """ "a trade deficit with 92 countries" (partners in deficit) or "the 43 countries on this list" (a ranking's items)."""
    t = p.token
    if t.currency or t.percent or t.scale or "." in t.text or not F.COUNTED.match(w.line[t.end :]):
        return False
    p.unit, p.scale, p.value = "count", "one", str(t.magnitude)
    before = w.line[max(0, t.start - 40) : t.start]
    if re.search(r"\b(?:deficits?|surplus(?:es)?)\s+with\s+(?:\w+\s+){0,2}$", before, re.I):
        kind = "partners_in_deficit" if re.search(r"deficits?\s+with", before, re.I) else "partners_in_surplus"
        p.fields["subject"] = F.Guess("World", 0.9)
        p.fields["metric"] = F.Guess(kind, 0.9)
        p.fields["period"] = F.period(w, ctx, p.line, kind)[0]
        return True
    ranking = _ranking_with(ctx, int(t.magnitude))
    if ranking or F.LIST_COUNT.search(before) or "list" in w.right.lower():
        p.kind = "count"
        p.ranking = ranking.id if ranking else None
        return True
    p.fields["metric"] = F.Guess(None, 0.0, ("partners_in_deficit", "partners_in_surplus", "import_quantity"))
    p.fields["subject"] = F.subject(w, ctx, p.line)
    p.fields["period"] = F.period(w, ctx, p.line, None)[0]
    return True


TOP = re.compile(r"\btop\s+$", re.I)


def _top_of(ctx: DocumentContext, line: str, t: Token):
    """"Top 10 U.S. goods trade deficits" above a list of ten: the number of the ranking's items, whatever noun follows."""
    if t.currency or t.percent or t.scale or "." in t.text or not TOP.search(line[: t.start]):
        return None
    return _ranking_with(ctx, int(t.magnitude))


def bare(t: Token, line: str) -> bool:
    """A number with no unit, scale or counted noun, and no list position: more often a name or a label than a figure."""
    return not (t.currency or t.percent or t.scale or t.sign) and not F.COUNTED.match(line[t.end :])


def _ranking_with(ctx: DocumentContext, size: int):
    return next((r for r in ctx.rankings if len(r.items) == size), None)


# --- percentages -----------------------------------------------------------------------


def _percent(ctx: DocumentContext, p: F.Proposal, w: F.Window, number: int) -> None:
    p.unit, p.scale, p.value = "percent", "one", _signed_literal(p.token, negative=False)
    flow, _, _ = F.flow(w)
    elided = F.elided_change_verb(w)
    changed = F.CHANGE_BEFORE.search(w.left) or F.CHANGE_AFTER.match(w.right) or elided or (p.token.sign == "+" and re.search(r"\bversus|\bvs\b|\bfrom\b|\bcompared", w.right + w.sentence, re.I))
    if changed:
        p.kind = "growth"
        subject_flow, partner_side = _flow_without(w, ("tariff_rate",))
        scope_name, _ = F.scope(w, ctx, number)
        metric = F.metric_of(_reporter_flow(subject_flow, partner_side) or "balance", scope_name)
        p.fields["metric"] = F.Guess(metric, 0.8 if subject_flow else 0.5)
        if (F.DECREASING.match(elided.group(0)) if elided else _decrease_near(w)):
            p.value = "-" + p.value.lstrip("+-")
    elif flow == "tariff_rate" or re.search(r"\btariff|\btax|\bdut(?:y|ies)", w.sentence, re.I):
        p.fields["metric"] = F.Guess("tariff_rate", 0.9 if flow == "tariff_rate" else 0.7)
    elif not _share_of_total(ctx, p, w, number):
        p.fields["metric"] = F.Guess("share", 0.6, ("share", "tariff_rate"))
    _common(ctx, p, w, number)


# "24.4% of the total", "31.8% of US goods exports", "58% of the goods deficit": a part of a trade figure's total.
# Only these words may stand between "of" and the total's flow, so "70% of all smartphones sold" (no trade
# figure) and "41% of US vehicle imports" (a product's total, which the draft does not read) stay plain shares.
TOTAL_OF = re.compile(r"^\s*of\s+(?:(?:the|all|total|overall|its|their|u\.s\.|us|america['’]s|american|the\s+nation['’]s|"
                      r"goods|services|merchandise|and|&|trade)\s+)*(?P<flow>deficits?|surplus(?:es)?|balance|gap|exports|imports|trade|total)\b",
                      re.I)  # fmt: skip
TOTAL_FLOWS = {"exports": "exports", "imports": "imports", "trade": "trade_value"}


def _share_of_total(ctx: DocumentContext, p: F.Proposal, w: F.Window, number: int) -> bool:
    """A partner's (or named partners') share of the reporter's total with the world: `kind: share`, its metric the
    total's, `of: {subject: World}`. The world's own share of a total names a product, which is read by hand."""
    m = TOTAL_OF.match(w.right)
    if not m:
        return False
    flow = _total_flow(m["flow"].lower(), w)
    if flow is None:
        return False
    before = w.sentence[: max(0, w.token.start - w.sentence_start)]
    named = list(dict.fromkeys(e.display for e in partners(entity_mentions(before))))
    if len(named) >= 2 and F.COMBINED.search(before):
        p.parts = named
    else:
        subject = F.subject(w, ctx, number)
        if not subject.sure or subject.value == "World":
            return False
        p.fields["subject"] = subject
    scope_name, _ = F.scope(w, ctx, number)
    p.kind, p.of = "share", {"subject": "World"}
    p.fields["metric"] = F.Guess(F.metric_of(flow, scope_name), 0.7)
    return True


def _total_flow(word: str, w: F.Window) -> str | None:
    """The flow the total is of: its own word, or for "the total" the flow the figure's line names."""
    if word in TOTAL_FLOWS:
        return TOTAL_FLOWS[word]
    if word != "total":
        return "balance"
    found = F._nearest_hint(w.line, w.token.start, w.token.end)
    return found[0] if found and found[0] in ("balance", "exports", "imports", "trade_value") else None


def _decrease_near(w: F.Window) -> bool:
    return bool(F.DECREASING.search(w.left[-25:]) or F.DECREASING.search(w.right[:25]))


def _flow_without(w: F.Window, excluded: tuple) -> tuple[str | None, bool]:
    """(flow, whether the words state it from the partner's side) nearest the figure in its sentence."""
    found = F._nearest_hint(w.sentence, w.token.start - w.sentence_start, w.token.end - w.sentence_start)
    return (found[0], found[1] == "partner") if found and found[0] not in excluded else (None, False)


def _reporter_flow(flow: str | None, partner_side: bool) -> str | None:
    """Growth is on magnitudes, so "Vietnam's exports to the U.S. jumped 20%" is the reporter's imports growing 20%."""
    if partner_side and flow in ("exports", "imports"):
        return "imports" if flow == "exports" else "exports"
    return flow


# --- money and other amounts -----------------------------------------------------------


def _amount(ctx: DocumentContext, p: F.Proposal, w: F.Window, number: int) -> None:
    t = p.token
    flow, perspective, sure = F.flow(w)
    flow, sure = (flow, sure) if flow else (_inherited_flow(ctx, number), 0.55)
    if perspective:
        p.perspective = perspective
    scope_name, scope_sure = F.scope(w, ctx, number)
    metric = F.metric_of(flow, scope_name) if flow != "tariff_rate" else None
    if not t.currency and t.scale and (F.GOODS_NOUN.match(w.right) or flow in ("exports", "imports") and "dollar" not in w.right.lower()):
        metric, sure = "import_quantity", 0.7
        p.unit = "count"
    elif not t.currency and not t.scale:
        p.unit, metric, sure = "count", metric if flow else None, min(sure, 0.4)
    p.scale = t.scale or "one"
    p.fields["metric"] = F.Guess(metric, min(sure, scope_sure + 0.2) if metric else 0.0,
                                 ("goods_balance", "goods_exports", "goods_imports", "gs_balance") if not metric else ())
    _kind_of_amount(ctx, p, w)
    p.value = _amount_value(p, w, metric)
    _common(ctx, p, w, number)


def _inherited_flow(ctx: DocumentContext, number: int) -> str | None:
    """A bare figure's flow: a list item's from its ranking's declaration, else from the nearest line above in its
    section that names one (a table under its header)."""
    declared = F._declaration_of(ctx, number)
    if declared is not None:
        found = F._nearest_hint(declared, len(declared), len(declared))
        return found[0] if found else "balance"
    for back in range(1, 40):
        if number - back < 1 or (number - back + 1) in ctx.headings:
            break
        text = ctx.lines[number - back - 1]
        found = F._nearest_hint(text, len(text), len(text))
        if found:
            return found[0]
    return "balance" if number in ctx.items or ctx.subject_governor[number] else None


def _kind_of_amount(ctx: DocumentContext, p: F.Proposal, w: F.Window) -> None:
    if F.AVERAGE.search(w.left) or F.PER.match(w.right):
        p.kind = "average"
        per = F.PER.match(w.right)
        words = (w.left + w.right).lower()
        p.per = per["per"].lower() if per else ("quarter" if "quarter" in words else "year" if "annual" in words else "month")
    elif F.CHANGE_BY.search(w.left) or F.CHANGE_AFTER.match(w.right) or F.elided_change_verb(w):
        p.kind = "change"
    elif p.qualifier in ("at_least", "at_most", "over", "under") and F.EACH_OF.search(w.sentence[w.token.end - w.sentence_start :]):
        p.kind = "bound"
        ranking = _ranking_named_after(ctx, w)
        p.ranking = ranking.id if ranking else None
    elif F.COMBINED.search(w.left) or F.COMBINED.search(w.sentence[: max(0, w.token.start - w.sentence_start)]):
        named = list(dict.fromkeys(m.display for m in partners(entity_mentions(w.sentence))))
        if len(named) >= 2:
            p.kind, p.parts = "total", named


def _ranking_named_after(ctx: DocumentContext, w: F.Window):
    for t in numbers_in(w.sentence[w.token.end - w.sentence_start :]):
        found = _ranking_with(ctx, int(t.magnitude)) if "." not in t.text else None
        if found:
            return found
    return ctx.rankings[0] if len(ctx.rankings) == 1 else None


def _amount_value(p: F.Proposal, w: F.Window, metric: str | None) -> str:
    t = p.token
    if t.sign:
        return _signed_literal(t, negative=t.sign == "-")
    clause = w.left + w.right
    if p.kind == "change":
        deepens = F.DEFICIT.search(w.sentence) and not F.SURPLUS.search(clause) and metric and metric.endswith("balance")
        elided = F.elided_change_verb(w)
        falls = F.DECREASING.match(elided.group(0)) if elided else F.DECREASING.search(w.left[-25:] + w.right[:25])
        negative = bool(deepens) != bool(falls)
        return _signed_literal(t, negative=negative)
    if metric and metric.endswith("balance") or p.kind == "bound":
        return _signed_literal(t, negative=_is_deficit(w))
    return _signed_literal(t, negative=False)


def _is_deficit(w: F.Window) -> bool:
    """A balance is negative when the words nearest the figure call it a deficit (or a gap), not a surplus."""
    clause = w.left + " " + w.right
    deficit, surplus = F.DEFICIT.search(clause), F.SURPLUS.search(clause)
    if deficit or surplus:
        return bool(deficit) and not (surplus and _closer(surplus, deficit, len(w.left)))
    said = w.sentence if F.DEFICIT.search(w.sentence) or F.SURPLUS.search(w.sentence) else w.previous
    return bool(F.DEFICIT.search(said)) and not F.SURPLUS.search(said)


def _closer(a: re.Match, b: re.Match, at: int) -> bool:
    return abs(a.start() - at) < abs(b.start() - at)


def _signed_literal(t: Token, negative: bool) -> str:
    return ("-" if negative else "") + str(t.magnitude)


# --- what every claim needs ------------------------------------------------------------


def _common(ctx: DocumentContext, p: F.Proposal, w: F.Window, number: int) -> None:
    metric = p.fields.get("metric").value if p.fields.get("metric") else None
    if p.kind == "total" or p.parts:
        p.fields.pop("subject", None)
    else:
        p.fields.setdefault("subject", F.subject(w, ctx, number))
    guess, froms = F.period(w, ctx, number, metric)
    if p.kind == "average" and not any(m.role == "own" for m in _clause_mentions(w)):
        n = F.N_MONTH.search(w.left)
        month = F._reference(ctx, number).month
        if n and month:
            count = int(n["n"]) if n["n"].isdigit() else F.NUMBER_WORDS[n["n"].lower()]
            from reconcile.draft.periods import months_back

            guess = F.Guess(months_back(month, count), 0.7)
    p.fields["period"] = guess
    if p.kind in ("growth", "change"):
        p.fields["from_period"] = F.from_period(froms, guess.value, ctx, number)
        if p.fields["from_period"].value is None:
            p.fields.pop("from_period")


def _clause_mentions(w: F.Window):
    from reconcile.draft.periods import mentions

    return mentions(w.left + w.token.text + w.right)
