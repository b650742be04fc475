"""The loader on bad input: every problem has its code and its file:line, exit 2, never a traceback.

Each bad input is one edit of BASE, a valid claim file; the expected line is
found in the edited text (the line of a marker), so the tests say exactly
where the analyst is sent.
"""

from __future__ import annotations

import string
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from reconcile import loader
from reconcile.loader import load

BASE = """\
# A valid claim file: every test below breaks one thing in it.
source:
  id: srca
  title: "Source A"
  publisher: "Publisher A"
  document: a.txt
  sha256: "abababababababababababababababababababababababababababababababab"
  lineage: [census]
defaults:
  unit: USD
  scale: billion
claims:
  - id: a-china-2024
    subject: China
    metric: goods_balance
    period: "2024"
    value: -295.4
    quote: "1. China: –$295.4 billion"
    line: 2
  - id: a-mexico-2024
    subject: Mexico
    metric: goods_balance
    period: "2024"
    value: -171.8
    quote: "2. Mexico: –$171.8 billion"
    line: 3
"""


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def line_of(text: str, marker: str) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if marker in line]
    assert len(hits) == 1, f"{marker!r} is on lines {hits}"
    return hits[0]


def test_base_is_valid(write):
    path = write("a.yaml", BASE)
    corpus = load([str(path)])
    assert corpus.problems == []
    assert corpus.claims_read == len(corpus.claims) == 2
    assert [c.id for c in corpus.claims] == ["a-china-2024", "a-mexico-2024"]
    row = corpus.claim("a-china-2024")
    assert (row["line"], row["quote_line"], row["file"]) == (line_of(BASE, "- id: a-china-2024"), 2, str(path))
    assert row["key_lines"]["value"] == line_of(BASE, "value: -295.4")


