"""`reconcile draft DOCUMENT`: a claim-file skeleton with one draft claim per figure.

The number, its scale, its sign words and its qualifier words are read from the
text; subject, metric and period are guessed where the line makes it easy and
marked `# CHECK` — those need an analyst's judgement.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from reconcile.documents import Token, numbers_in, split_lines
from reconcile.entities import registry

QUALIFIER_WORDS = [
    (r"(more than|over|exceed(?:ed|s)?|surpass(?:ed|es)?|above)\s*$", "over"),
    (r"(at least|a minimum of|minimum)\s*$", "at_least"),
    (r"(nearly|almost|close to|just under)\s*$", "nearly"),
    (r"(about|around|roughly|some|approximately|~)\s*$", "about"),
    (r"(up to|at most|a maximum of)\s*$", "at_most"),
    (r"(under|less than|below)\s*$", "under"),
]
YEAR = re.compile(r"\b(19|20)\d\d\b")
METRIC_HINTS = [
    (r"exports? to (the )?u\.?s", "goods_imports", "partner"),
    (r"imports? from (the )?u\.?s", "goods_exports", "partner"),
    (r"\bexports?\b", "goods_exports", None),
    (r"\bimports?\b", "goods_imports", None),
    (r"gdp per capita", "gdp_per_capita", None),
    (r"\bgdp\b", "gdp", None),
    (r"tariff", "tariff_rate", None),
    (r"deficit|surplus|balance|trade gap", "goods_balance", None),
]


# --- the draft -------------------------------------------------------------------------
#
# draft() reads the document, drafts a claim for each figure on each line, and writes
# the claim file: header comments, the source block, a skip rule for years, the claims.


def draft(path: Path, source_id: str | None = None) -> str:
    """The draft claim file for the document at `path`, as YAML text."""
    raw = path.read_bytes()
    lines = split_lines(raw.decode("utf-8", errors="replace"))
    sid = source_id or _source_id(path)
    claims = [drafted for number, line in enumerate(lines, start=1) for drafted in _line_claims(sid, number, line)]
    return _claim_file(path, raw, sid, _title(lines, path), claims)


def _source_id(path: Path) -> str:
    """The file name's stem as a lower-case slug: "Trade Review 2024.txt" -> "trade-review-2024"."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "source"


def _title(lines: list[str], path: Path) -> str:
    """The document's first non-blank line, or its file name."""
    return next((ln.strip() for ln in lines if ln.strip()), path.name)


# --- the draft: one line ---------------------------------------------------------------


def _line_claims(sid: str, number: int, line: str) -> list[tuple[dict, str]]:
    """(draft claim, the figure as written) for each figure on line `number`."""
    figures = (t for t in numbers_in(line, number) if _is_figure(t))
    return [(_claim(sid, number, n, line, t), t.text.strip()) for n, t in enumerate(figures, start=1)]


def _is_figure(t: Token) -> bool:
    """A number to draft a claim for: anything but a bare whole number between 1900 and 2100."""
    # Calendar years and dates name periods; list positions ("1.") are ranks, drafted too.
    looks_like_year = not t.currency and not t.percent and not t.scale and "." not in t.text and 1900 <= t.magnitude <= 2100
    return not looks_like_year


def _claim(sid: str, number: int, n: int, line: str, t: Token) -> dict:
    """The draft claim for the n-th figure `t` of line `number`: what the text says, guesses marked CHECK."""
    lower = line.lower()
    metric, perspective = _metric_hint(lower)
    claim = {
        "id": f"{sid}-l{number}-{n}",
        "subject": _subject(line) or "CHECK",
        "metric": _metric(t, metric, lower),
        "period": _period(line),
        "value": _literal(t, metric, lower),
        "scale": _scale(t),
        "unit": _unit(t),
        "qualifier": _qualifier(line[: t.start]),
        "quote": _clause(line, t),
        "line": number,
    }
    if perspective:
        claim["perspective"] = perspective
    if _is_list_position(line, t):
        _make_rank(claim, t)
    return claim


def _is_list_position(line: str, t: Token) -> bool:
    """`t` is the "3." that starts a numbered list item."""
    return re.fullmatch(r"\s*\d+\.", line[: t.end + 1]) is not None


def _make_rank(claim: dict, t: Token) -> None:
    """Turn the draft claim into a rank claim (a position in a ranking): no metric or period of its own."""
    claim.update(kind="rank", unit="rank", scale="one", ranking="CHECK", value=str(t.magnitude))
    claim.pop("metric")
    claim.pop("period")


# --- the draft: guesses from the line's words ------------------------------------------


def _metric_hint(lower: str) -> tuple[str, str | None]:
    """(metric, perspective) of the first METRIC_HINTS pattern the lower-cased line matches; a balance by default."""
    for pattern, name, perspective in METRIC_HINTS:
        if re.search(pattern, lower):
            return name, perspective
    return "goods_balance", None


