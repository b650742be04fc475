"""The catalogue of input problems (reconcile/problems.py): one code per meaning, and today's wording.

The wording tests load bad files and find, among the problems the loader reports,
one whose message and hint are exactly what the catalogue renders. Until the
loader is wired to the catalogue, the code may still be the one it had before
the split (the ``legacy`` column); after the wiring it must be the catalogue's.
"""

from __future__ import annotations

import ast
import re
import string

import pytest
import yaml
from conftest import ROOT

from reconcile import problems
from reconcile import rules as rule_registry
from reconcile.engine import Baseline
from reconcile.loader import CLAIM_KEYS, SOURCE_KEYS, load
from reconcile.loader.reader import TOP_KEYS
from reconcile.model import Problem

TYPES = list(problems.CATALOGUE.values())
IDS = [t.code for t in TYPES]

# The codes as decided when RC001, RC002, RC003, RC004, RC023 and RC036 were split: pinned, so a code never changes meaning.
CODES = {
    "RC001": "file-too-large", "RC002": "invalid-yaml", "RC003": "empty-file", "RC004": "unknown-key",
    "RC005": "check-failed", "RC006": "not-utf8", "RC007": "yaml-tag-not-allowed", "RC008": "several-yaml-documents",
    "RC009": "not-a-mapping", "RC010": "invalid-id", "RC011": "duplicate-id", "RC012": "required-key-missing",
    "RC013": "unknown-kind", "RC014": "unknown-metric", "RC015": "unknown-unit", "RC016": "unknown-scale",
    "RC017": "unknown-qualifier", "RC018": "unknown-lineage", "RC019": "unknown-perspective", "RC020": "unknown-status",
    "RC021": "unknown-averaging-period", "RC022": "invalid-period", "RC023": "not-a-number", "RC024": "duplicate-key",
    "RC025": "unknown-entity", "RC026": "empty-quote", "RC027": "line-not-a-number", "RC028": "undeclared-ranking",
    "RC029": "invalid-for-kind", "RC030": "unit-mismatch", "RC031": "invalid-sha256", "RC032": "invalid-date",
    "RC033": "unknown-ranking-order", "RC034": "unknown-ranking-axis", "RC035": "unknown-ranking-population",
    "RC036": "skip-without-reason", "RC037": "not-a-single-value", "RC038": "not-a-list", "RC039": "missing-block",
    "RC040": "invalid-baseline", "RC041": "baseline-entry-without-reason", "RC042": "invalid-precision",
    "RC043": "invalid-skip-pattern", "RC044": "incomplete-skip",
    "RC045": "document-outside-folder", "RC046": "claim-link-outside-paths", "RC047": "document-link-outside-folder",
    "RC048": "number-too-long", "RC049": "unusual-line-break",
    "RC050": "invalid-config-syntax", "RC051": "unknown-config-key", "RC052": "config-wrong-type", "RC053": "unknown-rule",
    "RC054": "unknown-rule-option", "RC055": "config-value-out-of-range",
    "RC056": "unknown-engine", "RC057": "engine-not-installed", "RC058": "engine-failed-to-start",
    "RC070": "invalid-reference-source", "RC071": "unknown-reference-key", "RC072": "missing-reference-key",
    "RC073": "reference-data-unreadable", "RC074": "reference-column-missing", "RC075": "reference-cell-not-a-number",
    "RC076": "unmapped-reference-subject", "RC077": "duplicate-reference-figure", "RC078": "invalid-reference-value",
    "RC079": "references-folder-missing",
    "RC080": "unknown-basis", "RC081": "unknown-adjustment", "RC082": "invalid-vintage",
    "RC083": "relative-period-without-date", "RC084": "ambiguous-relative-period",
    "RC085": "unknown-ranking-group",
    "RC086": "share-without-total", "RC087": "unresolvable-share-figure", "RC088": "residual-without-part",
    "RC089": "relation-key-not-for-kind", "RC096": "ranking-group-without-members",
    "RC090": "tabular-reader-missing", "RC091": "unreadable-table", "RC092": "missing-column", "RC093": "sidecar-missing",
    "RC094": "column-not-text",
    "RC060": "path-not-found", "RC061": "no-claim-files", "RC062": "documents-folder-missing",
    "RC063": "not-a-revision", "RC064": "changed-since-unavailable",
    "RC065": "cannot-write-output", "RC066": "cannot-read-baseline", "RC067": "option-not-applicable",
}  # fmt: skip