# (name, edited text, code, marker whose line the problem must name, words the message or hint must contain)
BAD = [
    ("broken yaml", edit("    value: -295.4\n", "    value: -295.4: x\n"), "RC002", "value: -295.4: x", "invalid YAML"),
    # noticed on the next line; the message names the line the list starts on
    ("broken yaml - unclosed bracket", edit("  lineage: [census]", "  lineage: [census"), "RC002", "defaults:", "flow sequence that starts on line 8"),
    ("broken yaml - bad indentation", edit('    metric: goods_balance\n    period: "2024"\n    value: -295.4',
                                           '    metric: goods_balance\n   period: "2024"\n    value: -295.4'),
     "RC002", '   period: "2024"\n    value: -295.4', "invalid YAML"),
    ("tab in indentation", edit("    subject: Mexico", "\tsubject: Mexico"), "RC002", "\tsubject: Mexico", "tab"),
    ("missing source block", BASE[BASE.index("defaults:"):], "RC039", "defaults:", "source"),
    ("missing claims block", BASE[: BASE.index("claims:")], "RC039", "# A valid claim file", "claims"),
    ("claim without quote", edit('    quote: "1. China: –$295.4 billion"\n', ""), "RC012", "- id: a-china-2024", "quote is missing"),
    ("value is a word", edit("value: -295.4", 'value: "abc"'), "RC023", 'value: "abc"', "not a number"),
    ("value with a thousands comma, quoted", edit("value: -295.4", 'value: "6,173"'), "RC023", 'value: "6,173"', "6173"),
    ("value with a thousands comma, unquoted", edit("value: -295.4", "value: 6,173"), "RC023", "value: 6,173", "not a number"),
    ("value is a quoted number", edit("value: -295.4", 'value: "-295.4"'), "RC023", 'value: "-295.4"', "not a number"),
    ("value is a boolean", edit("value: -295.4", "value: yes"), "RC023", "value: yes", "not a number"),
    ("value is empty", edit("    value: -295.4\n", "    value:\n"), "RC012", "    value:\n", "value is missing"),
    ("value is a list", edit("value: -295.4", "value: [1, 2]"), "RC037", "value: [1, 2]", "single value"),
    ("unknown unit", edit('    value: -171.8\n', '    value: -171.8\n    unit: EUR\n'), "RC015", "unit: EUR", "unknown unit 'EUR'"),
    ("unknown scale", edit('    value: -171.8\n', '    value: -171.8\n    scale: billions\n'), "RC016", "scale: billions", "did you mean 'billion'"),
    ("unknown key (typo)", edit("    subject: China", "    subjet: China"), "RC004", "subjet: China", "did you mean 'subject'"),
    ("unknown top-level key (typo)", edit("defaults:", "default:"), "RC004", "default:", "did you mean 'defaults'"),
    ("unknown source key (typo)", edit("  publisher:", "  publsher:"), "RC004", "publsher:", "did you mean 'publisher'"),
    ("key twice in a claim", edit("    subject: Mexico\n", "    subject: Mexico\n    subject: Canada\n"), "RC024", "subject: Canada", "twice"),
    ("unknown entity with a suggestion", edit("subject: China", "subject: Chna"), "RC025", "subject: Chna", "did you mean 'China'"),
    ("unknown entity among parts", edit("  - id: a-mexico-2024\n    subject: Mexico\n",
                                        "  - id: a-mexico-2024\n    kind: total\n    parts: [Mexico, Canda]\n"),
     "RC025", "parts: [Mexico, Canda]", "Canda"),
    ("invalid period - month 13", edit('period: "2024"\n    value: -295.4', 'period: "2024-13"\n    value: -295.4'), "RC022", '"2024-13"', "not a valid period"),
    ("invalid period - 30 February", edit('period: "2024"\n    value: -295.4', 'period: "2024-02-30"\n    value: -295.4'), "RC022", "2024-02-30", "not a valid period"),
    ("invalid period - reversed range", edit('period: "2024"\n    value: -295.4', 'period: "2025-05..2025-01"\n    value: -295.4'), "RC022", "2025-05..2025-01", "period"),
    ("claim that is a plain string", edit("  - id: a-mexico-2024\n    subject: Mexico\n    metric: goods_balance\n    period: \"2024\"\n"
                                          "    value: -171.8\n    quote: \"2. Mexico: –$171.8 billion\"\n    line: 3\n",
                                          "  - \"Mexico had a deficit of $171.8 billion\"\n"),
     "RC009", "- \"Mexico had a deficit", "not a mapping"),
    ("python object tag", edit("value: -295.4", 'value: !!python/object/apply:os.system ["echo pwned > PWNED"]'), "RC007", "!!python", "!!python/object"),
    ("python name tag on a scalar", edit("value: -295.4", "value: !!python/name:os.system"), "RC007", "!!python/name", "not allowed"),
    ("python object tag on a claim mapping", edit("  - id: a-mexico-2024\n", "  - !!python/object:os.system\n    id: a-mexico-2024\n"),
     "RC007", "!!python/object:os.system", "not allowed"),
    ("custom tag", edit('quote: "1. China: –$295.4 billion"', 'quote: !secret "1. China: –$295.4 billion"'), "RC007", "!secret", "not allowed"),
    ("merge key", edit("  - id: a-mexico-2024\n", "  - <<: {unit: USD}\n    id: a-mexico-2024\n"), "RC004", "<<:", "unknown key '<<'"),
    ("two YAML documents", BASE + "---\nsource: {}\n", "RC008", "# A valid claim file", "2 YAML documents"),
    ("not a mapping at the top", "- a\n- b\n", "RC009", "- a", "mapping"),
    ("claims is not a list", edit("claims:\n", "claims: 3\n", BASE[: BASE.index("  - id: a-china-2024")]), "RC038", "claims: 3", "must be a list"),
    ("bad sha256", edit('"abababababababababababababababababababababababababababababababab"', '"xyz"'), "RC031", 'sha256: "xyz"', "64"),
    ("bad id", edit("- id: a-china-2024", "- id: A China"), "RC010", "- id: A China", "not a valid id"),
    ("line zero", edit("    line: 2", "    line: 0"), "RC027", "line: 0", "not a line number"),
    ("line is a word", edit("    line: 2", "    line: two"), "RC027", "line: two", "not a line number"),
    ("empty quote", edit('quote: "1. China: –$295.4 billion"', 'quote: ""'), "RC026", 'quote: ""', "quote is empty"),
    ("unknown kind", edit("  - id: a-mexico-2024\n", "  - id: a-mexico-2024\n    kind: valeu\n"), "RC013", "kind: valeu", "did you mean 'value'"),
    ("unknown metric", edit("metric: goods_balance\n    period: \"2024\"\n    value: -171.8", "metric: goods_balanse\n    period: \"2024\"\n    value: -171.8"),
     "RC014", "goods_balanse", "unknown metric"),
    ("unknown qualifier", edit("    value: -171.8\n", "    value: -171.8\n    qualifier: approximately\n"), "RC017", "qualifier: approximately", "unknown qualifier"),
    ("metric in the wrong unit", edit("    value: -171.8\n", "    value: -171.8\n    unit: percent\n"), "RC030", "unit: percent", "measured in USD"),
    ("kind without its keys", edit("  - id: a-mexico-2024\n", "  - id: a-mexico-2024\n    kind: average\n"), "RC029", "kind: average", "needs per"),
    ("ranking not declared", edit("  - id: a-mexico-2024\n    subject: Mexico\n",
                                  "  - id: a-mexico-2024\n    kind: rank\n    ranking: top10\n    subject: Mexico\n"),
     "RC028", "ranking: top10", "not declared"),
    ("precision is a word", edit("    value: -171.8\n", "    value: -171.8\n    precision: abc\n"), "RC042", "precision: abc", "precision"),
    ("precision is negative", edit("    value: -171.8\n", "    value: -171.8\n    precision: -0.05\n"), "RC042", "precision: -0.05", "precision"),
    ("skip without a reason", edit("claims:\n", "skip:\n  - pattern: '\\d+'\nclaims:\n"), "RC036", "- pattern:", "reason"),
    ("skip line is a word", edit("claims:\n", "skip:\n  - text: '24/7'\n    line: one\n    reason: r\nclaims:\n"), "RC027", "line: one", "not a line number"),
    ("skip line zero", edit("claims:\n", "skip:\n  - text: '24/7'\n    line: 0\n    reason: r\nclaims:\n"), "RC027", "line: 0", "not a line number"),
    ("skip with an invalid pattern", edit("claims:\n", "skip:\n  - pattern: '(unclosed'\n    reason: r\nclaims:\n"), "RC043", "(unclosed", "pattern"),
]  # fmt: skip


