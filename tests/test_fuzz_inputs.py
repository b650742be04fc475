"""Hostile claim files: the repository's real claim files, mutated, through the loader and the whole engine.

Each example takes one of claims/*.yaml and breaks it the way a careless
editor, a bad paste or a hostile contributor would: keys deleted, values of
another type, random Unicode (line separators, NUL, lone surrogates, RTL marks,
a BOM), duplicated keys, the file cut at a random byte, deep nesting, numbers of
thousands of digits, periods at the calendar's edges. For every mutated file,
``reconcile check`` runs in-process (reconcile.cli.main, the real documents,
every rule, one of the output formats written with -o) and

- no exception escapes: the exit code is 0, 1 or 2 and no traceback is printed;
- it finishes within TIME_BOUND seconds;
- every claim entry is accounted for: the claims read are the entries the file
  has (counted by PyYAML's own loader, independently of reconcile's reader),
  each is parsed into a row or named by a problem at its line, and a file that
  cannot be read at all says so;
- every problem names the file and a line the file has.

CI runs FUZZ_EXAMPLES (150) examples in all; RECONCILE_FUZZ_EXAMPLES=3000 runs more locally.
"""

from __future__ import annotations

import copy
import functools
import os
import time
from pathlib import Path

import pytest
import yaml
from conftest import CLAIMS, SEEDS, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile import problems as P
from reconcile.loader import load

FUZZ_EXAMPLES = int(os.environ.get("RECONCILE_FUZZ_EXAMPLES", "150"))
TIME_BOUND = 5.0  # seconds per example: loading, every rule, one report
FILES = sorted(CLAIMS.glob("*.yaml"))
FORMATS = ["text", "json", "sarif", "junit", "github", "html"]

# Problems that refuse a file as a whole: none of its claims is read, and the problem says why.
WHOLE_FILE = {t.code for t in (P.FILE_TOO_LARGE, P.INVALID_YAML, P.EMPTY_FILE, P.NOT_UTF8, P.YAML_TAG_NOT_ALLOWED,
                               P.SEVERAL_YAML_DOCUMENTS, P.NOT_A_MAPPING, P.NOT_A_LIST, P.MISSING_BLOCK, P.UNUSUAL_LINE_BREAK)}  # fmt: skip

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed documents are not at {SEEDS}")


def _profile(share: float):
    """Settings for one of the fuzz tests: `share` of FUZZ_EXAMPLES, no deadline (the time bound is asserted)."""
    return settings(
        max_examples=max(1, round(FUZZ_EXAMPLES * share)), deadline=None, derandomize=not os.environ.get("RECONCILE_FUZZ_EXAMPLES"),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )  # fmt: skip