# --- the catalogue itself -------------------------------------------------------------------------


def test_codes_are_unique_input_problem_codes_and_never_rule_codes():
    assert len(set(IDS)) == len(IDS) == len(problems.CATALOGUE)
    assert all(re.fullmatch(r"RC0\d\d", code) for code in IDS), IDS
    assert not set(IDS) & set(rule_registry.all_rules())
    assert all(code == t.code for code, t in problems.CATALOGUE.items())
    constants = [v for v in vars(problems).values() if isinstance(v, problems.ProblemType)]
    assert sorted(t.code for t in constants) == IDS, "every ProblemType constant is in CATALOGUE, once"


def test_codes_and_names_are_the_agreed_ones():
    assert {code: t.name for code, t in problems.CATALOGUE.items()} == CODES


def test_names_are_unique_kebab_case_and_never_rule_names():
    names = [t.name for t in TYPES]
    assert len(set(names)) == len(names)
    assert all(problems.NAME.match(n) for n in names), names
    assert not set(names) & {m.NAME for m in rule_registry.all_rules().values()}


@pytest.mark.parametrize("ptype", TYPES, ids=IDS)
def test_title_and_description_are_short_prose(ptype):
    assert ptype.title and len(ptype.title) <= 40 and not ptype.title.endswith("."), ptype.title
    assert ptype.title[0].isupper()
    sentences = re.findall(r"[.!?](?:\s|$)", ptype.description)
    assert 1 <= len(sentences) <= 3 and ptype.description.endswith("."), ptype.description


def _fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("ptype", TYPES, ids=IDS)
def test_every_template_formats_with_the_fields_the_type_declares(ptype):
    assert set(ptype.sample) == set(ptype.fields), "one sample value per declared field"
    assert all(name in problems.FIELDS for name in ptype.fields), "every field is in the FIELDS glossary"
    used = set()
    for template, hint in ptype.templates():
        used |= _fields_of(template) | _fields_of(hint)
        assert _fields_of(template) | _fields_of(hint) <= set(ptype.fields)
        assert template.format(**ptype.sample) and hint.format(**ptype.sample) is not None
    assert used == set(ptype.fields), "every declared field is used by some template"
    assert len({v.key for v in ptype.variants}) == len(ptype.variants)


def test_every_field_in_the_glossary_is_used():
    assert set(problems.FIELDS) == {name for t in TYPES for name in t.fields}


def test_examples_are_yaml_or_toml_that_parse():
    import csv
    import io
    import tomllib

    for ptype in (t for t in TYPES if t.example):
        for snippet in (ptype.example.bad, ptype.example.fix):
            if ptype.example.language == "toml":
                tomllib.loads(snippet)
            elif ptype.example.language == "csv":  # a claims table: the fix has one cell per header column
                rows = list(csv.reader(io.StringIO(snippet)))
                assert snippet is ptype.example.bad or len({len(r) for r in rows}) == 1, rows
            elif not (ptype is problems.INVALID_YAML and snippet is ptype.example.bad):  # that one is not YAML, by design
                yaml.compose(snippet.replace("    ...\n", ""), Loader=yaml.SafeLoader)