@pytest.mark.parametrize("name, text, code, marker, words", BAD, ids=[b[0] for b in BAD])
def test_bad_input(name, text, code, marker, words, write, cli):
    path = write("claims/bad.yaml", text)
    expected_line = line_of(text, marker.split("\n")[0]) if "\n" not in marker else text[: text.index(marker)].count("\n") + 1
    corpus = load([str(path)])
    located = [p for p in corpus.problems if p.code == code and p.location.line == expected_line]
    assert located, f"expected {code} at line {expected_line}; got:\n" + "\n".join(map(str, corpus.problems))
    assert any(words in f"{p.message} — {p.hint}" for p in located), f"{words!r} not in " + "; ".join(map(str, located))
    assert all(p.location.file == str(path) for p in corpus.problems)
    _claims_accounted_for(corpus, text)

    result = cli("validate", path)
    assert result.code == 2, result.text
    assert f"{path}:{expected_line}: {code}" in result.out
    assert not (path.parent / "PWNED").exists() and not Path("PWNED").exists()


def _claims_accounted_for(corpus, text) -> None:
    """Claims read = claims parsed into rows, or an error names the claim that is missing;
    and claims are made from every row exactly when there is no problem."""
    assert len(corpus.claims) == (corpus.claims_parsed if corpus.ok else 0)
    if corpus.claims_read == corpus.claims_parsed:
        return
    assert corpus.problems, "claims went missing without a problem"
    missing = corpus.claims_read - corpus.claims_parsed
    claim_lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.startswith("  - ")]
    named = {p.location.line for p in corpus.problems} & set(claim_lines)
    assert len(named) >= missing, f"{missing} claim(s) missing, problems name lines {sorted(named)}"


