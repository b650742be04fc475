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


def _is_figure(t: Token) -> bool:
    # Calendar years and dates name periods; list positions ("1.") are ranks, drafted too.
    return not (not t.currency and not t.percent and not t.scale and "." not in t.text and 1900 <= t.magnitude <= 2100)


def _qualifier(before: str) -> str:
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
    reg = registry()
    for m in re.finditer(r"[A-Z][A-Za-z.]+(?:\s+(?:and\s+)?[A-Z][A-Za-z.]+)*", line):
        words = m.group(0).split()
        for n in range(len(words), 0, -1):
            for i in range(0, len(words) - n + 1):
                name = " ".join(words[i : i + n]).rstrip(".,") if words[i + n - 1] != "U.S." else " ".join(words[i : i + n])
                entity = reg.resolve(name)
                # Short capitalised words ("So", "In") are ISO codes to pycountry, not names here.
                if entity and entity.id not in ("USA",) and len(name) > 3:
                    return name
    return None


def draft(path: Path, source_id: str | None = None) -> str:
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    sid = source_id or re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "source"
    lines = split_lines(text)
    title = next((ln.strip() for ln in lines if ln.strip()), path.name)
    claims = []
    for number, line in enumerate(lines, start=1):
        for n, t in enumerate(t for t in numbers_in(line, number) if _is_figure(t)):
            before = line[: t.start]
            lower = line.lower()
            metric, perspective = "goods_balance", None
            for pattern, name, persp in METRIC_HINTS:
                if re.search(pattern, lower):
                    metric, perspective = name, persp
                    break
            value = t.text.strip()
            literal = str(t.magnitude)
            if t.sign == "-" or (t.currency and metric.endswith("balance") and "deficit" in lower and "surplus" not in lower):
                literal = "-" + literal
            claim = {
                "id": f"{sid}-l{number}-{n + 1}",
                "subject": _subject(line) or "CHECK",
                "metric": ("tariff_rate" if "tariff" in lower else "share") if t.percent else (metric if t.currency else "CHECK"),
                "period": (YEAR.search(line).group(0) if YEAR.search(line) else "CHECK"),
                "value": literal,
                "scale": t.scale or ("one" if t.percent or not t.currency else "CHECK"),
                "unit": "percent" if t.percent else ("USD" if t.currency else "count"),
                "qualifier": _qualifier(before),
                "quote": _clause(line, t),
                "line": number,
            }
            if perspective:
                claim["perspective"] = perspective
            if re.fullmatch(r"\s*\d+\.", line[: t.end + 1]):
                claim.update(kind="rank", unit="rank", scale="one", ranking="CHECK", value=str(t.magnitude))
                claim.pop("metric")
                claim.pop("period")
            claims.append((claim, value))
    head = {
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
    out = [
        f"# Draft claims for {path.name}, written by `reconcile draft`.",
        "# Review every claim: subject, metric and period are guesses; CHECK marks what the text did not say.",
        "# Numbers that are not figures (years, list positions you do not transcribe) go under skip: with a reason.",
        yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=120).rstrip(),
        "skip:",
        "  - pattern: '\\b(?:19|20)\\d\\d(?:s|[-–]\\d\\d)?\\b'",
        "    reason: calendar years and year ranges name periods, they are not figures",
        "claims:",
    ]
    for claim, as_written in claims:
        body = yaml.safe_dump([claim], sort_keys=False, allow_unicode=True, width=200).rstrip()
        body = re.sub(r"value: '(-?[\d.]+)'", r"value: \1", body)
        out.append(f"  # line {claim['line']}: {as_written}  CHECK subject, metric, period")
        out.extend("  " + ln for ln in body.splitlines())
    return "\n".join(out) + "\n"
