"""Source documents: reading them, finding quotes in them, and the numbers they state.

Quote verification, coverage and the drafting aid all read documents through
this module, so "a number in the text" means the same thing everywhere.

``DocumentStore`` is the one door to the documents folder, and it only opens
inward: claim files are untrusted (anyone can open a pull request), so the
``document:`` they name must be a plain relative file name
(``document_name_fault``) and its real path, symbolic links resolved, must lie
inside the real documents folder. A document that leads out is never read,
hashed or quoted: ``get`` raises ``DocumentOutsideFolder`` instead, and
``refusals`` turns such sources into input problems before any rule runs.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from reconcile import problems as P
from reconcile.model import Problem

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


DRIVE_LETTER = re.compile(r"^[A-Za-z]:")


def document_name_fault(name: object) -> str | None:
    """Why `name` is not a plain file name relative to the documents folder, or None when it is one.

    Purely lexical (nothing is looked up): the path must not be able to leave the
    folder by its spelling, whatever the operating system reading it.
    """
    if not isinstance(name, str) or not name.strip():
        return "it is empty"
    if not all(ch.isprintable() for ch in name):
        return "it holds a control or invisible character"  # NUL, newlines, escapes, bidi overrides
    if "\\" in name:
        return "it holds a backslash"
    if name.startswith("/"):
        return "it is an absolute path"
    if DRIVE_LETTER.match(name):
        return "it starts with a drive letter"
    if any(part in ("", ".", "..") for part in name.split("/")):
        return "it has an empty, '.' or '..' part"
    return None


def real_path(path: Path) -> Path:
    """`path` with every symbolic link resolved; a link that loops or dangles resolves as far as it can.

    os.path.realpath never raises for loops (Path.resolve does on Python 3.11), so a
    hostile link makes a refusal, not a traceback.
    """
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """Whether the real `path` is `folder` itself or below it (both already real)."""
    return path == folder or path.is_relative_to(folder)


class DocumentOutsideFolder(Exception):
    """A document whose name or real path leads out of the documents folder: it is not read."""

    def __init__(self, name: str, target: Path | None):
        self.name, self.target = name, target
        where = f"resolves to {target}" if target else f"is not a file name inside the folder ({document_name_fault(name)})"
        super().__init__(f"document {name!r} {where}: not read")


class DocumentStore:
    """The documents folder; each document read once, and only from inside the folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.root = real_path(self.folder)
        self._cache: dict[str, Document | None] = {}

    @property
    def exists(self) -> bool:
        return self.folder.is_dir()

    def locate(self, name: str) -> Path:
        """The real path of the document `name`, inside the real documents folder; raises DocumentOutsideFolder."""
        if document_name_fault(name):
            raise DocumentOutsideFolder(name, None)
        real = real_path(self.folder / name)
        if real == self.root or not is_inside(real, self.root):
            raise DocumentOutsideFolder(name, real)
        return real

    def get(self, name: str) -> Document | None:
        """The document, or None when the folder has no such file; raises DocumentOutsideFolder (nothing is read)."""
        if name not in self._cache:
            try:
                real = self.locate(name)
                # The resolved path is read, not the name, so a link swapped after the check is not followed.
                self._cache[name] = Document(name, self.folder / name, real.read_bytes()) if os.path.isfile(real) else None
            except OSError:  # a name the file system refuses (too long): a document that is not there, not a crash
                self._cache[name] = None
        return self._cache[name]

    def refusals(self, sources: list) -> list[Problem]:
        """A document-link-outside-folder problem for each source whose document leads out of the folder through a symbolic link.

        `sources` are the loader's rows (dicts with `document`, `file`, `line`, `key_lines`). A name that
        is not a plain file name is left to the schema (document-outside-folder), so each source has one problem, not two.
        """
        out = []
        for row in sources:
            name = row.get("document")
            if document_name_fault(name):
                continue
            try:
                self.locate(name)
            except DocumentOutsideFolder as refused:
                line = (row.get("key_lines") or {}).get("document") or row.get("line") or 1
                out.append(P.DOCUMENT_LINK_OUTSIDE_FOLDER.at(row["file"], line, value=name, target=str(refused.target)))
        return out