def test_duplicate_ids_across_two_files_name_both_places(write, cli):
    one = write("claims/one.yaml", BASE)
    two = write("claims/two.yaml", edit("id: srca", "id: srcb"))
    corpus = load([str(one.parent)])
    line = line_of(BASE, "- id: a-china-2024")
    dups = [p for p in corpus.problems if p.code == "RC011"]
    assert {(p.location.file, p.location.line) for p in dups} >= {(str(one), line), (str(two), line)}
    assert len(dups) == 4  # both ids, in both files
    for p in dups:
        other = two if p.location.file == str(one) else one
        assert f"{other}:{p.location.line}" in p.hint, p  # each problem points at the other place
    assert corpus.claims_read == 4
    result = cli("validate", one.parent)
    assert result.code == 2
    assert f"{one}:{line}: RC011" in result.out and f"{two}:{line}: RC011" in result.out


def test_duplicate_source_ids(write):
    one = write("claims/one.yaml", BASE)
    write("claims/two.yaml", edit("a-china-2024", "b-china-2024", edit("a-mexico-2024", "b-mexico-2024")))
    corpus = load([str(one.parent)])
    assert any(p.code == "RC011" and "srca" in p.message for p in corpus.problems), corpus.problems


def test_empty_file(write, cli):
    for n, text in enumerate(["", "   \n\n", "# only a comment\n"]):
        path = write(f"empty{n}/e.yaml", text)
        corpus = load([str(path)])
        assert [(p.code, p.location.line) for p in corpus.problems] == [("RC003", 1)], corpus.problems
        assert "empty" in corpus.problems[0].message or "missing" in corpus.problems[0].message
        assert cli("validate", path).code == 2


def test_non_utf8_file(write, cli):
    text = BASE.encode("utf-8").replace("–$171.8".encode(), b"\x96$171.8")  # a cp1252 en dash
    path = write("claims/latin.yaml", text)
    corpus = load([str(path)])
    assert [(p.code, p.location.line) for p in corpus.problems] == [("RC006", line_of(BASE, "–$171.8"))]
    assert "UTF-8" in corpus.problems[0].message and "0x96" in corpus.problems[0].message
    result = cli("validate", path)
    assert result.code == 2 and f"{path}:{line_of(BASE, '–$171.8')}: RC006" in result.out


def test_bom_and_crlf_are_fine(write):
    path = write("claims/win.yaml", ("\ufeff" + BASE).replace("\n", "\r\n"))
    corpus = load([str(path)])
    assert corpus.problems == [] and len(corpus.claims) == 2


def test_huge_file_is_rejected_by_size_without_parsing(write, cli, monkeypatch, tmp_path):
    path = tmp_path / "claims" / "huge.yaml"
    path.parent.mkdir()
    with open(path, "wb") as f:  # 50 MB, sparse: written in no time
        f.truncate(50 * 1024 * 1024)
    parsed = []
    monkeypatch.setattr(yaml, "compose_all", lambda *a, **k: parsed.append(1) or [])
    monkeypatch.setattr(Path, "read_bytes", lambda self: parsed.append(2) or b"")
    start = time.perf_counter()
    corpus = load([str(path)])
    result = cli("validate", path)
    elapsed = time.perf_counter() - start
    assert parsed == [], "a file over the size limit must not be read or parsed"
    assert [(p.code, p.location.line) for p in corpus.problems] == [("RC001", 1)]
    assert "52.4 MB" in corpus.problems[0].message and "limit" in corpus.problems[0].message
    assert result.code == 2 and f"{path}:1: RC001" in result.out
    assert elapsed < 5, f"rejecting a 50 MB file took {elapsed:.1f}s"


