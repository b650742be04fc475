"""Source documents: reading them, finding quotes in them, and the numbers they state.

Quote verification, coverage and the drafting aid all read documents through
this module, so "a number in the text" means the same thing everywhere.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

# Publishers use typographic dashes and quotes; analysts type ASCII. Both must match.
_TRANSLATE = str.maketrans(
    {
        "–": "-", "—": "-", "−": "-", "‑": "-", "‐": "-", "‒": "-",
        "’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    }
)  # fmt: skip


def normalize(text: str) -> str:
    return " ".join(str(text).translate(_TRANSLATE).split())


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """normalize(text) plus, for each output character, its offset in text."""
    out, where = [], []
    pending_space = False
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            where.append(i - 1)
            pending_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


SCALE_WORDS = {
    "thousand": "thousand", "million": "million", "m": "million", "mn": "million",
    "billion": "billion", "b": "billion", "bn": "billion", "trillion": "trillion", "t": "trillion", "tn": "trillion",
}  # fmt: skip

NUMBER = re.compile(
    r"""
    (?<![\w.,/])                            # not glued to a word or another number ("Ben1183", "24/7")
    (?P<sign>[-–−‑+](?=\$?\d))?
    (?P<currency>\$)?
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)
    (?:\.(?P<dec>\d+))?
    (?P<decade>s\b)?
    (?P<percent>\s?%)?
    (?:\s?(?P<scale>trillion|billion|million|thousand|tn|bn|mn|T|B|M)(?![A-Za-z]))?
    (?![A-Za-z\d])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """A number as a document states it."""

    line: int
    start: int  # offsets in the line's text
    end: int
    text: str
    magnitude: Decimal
    sign: str  # "-", "+" or ""
    scale: str | None  # thousand/million/billion/trillion when a word follows
    percent: bool
    currency: bool

    @property
    def literal(self) -> str:
        return self.text

    @property
    def signed(self) -> Decimal:
        return -self.magnitude if self.sign == "-" else self.magnitude

    @property
    def digits(self) -> str:
        return re.sub(r"\D", "", str(self.magnitude).split(".")[0]) + (
            str(self.magnitude).split(".")[1] if "." in str(self.magnitude) else ""
        )


def numbers_in(text: str, line: int = 0) -> list[Token]:
    tokens = []
    for m in NUMBER.finditer(text):
        raw = m["int"].replace(",", "") + (f".{m['dec']}" if m["dec"] else "")
        sign = m["sign"] or ""
        sign = "-" if sign and sign != "+" else sign
        scale = m["scale"]
        tokens.append(
            Token(
                line=line,
                start=m.start(),
                end=m.end(),
                text=m.group(0),
                magnitude=Decimal(raw),
                sign=sign,
                scale=SCALE_WORDS.get(scale.lower()) if scale else None,
                percent=bool(m["percent"]),
                currency=bool(m["currency"]),
            )
        )
    return tokens


def split_lines(text: str) -> list[str]:
    """Lines as an editor, GitHub and `grep -n` number them: only \\n (or \\r\\n) ends a line.

    str.splitlines() also breaks at form feeds, \\x1c-\\x1e, \\x85, U+2028 and U+2029, which
    scraped web text contains; that would shift every later line away from the `line:` a reader sees.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass
class Document:
    name: str
    path: Path
    raw: bytes

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    @cached_property
    def lines(self) -> list[str]:
        return split_lines(self.raw.decode("utf-8", errors="replace"))

    @cached_property
    def _normalized_lines(self) -> list[tuple[str, list[int]]]:
        return [_normalize_with_map(line) for line in self.lines]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 1 <= number <= len(self.lines) else ""

    def find(self, quote: str, line: int | None = None) -> tuple[int, int, int] | None:
        """(line, start, end) of the quote in the text, normalised; the stated line first."""
        needle = normalize(quote)
        if not needle:
            return None
        order = list(range(1, len(self.lines) + 1))
        if line and 1 <= line <= len(self.lines):
            order.remove(line)
            order.insert(0, line)
        for number in order:
            text, where = self._normalized_lines[number - 1]
            at = text.find(needle)
            if at >= 0:
                return number, where[at], where[at + len(needle) - 1] + 1
        return None

    def tokens(self) -> list[Token]:
        out = []
        for number, text in enumerate(self.lines, start=1):
            out.extend(numbers_in(text, number))
        return out


class DocumentStore:
    """The documents folder; each document read once."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._cache: dict[str, Document | None] = {}

    @property
    def exists(self) -> bool:
        return self.folder.is_dir()

    def get(self, name: str) -> Document | None:
        if name not in self._cache:
            self._cache[name] = self._read(name)
        return self._cache[name]

    def _read(self, name: str) -> Document | None:
        """The document, or None when there is none by that name inside the folder.

        A claim file names its document; it cannot send the checker to read
        /etc/passwd or ../secrets, and a name the file system refuses (too long,
        a NUL) is a document that is not there, not a crash.
        """
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            return None
        path = self.folder / relative
        try:
            return Document(name, path, path.read_bytes()) if path.is_file() else None
        except (OSError, ValueError):
            return None