@functools.cache
def _original(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# --- text mutations ------------------------------------------------------------------------------

ODD = [
    "\u2028", "\u2029", "\x85", "\r", "\x0c", "\x0b", "\x00", "\x1b", "\ufeff", "\u200f", "\u202e", "\u200b",
    "\ud800", "\udfff", "\t", "\n", "\r\n", ": ", "- ", "#", '"', "'", "{", "}", "[", "]", "&a ", "*a", "<<: *a",
    "!!python/object/apply:os.system ['true']", "!secret ", "%YAML 1.1\n", "---\n", "...\n", "? ", "|\n", ">-\n",
    "–", "−", "٢٠٢٤", "ﬁ", "😀", "\U000e0041",
]  # fmt: skip
pieces = st.one_of(st.sampled_from(ODD), st.text(max_size=12), st.lists(st.sampled_from(ODD), max_size=4).map("".join))


@st.composite
def text_mutation(draw, text: str) -> tuple[str, str]:
    """One edit of the file's text: (a description for the failure message, the new text)."""
    lines = text.split("\n")
    kind = draw(st.sampled_from(["insert", "delete", "duplicate-line", "swap-lines", "nest", "huge-number", "long-line"]))
    at = draw(st.integers(min_value=0, max_value=len(text)))
    n = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    if kind == "insert":
        piece = draw(pieces)
        return f"insert {piece!r} at {at}", text[:at] + piece + text[at:]
    if kind == "delete":
        end = at + draw(st.integers(min_value=1, max_value=200))
        return f"delete {at}..{end}", text[:at] + text[end:]
    if kind == "duplicate-line":  # a key twice in its mapping, or a claim's line repeated
        return f"duplicate line {n + 1}", "\n".join(lines[: n + 1] + lines[n:])
    if kind == "swap-lines":
        m = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        lines[n], lines[m] = lines[m], lines[n]
        return f"swap lines {n + 1} and {m + 1}", "\n".join(lines)
    value = {
        "nest": lambda d: "[" * d + "1" + "]" * d,
        "huge-number": lambda d: draw(st.sampled_from(["", "-"])) + "9" * (d * 5) + draw(st.sampled_from(["", ".5", ".0e400"])),
        "long-line": lambda d: "x" * (d * 1000),
    }[kind](draw(st.integers(min_value=1, max_value=2000)))
    return f"{kind} value on line {n + 1}", "\n".join(lines[:n] + [_with_value(lines[n], value)] + lines[n + 1 :])


def _with_value(line: str, value: str) -> str:
    """The line with its value (after 'key: ') replaced, or the value appended to it."""
    key, sep, _ = line.partition(": ")
    return f"{key}: {value}" if sep else line + value


@st.composite
def mutated_text(draw) -> tuple[Path, list[str], bytes]:
    """A real claim file after one to three edits of its text, then maybe cut at a random byte."""
    path = draw(st.sampled_from(FILES))
    text, steps = _original(path), []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        step, text = draw(text_mutation(text))
        steps.append(step)
    raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate becomes bytes that are not UTF-8
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        cut = draw(st.integers(min_value=0, max_value=len(raw)))
        steps.append(f"truncate at byte {cut}")
        raw = raw[:cut]
    return path, steps, raw


# --- structural mutations -----------------------------------------------------------------------

EDGE_PERIODS = [
    "0000", "0001", "9999", "10000", "2024-00", "2024-13", "2024-02-29", "2023-02-29", "2024-04-31", "2024-12-31",
    "9999-12", "9999-Q4", "9999-H2", "0001-01-01", "0000-01..2024", "2025..2024", "2024-02-30..2024-03-01",
    "2024..2024", "2024-Q5", "2024-H3", "FY2024", " 2024", "2024 ", "2024\n", "٢٠٢٤", "2024...2025", "..", "",
]  # fmt: skip


class Literal(str):
    """Text to be written as a plain YAML scalar, as a person would type it (1.0e400, 99999…, .nan)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Literal, lambda d, v: d.represent_scalar(d.resolve(yaml.ScalarNode, str(v), (True, False)), str(v)))

numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(lambda i: Literal(str(i))),
    st.integers(min_value=1, max_value=6000).map(lambda n: Literal("1" + "0" * n)),
    st.sampled_from(["1.0e400", "-1.0e400", ".inf", "-.inf", ".nan", "1e3", "1.5e9", "0", "-0", "0.0", "-0.0", "1_000",
                     "5e-324", "1.7976931348623157e308", "0.000000000000000000000000000001"]).map(Literal),
    st.floats(allow_nan=False, allow_infinity=False),
)  # fmt: skip
periods = st.one_of(
    st.sampled_from(EDGE_PERIODS),
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 10000), st.integers(0, 13), st.integers(0, 32)),
    st.builds("{:04d}-{:02d}..{:04d}-{:02d}".format, st.integers(0, 9999), st.integers(1, 12), st.integers(0, 9999), st.integers(1, 12)),
)  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), numbers, periods, st.text(max_size=20), st.sampled_from(["yesterday", "2024-13-45"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)
SECTIONS = ["source", "defaults", "rankings", "skip", "claims"]
NUMERIC_KEYS = ["value", "precision", "line"]
PERIOD_KEYS = ["period", "from_period"]
DATE_KEYS = ["published"]


@st.composite
def _edit(draw, data: dict) -> str:
    """Change one key of one block or item in place: delete it, or give it a value of another type."""
    section = draw(st.sampled_from(SECTIONS))
    target = data.get(section)
    if isinstance(target, list) and target:
        target = target[draw(st.integers(min_value=0, max_value=len(target) - 1))]
    if not isinstance(target, dict):
        data[section] = draw(values)
        return f"{section} = another value"
    key = draw(st.sampled_from(sorted(target) + NUMERIC_KEYS + PERIOD_KEYS + DATE_KEYS + ["bogus"]))
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        target.pop(key, None)
        return f"delete {section}.{key}"
    strategy = numbers if key in NUMERIC_KEYS else periods if key in PERIOD_KEYS else values
    target[key] = draw(st.one_of(strategy, values) if key in NUMERIC_KEYS + PERIOD_KEYS else strategy)
    return f"{section}.{key} = {target[key]!r}"[:200]


@functools.cache
def _data(path: Path) -> dict:
    return yaml.safe_load(_original(path))


@st.composite
def mutated_data(draw) -> tuple[Path, list[str], bytes]:
    """A real claim file, parsed, with one to four keys deleted or retyped, written back as YAML."""
    path = draw(st.sampled_from(FILES))
    data = copy.deepcopy(_data(path))
    steps = [draw(_edit(data)) for _ in range(draw(st.integers(min_value=1, max_value=4)))]
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    return path, steps, text.encode("utf-8", "surrogatepass")


# --- running one example and what must hold -------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz-inputs")
    (root / "cwd").mkdir()
    # Imports (pandas, pandera) are paid once here, not by the first example's time bound.
    run_cli(["check", FILES[0], "--documents", SEEDS, "--no-baseline", "-o", root / "warm.txt"], cwd=root / "cwd")
    return root


def expected_entries(raw: bytes) -> int | None:
    """How many claim entries the file has, by PyYAML's own loader (None when it cannot tell: not YAML, no list)."""
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # any reason PyYAML cannot read it: then reconcile must say so itself
        return None
    claims = data.get("claims") if isinstance(data, dict) else None
    return len(claims) if isinstance(claims, list) else None


def check_example(root: Path, original: Path, steps: list[str], raw: bytes, fmt: str) -> None:
    folder = root / "claims"
    folder.mkdir(exist_ok=True)
    path = folder / original.name
    for old in folder.iterdir():
        old.unlink()
    path.write_bytes(raw)
    story = f"{original.name}: " + "; ".join(steps)

    started = time.monotonic()
    corpus = load([str(path)])
    out = root / f"out.{fmt}"
    result = run_cli(["check", folder, "--documents", SEEDS, "--no-baseline", "--format", fmt, "-o", out], cwd=root / "cwd")
    elapsed = time.monotonic() - started

    assert result.code in (0, 1, 2), f"{story}\n{result.text}"
    assert elapsed < TIME_BOUND, f"{story}: took {elapsed:.1f} s"
    assert corpus.ok or result.code == 2, f"{story}: problems, yet exit {result.code}"
    assert out.is_file(), f"{story}: no {fmt} output written"
    _assert_problems_are_located(corpus, path, raw, story)
    _assert_claims_accounted_for(corpus, raw, story)


def _assert_problems_are_located(corpus, path: Path, raw: bytes, story: str) -> None:
    last_line = raw.count(b"\n") + 1
    for p in corpus.problems:
        assert p.location.file == str(path), f"{story}: {p}"
        assert 1 <= p.location.line <= last_line, f"{story}: line {p.location.line} of {last_line}: {p}"
        assert "Traceback" not in p.message and len(str(p)) < 2000, f"{story}: {str(p)[:300]}"


def _assert_claims_accounted_for(corpus, raw: bytes, story: str) -> None:
    """Every claim entry is read, and each read one is a row or named by a problem; a file refused whole says so."""
    expected = expected_entries(raw)
    codes = {p.code for p in corpus.problems}
    # `claims:` twice: PyYAML keeps the last, reconcile reads the first and names the second.
    if any(p.code == P.DUPLICATE_KEY.code and "'claims'" in p.message for p in corpus.problems):
        expected = None
    if corpus.claims_read == 0 and expected:
        assert codes & WHOLE_FILE, f"{story}: {expected} claim entries, none read, and no problem says why: {codes}"
    elif expected is not None and not codes & {P.UNUSUAL_LINE_BREAK.code}:
        assert corpus.claims_read == expected, f"{story}: {corpus.claims_read} claims read of {expected} entries"
    not_read = [p for p in corpus.problems if p.code == P.NOT_A_MAPPING.code and p.message.startswith("claim not read")]
    assert corpus.claims_parsed + len(not_read) == corpus.claims_read, f"{story}: {corpus.claims_read} read, {corpus.claims_parsed} parsed"
    assert len(corpus.claims) == (corpus.claims_read if corpus.ok else 0), story


@_profile(0.4)
@given(example=mutated_text(), fmt=st.sampled_from(FORMATS))
def test_text_mutations_of_real_claim_files(example, fmt, fuzz_root):
    check_example(fuzz_root, *example, fmt)


@_profile(0.4)
@given(example=mutated_data(), fmt=st.sampled_from(FORMATS))
def test_structural_mutations_of_real_claim_files(example, fmt, fuzz_root):
    check_example(fuzz_root, *example, fmt)


@st.composite
def comment_insertion(draw) -> tuple[Path, str, str]:
    path = draw(st.sampled_from(FILES))
    text = _original(path)
    comments = [i for i in range(len(text)) if text[i] == "#" and (i == 0 or text[i - 1] in " \n")]
    at = draw(st.sampled_from(comments)) + 1
    piece = draw(pieces)
    return path, piece, text[:at] + piece + text[at:], text[:at].count("\n") + 1


@_profile(0.2)
@given(example=comment_insertion())
def test_what_is_typed_in_a_comment_changes_nothing_or_is_reported(example, tmp_path):
    """A comment holds anything: the claims read (ids, lines) are the original's, or a problem says why not."""
    path, piece, text, typed_at = example
    original = load([str(path)])
    # A line feed typed in a comment ends the comment's line: what follows moves down by as many lines, nothing else.
    moved = piece.count("\n")
    expected = [(c.id, c.line + moved if c.line > typed_at else c.line) for c in original.claims]
    mutated = tmp_path / path.name
    mutated.write_bytes(text.encode("utf-8", "surrogatepass"))
    corpus = load([str(mutated)])
    if corpus.ok:
        assert [(c.id, c.line) for c in corpus.claims] == expected, f"{piece!r} in a comment moved claims"
    else:
        assert corpus.problems and all(p.location.line >= 1 for p in corpus.problems), piece
