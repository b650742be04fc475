"""Rule cases, sqlfluff-style: tests/rules/<CODE>.yaml holds the cases of one rule.

A case file is a YAML list of cases::

    - name: what the case shows
      files:                       # claim files, as text (written to a temporary claims folder)
        a.yaml: |
          source: ...
          claims: ...
      documents:                   # optional: source documents (for the RC1xx provenance rules)
        a.txt: |
          1. China: –$295.4 billion
      options: {max_relative_change: 0.5}   # optional: rule options for this case
      expect:                      # the findings of this rule, exactly; [] for a passing case
        - code: RC201
          claims: [a-germany, b-germany]   # optional: ids the finding must involve (a subset)
          message_contains: "Germany"      # optional
          cause: unexplained               # optional: the likely cause's label
          severity: error                  # optional: the severity the engine gave it

In claim-file text, ``${sha256:a.txt}`` stands for the sha256 of the case's
document a.txt (so a case can state a matching hash without hard-coding it).

Every case is loaded with reconcile.loader.load (and must load without
problems: a case that fails to load would pass vacuously), then run through
reconcile.engine.run with only its rule selected.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import sha256_text
from reconcile import engine, loader, references
from reconcile import rules as rule_registry
from reconcile.config import Config

CASES_DIR = Path(__file__).parent / "rules"
CASE_KEYS = {"references", "name", "files", "documents", "options", "expect"}
EXPECT_KEYS = {"code", "claims", "message_contains", "cause", "severity"}


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def _load_cases():
    params = []
    for path in _case_files():
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(cases, list):
            params.append(pytest.param(path, None, id=f"{path.stem}-INVALID-FILE"))
            continue
        for n, case in enumerate(cases):
            name = case.get("name", f"case{n}") if isinstance(case, dict) else f"case{n}"
            slug = re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-")[:60]
            params.append(pytest.param(path, case, id=f"{path.stem}-{n:02d}-{slug}"))
    return params


CASES = _load_cases()


# --- the case files themselves ------------------------------------------------


def test_every_rule_has_a_case_file():
    missing = [code for code in rule_registry.all_rules() if not (CASES_DIR / f"{code}.yaml").is_file()]
    assert not missing, f"rules without tests/rules/CODE.yaml: {missing}"


def test_every_case_file_names_a_rule():
    codes = set(rule_registry.all_rules())
    strays = [p.name for p in _case_files() if p.stem not in codes]
    assert not strays, f"case files for no rule: {strays}"


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_case_file_is_well_formed(path):
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(cases, list) and cases, f"{path.name}: a non-empty list of cases"
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)), f"{path.name}: case names repeat"
    passing = failing = 0
    for case in cases:
        assert isinstance(case, dict), f"{path.name}: each case is a mapping"
        assert set(case) <= CASE_KEYS, f"{path.name}: {case.get('name')}: unknown keys {set(case) - CASE_KEYS}"
        assert case.get("name") and isinstance(case.get("files"), dict) and case["files"], case.get("name")
        assert isinstance(case.get("expect"), list), f"{case['name']}: expect must be a list ([] for a pass)"
        for e in case["expect"]:
            assert set(e) <= EXPECT_KEYS and e.get("code") == path.stem, f"{case['name']}: {e}"
        passing += not case["expect"]
        failing += bool(case["expect"])
    assert passing >= 1 and failing >= 1, f"{path.name}: needs at least one PASS and one FAIL case"


# --- running the cases ----------------------------------------------------------


def _substitute(text: str, documents: dict[str, str]) -> str:
    def repl(m):
        name = m.group(1)
        assert name in documents, f"${{sha256:{name}}}: no such document in the case"
        return sha256_text(documents[name])

    return re.sub(r"\$\{sha256:([^}]+)\}", repl, text)


def run_case(case: dict, code: str, tmp_path: Path):
    documents = case.get("documents") or {}
    claims_dir = tmp_path / "claims"
    claims_dir.mkdir()
    for name, text in case["files"].items():
        (claims_dir / name).write_text(_substitute(text, documents), encoding="utf-8")
    docs_dir = None
    if documents:
        docs_dir = tmp_path / "documents"
        docs_dir.mkdir()
        for name, text in documents.items():
            (docs_dir / name).write_bytes(text.encode("utf-8"))
    elif code.startswith("RC1"):
        docs_dir = tmp_path / "documents"  # provenance rules need a folder, even an empty one
        docs_dir.mkdir()
    corpus = loader.load([str(claims_dir)])
    assert corpus.problems == [], "the case's claim files must load cleanly:\n" + "\n".join(map(str, corpus.problems))
    assert corpus.claims_read == len(corpus.claims)
    config = Config(rules={code: dict(case["options"])} if case.get("options") else {})
    refs = _references(case, tmp_path)
    result = engine.run(corpus, config, documents=str(docs_dir) if docs_dir else None, select=[code], references=refs)
    assert not result.problems, "the case's references must load cleanly:\n" + "\n".join(map(str, result.problems))
    assert code in result.rules_run, f"{code} did not run"
    return [f for f in result.findings if f.code == code]


def _references(case: dict, tmp_path: Path):
    """A case's official tables: `references:` maps file names to text; *.yaml are reference sources, the rest data."""
    files = case.get("references")
    if not files:
        return None
    sources, data = tmp_path / "reference-sources", tmp_path / "reference-data"
    sources.mkdir()
    data.mkdir()
    for name, text in files.items():
        ((sources if name.endswith(".yaml") else data) / name).write_text(text, encoding="utf-8")
    return references.load(sources, data)


def _matches(expected: dict, finding) -> bool:
    if not set(expected.get("claims") or []) <= set(finding.claims):
        return False
    if "message_contains" in expected and expected["message_contains"] not in finding.message:
        return False
    if "cause" in expected and (finding.cause is None or finding.cause.label != expected["cause"]):
        return False
    if "severity" in expected and str(finding.severity) != expected["severity"]:
        return False
    return True


def _assign(expected: list[dict], findings: list) -> bool:
    """Is there a one-to-one pairing of expectations and findings? (backtracking; cases are small)"""
    if not expected:
        return not findings
    first, rest = expected[0], expected[1:]
    for i, f in enumerate(findings):
        if _matches(first, f) and _assign(rest, findings[:i] + findings[i + 1 :]):
            return True
    return False


def _describe(findings) -> str:
    return "\n".join(
        f"  {f.code} {f.severity} claims={f.claims} cause={f.cause.label if f.cause else None}: {f.message}" for f in findings
    ) or "  (none)"


@pytest.mark.parametrize("path, case", CASES)
def test_rule_case(path, case, tmp_path):
    assert case is not None, f"{path.name} is not a list of cases"
    code = path.stem
    findings = run_case(case, code, tmp_path)
    expected = case["expect"]
    assert len(findings) == len(expected), (
        f"{case['name']}: expected {len(expected)} {code} finding(s), got {len(findings)}:\n{_describe(findings)}"
    )
    assert _assign(expected, findings), f"{case['name']}: findings do not match {expected}:\n{_describe(findings)}"
    for f in findings:
        assert f.severity is not None and f.fingerprint, "the engine sets severity and fingerprint"
        assert f.location is not None, "every finding has a place in a claim file"
