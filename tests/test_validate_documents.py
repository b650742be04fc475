"""`reconcile validate --documents DIR`: each claim held to its own document, without the reconciliation rules.

Two sources that transcribe their documents faithfully but disagree with each
other (Germany 2024: −$85 billion against −$35.4 billion). `check` reports the
cross-source conflict; `validate --documents` must not, and must find each
provenance fault broken into the files one at a time; plain `validate` finds none.
"""

from __future__ import annotations

import json

import pytest

from reconcile import engine, problems
from reconcile import rules as rule_registry
from small_project import DOCUMENTS, make_project, write_claims

PROVENANCE_CODES = {rule_registry.spec(rule_registry.find(name)).code for name in engine.PROVENANCE_RULES}


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def validate(run_in, *extra):
    return run_in("validate", "claims", *extra)


@pytest.fixture
def run_in(project):
    from conftest import run_cli

    return lambda *argv: run_cli(list(argv), cwd=project)


def codes_in(result) -> list[str]:
    return [line.split()[1] for line in result.out.splitlines() if ": RC" in line]


def test_faithful_claims_pass_and_the_cross_source_conflict_is_left_to_check(run_in):
    result = validate(run_in, "--documents", "docs")
    assert result.code == 0, result.text
    assert codes_in(result) == []
    assert "4 claims from 2 sources: 0 findings" in result.out
    checked = run_in("check", "claims", "--documents", "docs", "--no-html", "--no-baseline")
    assert checked.code == 1 and "RC201" in codes_in(checked), checked.text  # the conflict exists, check finds it


def test_only_the_provenance_rules_run(run_in):
    data = json.loads(validate(run_in, "--documents", "docs", "--format", "json").out)
    assert set(data["summary"]["checked"]) == PROVENANCE_CODES
    assert PROVENANCE_CODES == {"RC101", "RC102", "RC103", "RC104", "RC105"}


# (what is broken, how, the rule that must find it)
FAULTS = [
    ("quote not in document", lambda root: write_claims(root, "alpha", ('quote: "Japan: –$69 billion"', 'quote: "Japan: –$96 billion"')),
     "RC101"),
    ("quote on another line", lambda root: write_claims(root, "alpha", ("line: 3", "line: 2")), "RC102"),
    ("value not the quote's", lambda root: write_claims(root, "beta", ("value: -69", "value: -96")), "RC103"),
    ("document changed", lambda root: (root / "docs" / "beta.txt").write_text(DOCUMENTS["beta"] + "Revised.\n", encoding="utf-8"),
     "RC104"),
    ("document missing", lambda root: (root / "docs" / "alpha.txt").unlink(), "RC105"),
]  # fmt: skip


@pytest.mark.parametrize("name, breaks, code", FAULTS, ids=[f[0] for f in FAULTS])
def test_validate_documents_finds_each_provenance_fault(project, run_in, name, breaks, code):
    breaks(project)
    result = validate(run_in, "--documents", "docs")
    assert result.code == 1, result.text
    assert code in codes_in(result), result.text
    assert "RC201" not in result.out  # still no cross-source conflict: those rules did not run
    plain = validate(run_in)
    assert plain.code == 0 and code not in plain.out and plain.out.endswith("valid: 4 claims from 2 sources (4 read).\n"), plain.text


@pytest.mark.parametrize("name, breaks, code", FAULTS, ids=[f[0] for f in FAULTS])
def test_the_json_output_is_checks_contract(project, run_in, name, breaks, code):
    breaks(project)
    result = validate(run_in, "--documents", "docs", "--format", "json")
    data = json.loads(result.out)
    assert result.code == 1 and code in {f["code"] for f in data["findings"]}
    assert {f["code"] for f in data["findings"]} <= PROVENANCE_CODES
    assert data["problems"] == [] and data["summary"]["findings"] == len(data["findings"])


@pytest.mark.parametrize("fmt", ["sarif", "junit", "github"])
def test_check_formats_work_too(project, run_in, fmt):
    FAULTS[1][1](project)
    result = validate(run_in, "--documents", "docs", "--format", fmt, "-o", "out.txt")
    assert result.code == 1 and result.out == "", result.text
    written = (project / "out.txt").read_text(encoding="utf-8")
    assert "RC102" in written
    if fmt == "sarif":
        assert json.loads(written)["runs"][0]["results"]


def test_rule_configuration_applies_as_in_check(project, run_in):
    """The same engine: a severity configured for a provenance rule decides the exit code of validate too."""
    FAULTS[1][1](project)
    (project / "reconcile.yaml").write_text("rules:\n  RC102: {severity: info}\n", encoding="utf-8")
    result = validate(run_in, "--documents", "docs")
    assert result.code == 0 and "RC102 info" in result.out, result.text
    assert validate(run_in, "--documents", "docs", "--fail-on", "info").code == 1


def test_schema_problems_still_stop_it_with_exit_2(project, run_in):
    write_claims(project, "alpha", ('Japan, metric: goods_balance', 'Japan, metric: goods_balanse'))
    result = validate(run_in, "--documents", "docs")
    assert result.code == 2 and "RC014" in result.out and "RC101" not in result.out, result.text


def test_a_missing_documents_folder_is_refused(run_in):
    result = validate(run_in, "--documents", "no-such-docs")
    assert result.code == 2 and "documents folder no-such-docs does not exist" in result.err, result.text


def test_plain_validate_does_not_use_the_configured_documents(project, run_in):
    """Plain validate stays schema-only even when the configuration names a documents folder."""
    FAULTS[0][1](project)
    (project / "reconcile.yaml").write_text("documents: docs\n", encoding="utf-8")
    assert validate(run_in).code == 0
    assert validate(run_in, "--documents", "docs").code == 1


@pytest.mark.parametrize("option", [["--format", "json"], ["-o", "out.txt"], ["--fail-on", "info"]])
def test_report_options_without_documents_are_refused(run_in, option):
    result = validate(run_in, *option)
    needs = "--documents DIR (plain validate checks the schemas only)"
    assert result.code == 2 and result.err == f"reconcile: {problems.OPTION_NOT_APPLICABLE.says(option=option[0], needs=needs)}\n"


def test_show_defaults_with_documents(run_in, project):
    result = validate(run_in, "--documents", "docs", "--show-defaults")
    assert result.code == 0, result.text
    assert result.out.startswith("claims/alpha.yaml:6: alpha-germany: kind=value (built-in default)")
    assert "scale=billion (defaults)" in result.out and result.out.endswith("4 claims from 2 sources: 0 findings (0 errors, 0 warnings, 0 info).\n")
    refused = validate(run_in, "--documents", "docs", "--show-defaults", "--format", "json")
    assert refused.code == 2 and refused.err.startswith(f"reconcile: {problems.OPTION_NOT_APPLICABLE.code} --show-defaults only applies with")
    assert validate(run_in, "--documents", "docs", "--show-defaults", "--format", "json", "-o", "r.json").code == 0
    assert json.loads((project / "r.json").read_text(encoding="utf-8"))["findings"] == []