def test_at_fills_the_templates_and_names_the_problem():
    p = problems.NOT_UTF8.at("claims/a.yaml", 7, byte="0x9f")
    assert isinstance(p, Problem)
    assert (p.location.file, p.location.line, p.code, p.name) == ("claims/a.yaml", 7, "RC006", "not-utf8")
    assert str(p) == "claims/a.yaml:7: RC006 not UTF-8 text (byte 0x9f) — save the file as UTF-8"
    assert p.as_record() == {"file": "claims/a.yaml", "line": 7, "code": "RC006", "message": "not UTF-8 text (byte 0x9f)",
                             "hint": "save the file as UTF-8"}  # fmt: skip


def test_hint_override_suggestion_and_variants():
    kw = {"key": "subjet", "what": "a claim", "keys": "id, subject"}
    assert problems.UNKNOWN_KEY.at("f", 1, **kw).hint == "known keys: id, subject"
    assert problems.UNKNOWN_KEY.at("f", 1, suggest="subject", **kw).hint == "did you mean 'subject'?"
    assert problems.UNKNOWN_KEY.at("f", 1, hint="", **kw).hint == ""
    empty = problems.EMPTY_FILE.at("f", 1, variant="no-yaml")
    assert (empty.code, empty.message) == ("RC003", "empty file (no YAML content)")
    source = problems.REQUIRED_KEY_MISSING.at("f", 1, variant="source", key="sha256")
    assert (source.message, source.hint) == ("source.sha256 is missing", "add `sha256:` to the source block")


def test_at_refuses_wrong_fields_variants_and_suggestions():
    with pytest.raises(TypeError, match="byt"):
        problems.NOT_UTF8.at("f", 1, byt="0x9f")
    with pytest.raises(TypeError, match="'byte'"):
        problems.NOT_UTF8.at("f", 1)
    with pytest.raises(KeyError, match="no variant 'nope'"):
        problems.EMPTY_FILE.at("f", 1, variant="nope")
    with pytest.raises(TypeError, match="does not suggest"):
        problems.EMPTY_FILE.at("f", 1, suggest="x")


def test_find_by_code_or_name():
    assert problems.find("RC014") is problems.UNKNOWN_METRIC
    assert problems.find(" rc014 ") is problems.UNKNOWN_METRIC
    assert problems.find("unknown-metric") is problems.UNKNOWN_METRIC
    assert problems.find("RC201") is None and problems.find("RC999") is None and problems.find("") is None


def test_every_schema_check_has_its_problem_type():
    """Each named pandera check is worded by the catalogue (an unmapped check would fall back to RC005)."""
    from reconcile.schemas import claims as schemas

    names = set()
    for schema in (schemas.sources_schema(), schemas.rankings_schema(), schemas.claims_schema()):
        names |= {c.name for c in schema.checks}
        names |= {c.name for col in schema.columns.values() for c in col.checks}
    assert names, "no named checks found: the schemas changed shape"
    assert names - {"required"} <= set(problems.SCHEMA_CHECKS), sorted(names - set(problems.SCHEMA_CHECKS))


# --- today's wording, reproduced ------------------------------------------------------------------

BASE = """\
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
"""
RANKING = 'rankings:\n  - id: top\n    metric: goods_balance\n    period: "2024"\n    quote: "Top partners"\n    line: 1\n'


def edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def claim(extra: str) -> str:
    return edit("    line: 2\n", "    line: 2\n" + extra)


def skip(entry: str) -> str:
    return edit("claims:\n", "skip:\n" + entry + "claims:\n")