def test_a_file_with_real_text_over_the_limit(write):
    line = '# ' + "x" * 1000 + "\n"
    path = write("claims/big.yaml", BASE + line * (loader.MAX_FILE_BYTES // len(line) + 1))
    start = time.perf_counter()
    corpus = load([str(path)])
    assert [p.code for p in corpus.problems] == ["RC001"]
    assert time.perf_counter() - start < 2


def test_no_such_path_is_a_usage_error(cli, tmp_path):
    result = cli("validate", tmp_path / "nope.yaml")
    assert result.code == 2 and "no such file" in result.err
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    result = cli("validate", empty)
    assert result.code == 2 and "no claim files" in result.err


def test_problems_in_several_files_are_all_reported(write):
    write("claims/a.yaml", edit("subject: China", "subject: Chna"))
    write("claims/b.yaml", "source: [")
    write("claims/c.yaml", edit("id: srca", "id: srcc", edit("a-china-2024", "c-china-2024", edit("a-mexico-2024", "c-mexico-2024"))))
    corpus = load([str(Path(write("claims/d.yaml", "")).parent)])
    assert {Path(p.location.file).name for p in corpus.problems} == {"a.yaml", "b.yaml", "d.yaml"}
    assert len(corpus.files) == 4


def test_defaults_are_recorded(write):
    path = write("claims/a.yaml", BASE)
    row = load([str(path)]).claim("a-china-2024")
    assert row["unit"] == "USD" and row["scale"] == "billion"
    assert row["defaulted"]["scale"] == "defaults" and row["defaulted"]["kind"] == "built-in default"
    assert row["normalized"] == pytest.approx(-295.4e9)
    assert (row["lo"], row["hi"]) == (pytest.approx(-295.45e9), pytest.approx(-295.35e9))


def test_precision_on_one_claim_leaves_the_others_alone(write):
    """A `precision:` on one claim must not turn every other claim's interval into NaN."""
    path = write("claims/a.yaml", edit("    value: -171.8\n", "    value: -171.8\n    precision: 0.5\n"))
    corpus = load([str(path)])
    assert corpus.problems == []
    china, mexico = corpus.claim("a-china-2024"), corpus.claim("a-mexico-2024")
    assert (china["lo"], china["hi"]) == (pytest.approx(-295.45e9), pytest.approx(-295.35e9))
    assert (mexico["lo"], mexico["hi"]) == (pytest.approx(-172.3e9), pytest.approx(-171.3e9))


def test_show_defaults(write, cli):
    path = write("claims/a.yaml", BASE)
    result = cli("validate", "--show-defaults", path)
    assert result.code == 0
    assert "scale=billion (defaults)" in result.out
    assert "valid: 2 claims from 1 sources (2 read)." in result.out


# --- fuzzing ----------------------------------------------------------------------------

BASE_DATA = yaml.safe_load(BASE)
BASE_DATA["rankings"] = [
    {"id": "top", "description": "top", "metric": "goods_balance", "period": "2024", "order": "ascending",
     "over": "subjects", "among": "countries", "quote": "1. China", "line": 2},
]  # fmt: skip
BASE_DATA["skip"] = [{"pattern": r"\b20\d\d\b", "reason": "years"}, {"line": 1, "text": "10", "reason": "title"}]
BASE_DATA["claims"] += [
    {"id": "a-china-rank", "kind": "rank", "ranking": "top", "subject": "China", "value": 1, "quote": "1. China", "line": 2},
    {"id": "a-count", "kind": "count", "ranking": "top", "value": 2, "quote": "Top 10", "line": 1},
    {"id": "a-total", "kind": "total", "parts": ["China", "Mexico"], "metric": "goods_balance", "period": "2024",
     "value": -467.2, "quote": "2. Mexico: –$171.8 billion", "line": 3},
    {"id": "a-growth", "kind": "growth", "subject": "China", "metric": "goods_balance", "period": "2024",
     "from_period": "2023", "value": 4.5, "unit": "percent", "scale": "one", "quote": "1. China", "line": 2},
]  # fmt: skip
DOCUMENT = "Top 10 partners, 2024\n1. China: –$295.4 billion\n2. Mexico: –$171.8 billion\n"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["", "2024", "2024-13", "China", "World", "EU", "USD", "billion", "over", "partner", "rank",
                     "total", "goods_balance", "top", "-", "1,000", "0", "-0", "1e400", ".nan", "~", "a-china-2024"]),
)  # fmt: skip
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)
KEYS = {
    "source": list(loader.SOURCE_KEYS) + ["bogus"],
    "defaults": list(loader.DEFAULT_KEYS) + ["bogus"],
    "rankings": list(loader.RANKING_KEYS) + ["bogus"],
    "skip": list(loader.SKIP_KEYS) + ["bogus"],
    "claims": list(loader.CLAIM_KEYS) + ["bogus"],
}