def _metric(t: Token, hinted: str, lower: str) -> str:
    """A percentage is a tariff rate or a share; a dollar figure takes the line's hinted metric; else CHECK."""
    if t.percent:
        return "tariff_rate" if "tariff" in lower else "share"
    return hinted if t.currency else "CHECK"


def _period(line: str) -> str:
    """The first year on the line, or CHECK."""
    year = YEAR.search(line)
    return year.group(0) if year else "CHECK"


def _literal(t: Token, metric: str, lower: str) -> str:
    """The figure's magnitude as a string, negative when written with a minus or called a deficit."""
    literal = str(t.magnitude)
    # "a $5 billion deficit": the balance is negative although no minus sign is written.
    deficit = t.currency and metric.endswith("balance") and "deficit" in lower and "surplus" not in lower
    return "-" + literal if t.sign == "-" or deficit else literal


def _scale(t: Token) -> str:
    """The scale word written with the figure; plain numbers and percentages are "one", a bare dollar figure CHECK."""
    return t.scale or ("one" if t.percent or not t.currency else "CHECK")


def _unit(t: Token) -> str:
    return "percent" if t.percent else ("USD" if t.currency else "count")


def _qualifier(before: str) -> str:
    """The qualifier the words just before the number give ("more than" -> over), else exact."""
    for pattern, name in QUALIFIER_WORDS:
        if re.search(pattern, before, re.IGNORECASE):
            return name
    return "exact"


def _clause(line: str, t: Token, width: int = 90) -> str:
    """The sentence piece around the number: enough words to find it, short enough to read."""
    cuts = [i + 2 for i in (line.rfind(". ", 0, t.start), line.rfind("; ", 0, t.start)) if i >= 0]
    start = max(cuts, default=0)
    ends = [i for i in (line.find(". ", t.end), line.find("; ", t.end), line.find(", ", t.end)) if i >= 0]
    end = min(ends) if ends else len(line)
    text = line[start:end].strip()
    if len(text) > width:
        lo = max(0, t.start - start - width // 2)
        text = text[lo : lo + width].strip()
    return text


def _subject(line: str) -> str | None:
    """The first name on the line, longest reading first, that is an entity other than the United States (the reporter)."""
    reg = registry()
    for m in re.finditer(r"[A-Z][A-Za-z.]+(?:\s+(?:and\s+)?[A-Z][A-Za-z.]+)*", line):
        words = m.group(0).split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                name = _name(words[i : i + n])
                entity = reg.resolve(name)
                # Short capitalised words ("So", "In") are ISO codes to pycountry, not names here.
                if entity and entity.id not in ("USA",) and len(name) > 3:
                    return name
    return None


def _name(words: list[str]) -> str:
    # A trailing full stop or comma is punctuation, except in "U.S.".
    name = " ".join(words)
    return name if words[-1] == "U.S." else name.rstrip(".,")


# --- the draft: the claim file ---------------------------------------------------------

HEADER = (
    "# Draft claims for {name}, written by `reconcile draft`.",
    "# Review every claim: subject, metric and period are guesses; CHECK marks what the text did not say.",
    "# Numbers that are not figures (years, list positions you do not transcribe) go under skip: with a reason.",
)
YEAR_SKIP = (
    "skip:",
    "  - pattern: '\\b(?:19|20)\\d\\d(?:s|[-–]\\d\\d)?\\b'",
    "    reason: calendar years and year ranges name periods, they are not figures",
)


def _claim_file(path: Path, raw: bytes, sid: str, title: str, claims: list[tuple[dict, str]]) -> str:
    """The YAML text: header comments, source block and defaults, the skip rule for years, then the claims."""
    out = [line.format(name=path.name) for line in HEADER]
    out.append(yaml.safe_dump(_head(path, raw, sid, title), sort_keys=False, allow_unicode=True, width=120).rstrip())
    out.extend(YEAR_SKIP)
    out.append("claims:")
    for claim, as_written in claims:
        out.extend(_claim_lines(claim, as_written))
    return "\n".join(out) + "\n"


def _head(path: Path, raw: bytes, sid: str, title: str) -> dict:
    """The source block (its sha256 pins the document drafted from) and the defaults most trade figures share."""
    return {
        "source": {
            "id": sid,
            "title": title[:200],
            "publisher": "CHECK",
            "published": None,
            "document": path.name,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "lineage": ["unknown"],
        },
        "defaults": {"unit": "USD", "scale": "billion"},
    }


def _claim_lines(claim: dict, as_written: str) -> list[str]:
    """One claim as an item of the claims list, after a comment quoting the figure as written."""
    body = yaml.safe_dump([claim], sort_keys=False, allow_unicode=True, width=200).rstrip()
    # safe_dump quotes the value (a str, to keep "63.0" as written); claim files write it as a plain
    # number, and the loader keeps a number's exact text, so the quotes can go.
    body = re.sub(r"value: '(-?[\d.]+)'", r"value: \1", body)
    return [f"  # line {claim['line']}: {as_written}  CHECK subject, metric, period", *("  " + ln for ln in body.splitlines())]