P = problems
# (id, file text, problem type, variant, fields (suggest= and hint= included), the code before the split)
WORDING = [
    ("invalid yaml", edit("    value: -295.4\n", "    value: -295.4: x\n"), P.INVALID_YAML, None,
     {"detail": "mapping values are not allowed in this context"}, "RC002"),
    ("tab", edit("    subject: China", "\tsubject: China"), P.INVALID_YAML, "tab", {}, "RC002"),
    ("empty", "", P.EMPTY_FILE, None, {}, "RC003"),
    ("only a comment", "# nothing yet\n", P.EMPTY_FILE, "no-yaml", {}, "RC003"),
    ("two documents", BASE + "---\nsource: {}\n", P.SEVERAL_YAML_DOCUMENTS, None, {"count": 2}, "RC003"),
    ("tag", edit("value: -295.4", "value: !secret -295.4"), P.YAML_TAG_NOT_ALLOWED, None, {"tag": "!secret"}, "RC002"),
    ("top is a list", "- a\n- b\n", P.NOT_A_MAPPING, None, {"what": "the file", "keys": ", ".join(TOP_KEYS)}, "RC003"),
    ("source is a list", "source: [srca]\nclaims: []\n", P.NOT_A_MAPPING, None,
     {"what": "source", "keys": ", ".join(SOURCE_KEYS)}, "RC003"),
    ("claim is a string", edit("  - id: a-china-2024\n", '  - "China: -295.4"\n  - id: a-china-2024\n'), P.NOT_A_MAPPING, "claim",
     {}, "RC003"),
    ("unknown key, close", edit("    subject: China", "    subjet: China"), P.UNKNOWN_KEY, None,
     {"key": "subjet", "what": "a claim", "keys": ", ".join(CLAIM_KEYS), "suggest": "subject"}, "RC004"),
    ("unknown key, far", claim("    zzz: 1\n"), P.UNKNOWN_KEY, None, {"key": "zzz", "what": "a claim", "keys": ", ".join(CLAIM_KEYS)}, "RC004"),
    ("key twice", claim("    subject: Mexico\n"), P.DUPLICATE_KEY, None, {"key": "subject", "what": "a claim"}, "RC004"),
    ("value is a list", edit("value: -295.4", "value: [1, 2]"), P.NOT_A_SINGLE_VALUE, None, {"what": "value"}, "RC003"),
    ("parts is a mapping", claim("    parts: {a: b}\n"), P.NOT_A_LIST, None, {"what": "parts"}, "RC003"),
    ("claims is a number", BASE[: BASE.index("claims:")] + "claims: 3\n", P.NOT_A_LIST, "section", {"what": "claims"}, "RC003"),
    ("no source block", BASE[BASE.index("defaults:"):], P.MISSING_BLOCK, None, {"block": "source"}, "RC003"),
    ("no claims block", BASE[: BASE.index("claims:")], P.MISSING_BLOCK, None, {"block": "claims"}, "RC003"),
    ("source without title", edit('  title: "Source A"\n', ""), P.REQUIRED_KEY_MISSING, "source", {"key": "title"}, "RC012"),
    ("claim without quote", edit('    quote: "1. China: –$295.4 billion"\n', ""), P.REQUIRED_KEY_MISSING, None, {"key": "quote"}, "RC012"),
    ("no scale anywhere", edit("  scale: billion\n", ""), P.REQUIRED_KEY_MISSING, "defaults", {"key": "scale"}, "RC012"),
    ("skip without reason", skip("  - pattern: '24/7'\n"), P.SKIP_WITHOUT_REASON, None, {}, "RC036"),
    ("skip bad pattern", skip("  - pattern: '(unclosed'\n    reason: r\n"), P.INVALID_SKIP_PATTERN, None,
     {"error": "missing ) at position 9"}, "RC036"),
    ("skip without line", skip("  - text: '24/7'\n    reason: r\n"), P.INCOMPLETE_SKIP, None, {}, "RC036"),
    ("skip line a word", skip("  - text: '24/7'\n    line: one\n    reason: r\n"), P.LINE_NOT_A_NUMBER, "skip", {"value": "one"}, "RC036"),
    ("bad id", edit("- id: a-china-2024", "- id: A China"), P.INVALID_ID, None, {"value": "A China"}, "RC010"),
    ("value a word", edit("value: -295.4", 'value: "abc"'), P.NOT_A_NUMBER, None, {"value": "abc"}, "RC023"),
    ("unknown unit", claim("    unit: EUR\n"), P.UNKNOWN_UNIT, None, {"value": "EUR", "choices": "USD, count, percent, rank"}, "RC015"),
    ("unknown scale", claim("    scale: billions\n"), P.UNKNOWN_SCALE, None, {"value": "billions", "suggest": "billion"}, "RC016"),
    ("unknown kind", claim("    kind: valeu\n"), P.UNKNOWN_KIND, None, {"value": "valeu", "suggest": "value"}, "RC013"),
    ("unknown metric", edit("metric: goods_balance", "metric: goods_balanse"), P.UNKNOWN_METRIC, None,
     {"value": "goods_balanse", "suggest": "goods_balance"}, "RC014"),
    ("unknown qualifier", claim("    qualifier: approximately\n"), P.UNKNOWN_QUALIFIER, None,
     {"value": "approximately", "choices": "exact, about, over, at_least, under, at_most, nearly"}, "RC017"),
    ("unknown lineage", claim("    lineage: censu\n"), P.UNKNOWN_LINEAGE, None, {"value": "censu", "suggest": "census"}, "RC018"),
    ("unknown perspective", claim("    perspective: partners\n"), P.UNKNOWN_PERSPECTIVE, None,
     {"value": "partners", "suggest": "partner"}, "RC019"),
    ("unknown status", claim("    status: estimate\n"), P.UNKNOWN_STATUS, None,
     {"value": "estimate", "choices": "actual, proposed, target, forecast"}, "RC020"),
    ("unknown per", claim("    kind: average\n    per: week\n"), P.UNKNOWN_AVERAGING_PERIOD, None,
     {"value": "week", "choices": "month, quarter, year"}, "RC021"),
    ("bad period", edit('period: "2024"', 'period: "2024-13"'), P.INVALID_PERIOD, None, {"value": "2024-13"}, "RC022"),
    ("unknown entity", edit("subject: China", "subject: Chna"), P.UNKNOWN_ENTITY, None, {"value": "Chna", "suggest": "China"}, "RC025"),
    ("empty quote", edit('quote: "1. China: –$295.4 billion"', 'quote: ""'), P.EMPTY_QUOTE, None, {}, "RC026"),
    ("line zero", edit("    line: 2", "    line: 0"), P.LINE_NOT_A_NUMBER, None, {"value": 0}, "RC027"),
    ("ranking not declared", claim("    kind: rank\n    ranking: top10\n"), P.UNDECLARED_RANKING, None, {"value": "top10"}, "RC028"),
    ("precision a word", claim("    precision: abc\n"), P.INVALID_PRECISION, None, {"value": "abc"}, "RC023"),
    ("kind without per", claim("    kind: average\n"), P.INVALID_FOR_KIND, None, {"detail": "a average claim needs per"}, "RC029"),
    ("unit of metric", claim("    unit: percent\n"), P.UNIT_MISMATCH, None,
     {"detail": "metric goods_balance is measured in USD, not percent"}, "RC030"),
    ("bad sha256", edit('"abababababababababababababababababababababababababababababababab"', '"xyz"'), P.INVALID_SHA256, None,
     {"value": "xyz"}, "RC031"),
    ("bad date", edit("  document: a.txt\n", "  document: a.txt\n  published: April 2025\n"), P.INVALID_DATE, None,
     {"value": "April 2025"}, "RC032"),
    ("ranking order", edit("claims:\n", RANKING + "    order: largest\nclaims:\n"), P.UNKNOWN_RANKING_ORDER, None, {"value": "largest"}, "RC033"),
    ("ranking axis", edit("claims:\n", RANKING + "    over: years\nclaims:\n"), P.UNKNOWN_RANKING_AXIS, None, {"value": "years"}, "RC034"),
    ("ranking population", edit("claims:\n", RANKING + "    among: nations\nclaims:\n"), P.UNKNOWN_RANKING_POPULATION, None,
     {"value": "nations"}, "RC035"),
    ("ranking population typo", edit("claims:\n", RANKING + "    among: countires\nclaims:\n"), P.UNKNOWN_RANKING_POPULATION,
     None, {"value": "countires", "suggest": "countries"}, "RC035"),
    ("ranking group unknown", edit("claims:\n", RANKING + "    among: Europen Union\nclaims:\n"), P.UNKNOWN_RANKING_GROUP,
     None, {"value": "Europen Union", "suggest": "European Union"}, "RC085"),
    ("ranking group without members", edit("claims:\n", RANKING + "    among: World\nclaims:\n"),
     P.RANKING_GROUP_WITHOUT_MEMBERS, None, {"value": "World"}, "RC096"),
    ("ranking among a country", edit("claims:\n", RANKING + "    among: China\nclaims:\n"),
     P.RANKING_GROUP_WITHOUT_MEMBERS, None, {"value": "China"}, "RC096"),
]  # fmt: skip