@st.composite
def mutated_data(draw):
    """The base file's data with keys set to random values or deleted, sections replaced or dropped."""
    import copy

    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        section = draw(st.sampled_from(list(KEYS) + ["top"]))
        if section == "top":
            key = draw(st.sampled_from(list(KEYS) + ["bogus"]))
            if draw(st.booleans()):
                data.pop(key, None)
            else:
                data[key] = draw(values)
            continue
        target = data.get(section)
        if isinstance(target, list) and target:
            target = target[draw(st.integers(min_value=0, max_value=len(target) - 1))]
        if not isinstance(target, dict):
            continue
        key = draw(st.sampled_from(KEYS[section]))
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(values)
    return data


@st.composite
def mutated_text(draw):
    """The base file's text with random text or bytes spliced in, cut out, or replaced."""
    raw = yaml.safe_dump(BASE_DATA, allow_unicode=True, sort_keys=False).encode("utf-8")
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        pos = draw(st.integers(min_value=0, max_value=len(raw)))
        kind = draw(st.sampled_from(["insert-text", "insert-yaml-chars", "insert-bytes", "delete", "replace"]))
        if kind == "insert-text":
            piece = draw(st.text(max_size=20)).encode("utf-8", "surrogatepass")
        elif kind == "insert-yaml-chars":
            piece = draw(st.text(alphabet=":-[]{}'\"#&*!|>%@`,? \t\n" + string.digits, max_size=8)).encode()
        elif kind == "insert-bytes":
            piece = draw(st.binary(max_size=8))
        else:
            piece = b""
        end = pos + draw(st.integers(min_value=1, max_value=30)) if kind in ("delete", "replace") else pos
        if kind == "replace":
            piece = draw(st.binary(min_size=1, max_size=8))
        raw = raw[:pos] + piece + raw[end:]
    return raw


def _dump(data) -> bytes:
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, ValueError, TypeError):
        return yaml.safe_dump(str(data)).encode("utf-8", "surrogatepass")


inputs = st.one_of(
    mutated_data().map(_dump),
    mutated_text(),
    values.map(_dump),  # a random YAML structure instead of a claim file
    st.binary(max_size=200),
)


@pytest.fixture(scope="module")
def fuzz_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    docs = root / "documents"
    docs.mkdir()
    (docs / "a.txt").write_text(DOCUMENT, encoding="utf-8")
    cwd = root / "cwd"
    cwd.mkdir()
    return root, docs, cwd


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(content=inputs)
def test_fuzz_never_raises(content, fuzz_dirs):
    root, docs, cwd = fuzz_dirs
    path = root / "claims" / "fuzz.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content)
    corpus = load([str(path)])  # must return, not raise
    assert isinstance(corpus, loader.Corpus)
    if corpus.ok:
        assert corpus.claims_read == len(corpus.claims)
    else:
        assert all(p.location.file == str(path) and p.location.line >= 1 for p in corpus.problems)
    result = run_cli(["check", path, "--documents", docs, "--no-html", "--no-baseline", "--format", "json"], cwd=cwd)
    assert result.code in (0, 1, 2), result.text
    assert (result.code == 2) == (not corpus.ok), result.text