def _expect(problems_found: list[Problem], ptype, variant, fields: dict, legacy: str) -> None:
    expected = ptype.fill(variant=variant, **fields)
    same = [p for p in problems_found if (p.message, p.hint) == expected]
    assert same, f"no problem reads {expected}; got:\n" + "\n".join(map(str, problems_found))
    assert same[0].code in (ptype.code, legacy), same[0]


@pytest.mark.parametrize("name, text, ptype, variant, fields, legacy", WORDING, ids=[w[0] for w in WORDING])
def test_the_loader_words_each_problem_as_the_catalogue_does(name, text, ptype, variant, fields, legacy, write):
    path = write("claims/bad.yaml", text)
    _expect(load([str(path)]).problems, ptype, variant, fields, legacy)


def test_wording_of_file_level_problems(write):
    big = write("big/a.yaml", BASE)
    size = big.stat().st_size
    _expect(load([str(big)], max_bytes=100).problems, P.FILE_TOO_LARGE, None, {"size_mb": size / 1e6, "limit_mb": 100 / 1e6}, "RC001")
    latin = write("latin/a.yaml", BASE.encode("utf-8").replace("–".encode(), b"\x96"))
    _expect(load([str(latin)]).problems, P.NOT_UTF8, None, {"byte": "0x96"}, "RC001")