PLAUSIBLE = {
    "kind": ["value", "total", "change", "growth", "average", "rank", "count", "bound"],
    "subject": ["China", "World", "European Union", "Germany", "Mexico", "Chinese Taipei", "US"],
    "parts": [["China", "Mexico"], ["EU", "Germany"], ["China"], []],
    "metric": ["goods_balance", "goods_exports", "goods_imports", "gs_balance", "services_balance", "share", "partners_in_deficit"],
    "period": ["2024", "2023", "2024-Q2", "2025-01..2025-05", "2024-05", "2025-H1", "2025-04-26"],
    "from_period": ["2023", "2024-04", "2022", None],
    "per": ["month", "quarter", "year"],
    "ranking": ["top"],
    "value": [1, -1.5, 0, 0.0, 295.4, -295.4, 620, -620, 10**30, -(10**30), 1e-300, 3, 140.45, 5e-324, -0.0],
    "unit": ["USD", "percent", "count", "rank"],
    "scale": ["one", "thousand", "million", "billion", "trillion"],
    "qualifier": ["exact", "about", "over", "at_least", "under", "at_most", "nearly"],
    "perspective": ["reporter", "partner"],
    "product": ["crude oil", "vehicles"],
    "lineage": ["census", "oec", "bea", "unknown"],
    "precision": [0, 0.05, 5, 1e300],
    "status": ["actual", "forecast"],
    "line": [1, 2, 3, 99],
    "quote": ["1. China", "–$295.4 billion", "nowhere in the text", "2024"],
}


@st.composite
def plausible_data(draw):
    """The base file with a few claim keys set to values of the right kind: mostly still loadable."""
    import copy

    data = copy.deepcopy(BASE_DATA)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        claim = data["claims"][draw(st.integers(min_value=0, max_value=len(data["claims"]) - 1))]
        key = draw(st.sampled_from(sorted(PLAUSIBLE)))
        claim[key] = draw(st.sampled_from(PLAUSIBLE[key]))
    if draw(st.booleans()):
        clone = copy.deepcopy(draw(st.sampled_from(data["claims"])))
        clone["id"] = "clone"
        clone["value"] = draw(st.sampled_from(PLAUSIBLE["value"]))
        data["claims"].append(clone)
    data["rankings"][0]["order"] = draw(st.sampled_from(["ascending", "descending"]))
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        data["skip"].append(draw(st.fixed_dictionaries(
            {"reason": st.just("r")},
            optional={"line": st.sampled_from([1, 2, 0, -1, 99, "x", 1.5, True, None]),
                      "text": st.sampled_from(["10", "", "China", 7, None]),
                      "pattern": st.sampled_from([r"\d", "", "(", ".*", None])},
        )))  # fmt: skip
    return data


@settings(max_examples=40, deadline=None)
@given(data=plausible_data(), fmt=st.sampled_from(["text", "json", "sarif", "junit", "github"]))
def test_fuzz_plausible_mutations_run_every_rule(data, fmt, fuzz_dirs):
    """Mutations that still load must survive every rule and every report format."""
    root, docs, cwd = fuzz_dirs
    path = root / "claims2" / "fuzz.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(_dump(data))
    corpus = load([str(path)])
    result = run_cli(["check", path, "--documents", docs, "--no-html", "--no-baseline", "--format", fmt], cwd=cwd)
    assert result.code in (0, 1, 2), result.text
    assert (result.code == 2) == (not corpus.ok), result.text


def test_a_file_named_twice_is_read_once(write, cli):
    path = write("claims/a.yaml", BASE)
    for paths in ([path.parent, path], [path, path.parent / "." / "a.yaml"]):
        corpus = load([str(p) for p in paths])
        assert corpus.problems == [], corpus.problems  # not "duplicate id ... also at the same place"
        assert len(corpus.files) == 1 and len(corpus.claims) == 2
    assert cli("validate", path.parent, path).code == 0