def test_wording_of_ids_and_rankings_across_files(write):
    one = write("claims/one.yaml", BASE)
    two = write("claims/two.yaml", edit("id: srca", "id: srcb", claim("    kind: rank\n    ranking: top\n").replace("claims:\n", RANKING + "claims:\n")))
    write("claims/three.yaml", edit("id: srca", "id: srcc", edit("a-china-2024", "c-china-2024", claim("    kind: rank\n    ranking: top\n"))))
    found = load([str(one.parent)]).problems
    line = BASE.splitlines().index("  - id: a-china-2024") + 1
    _expect(found, P.DUPLICATE_ID, "also-at", {"value": "a-china-2024", "places": f"{two}:{line + len(RANKING.splitlines())}"}, "RC011")
    _expect(found, P.UNDECLARED_RANKING, "other-file", {"value": "top"}, "RC028")


def test_wording_of_baseline_problems(tmp_path):
    path = tmp_path / "baseline.yaml"
    cases = [
        ("accepted: [\n", P.INVALID_BASELINE, "yaml", None),
        ("accepted: 3\n", P.INVALID_BASELINE, None, {}),
        ("accepted:\n  - code: RC201\n", P.INVALID_BASELINE, "no-fingerprint", {"entry": 1}),
        ("accepted:\n  - fingerprint: abc\n    code: RC201\n", P.BASELINE_ENTRY_WITHOUT_REASON, None, {"fingerprint": "abc", "rule": "RC201"}),
    ]
    for text, ptype, variant, fields in cases:
        path.write_text(text, encoding="utf-8")
        if fields is None:
            with pytest.raises(yaml.YAMLError) as exc:
                yaml.safe_load(text)
            fields = {"detail": str(exc.value)}
        _expect(Baseline.read(path)[1], ptype, variant, fields, ptype.code)


def test_wording_of_command_line_problems(cli, tmp_path, write):
    def usage(ptype, variant=None, **fields) -> str:
        """Command-line problems carry their code too, so `reconcile explain` finds them."""
        message, hint = ptype.fill(variant=variant, **fields)
        assert hint == ""
        return f"reconcile: {ptype.code} {message}\n"

    missing = tmp_path / "nope.yaml"
    assert cli("validate", missing).err == usage(P.PATH_NOT_FOUND, path=str(missing))
    empty = tmp_path / "empty-dir"
    empty.mkdir()
    assert cli("validate", empty).err == usage(P.NO_CLAIM_FILES, paths=str(empty))
    claims = write("claims/a.yaml", BASE)
    result = cli("check", claims, "--documents", tmp_path / "no-docs", "--no-html")
    assert result.err == usage(P.DOCUMENTS_FOLDER_MISSING, folder=str(tmp_path / "no-docs"), origin="--documents")
    assert cli("coverage", claims).err == usage(P.DOCUMENTS_FOLDER_MISSING, "not-given")
    assert cli("draft", missing).err == usage(P.PATH_NOT_FOUND, "document", path=str(missing))


# --- the command line and the docs -----------------------------------------------------------------


def test_explain_a_problem_code_or_name(cli):
    result = cli("explain", "RC014")
    assert result.code == 0, result.text
    assert result.out.startswith("RC014 unknown-metric — Unknown metric\n")
    for words in (P.UNKNOWN_METRIC.description[:40], "Message:", "Hint:", "goods_balanse", "Fixed:"):
        assert words in result.out, words
    assert cli("explain", "unknown-metric").out == result.out
    assert cli("rule", "rc014").out == result.out


def test_explain_still_explains_rules(cli):
    result = cli("explain", "RC201")
    assert result.code == 0 and result.out.startswith("RC201 cross-source-conflict")


@pytest.mark.parametrize("ptype", TYPES, ids=IDS)
def test_explain_every_problem(ptype, cli):
    result = cli("explain", ptype.code)
    assert result.code == 0 and result.out.startswith(f"{ptype.code} {ptype.name} — {ptype.title}\n")


def test_explain_an_unknown_code_exits_2_with_suggestions(cli):
    result = cli("explain", "RC999")
    assert result.code == 2 and result.out == ""
    assert "unknown rule 'RC999'" in result.err and "Traceback" not in result.err
    assert "reconcile problems" in result.err and "RC201" in result.err
    assert "did you mean 'unknown-metric'" in cli("explain", "unknwn-metric").err.lower()
    assert "RC014" in cli("explain", "RC14").err


def test_problems_lists_every_code(cli):
    result = cli("problems")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == IDS
    assert lines[13].split(None, 2) == ["RC014", "unknown-metric", "Unknown metric"]


def test_docs_are_generated_from_the_catalogue():
    docs = ROOT / "docs" / "problems.md"
    assert docs.is_file() and docs.read_text(encoding="utf-8") == problems.render_docs(), (
        "docs/problems.md is out of date: regenerate it with `python -m reconcile.problems --write-docs`"
    )


def test_docs_have_one_table_row_and_one_section_per_code():
    text = problems.render_docs()
    for ptype in TYPES:
        assert f"| [{ptype.code}](#{ptype.code.lower()}-{ptype.name}) | `{ptype.name}` | {ptype.title} |" in text
        assert text.count(f"\n## {ptype.code} {ptype.name}\n") == 1


# --- no code is written anywhere but in the catalogue ------------------------------------------------


def _code_literals() -> list[str]:
    found = []
    for folder in ("reconcile", "schemas"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == ROOT / "reconcile" / "problems.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"\bRC0\d\d\b", node.value):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_no_input_problem_code_is_written_outside_the_catalogue():
    literals = _code_literals()
    assert not literals, "input-problem codes written outside reconcile/problems.py:\n" + "\n".join(literals)

