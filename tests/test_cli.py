"""The command line on the real claims: exit codes, the JSON contract, and the known discrepancies.

Run from the repository root as an analyst would:
    reconcile check claims/ --documents ../shared/seeds
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CLAIMS, ROOT, SEEDS, run_cli
from reconcile import rules as rule_registry

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed documents not found at {SEEDS}")

CHECK = ["check", "claims/", "--documents", "../shared/seeds", "--no-html", "--no-baseline"]


def repo(*argv):
    return run_cli(list(argv), cwd=ROOT)


@pytest.fixture(scope="module")
def real():
    """Two JSON runs of the real claims (for the contract, the known findings and fingerprint stability).

    The second run is another process with another hash seed, so an ordering that depends on set or
    dict iteration would show up as a changed fingerprint or order.
    """
    first = repo(*CHECK, "--format", "json")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    second = subprocess.run([sys.executable, "-m", "reconcile", *CHECK, "--format", "json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert second.returncode == first.code, second.stderr
    return first, json.loads(first.out), json.loads(second.stdout)


# --- exit codes -----------------------------------------------------------------------------------


def test_check_real_claims_exits_1(real):
    result, data, _ = real
    assert result.code == 1, result.err  # the documents disagree: there are errors
    assert data["summary"]["by_severity"]["error"] > 0
    assert data["problems"] == []


def test_check_text_output(real):
    result = repo(*CHECK)
    assert result.code == 1
    assert "Traceback" not in result.text
    lines = [line for line in result.out.splitlines() if ": RC" in line]
    assert lines and all(line.split(":", 2)[0].startswith("claims/") for line in lines)
    assert any(": RC201 error" in line for line in lines)
    assert "claims from 3 sources" in result.out


def test_validate_real_claims_exits_0():
    result = repo("validate", "claims/")
    assert result.code == 0, result.text
    assert "valid:" in result.out and "from 3 sources" in result.out
    n_claims = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["claims"]) for p in CLAIMS.glob("*.yaml"))
    assert f"valid: {n_claims} claims from 3 sources ({n_claims} read)." in result.out


def test_real_coverage_is_complete():
    result = repo("coverage", "claims/", "--documents", "../shared/seeds")
    assert result.code == 0, result.out
    summaries = [line for line in result.out.splitlines() if "% of" in line]
    assert len(summaries) == 3 and all("100.0% of" in line and "0 not transcribed" in line for line in summaries), summaries


def test_rule_prints_its_documentation():
    result = repo("rule", "RC201")
    assert result.code == 0
    module = rule_registry.find("RC201")
    assert result.out.startswith(f"RC201 {module.NAME}  (default severity: error)\nTwo sources state incompatible values")
    for words in ("What it does", "Why is this bad?", "Example", "PASS:", "FAIL:", "Use instead",
                  "Options (set under [tool.reconcile.rules.RC201]", "expected-gaps = {\"bop/census\" = [0.002, 0.025], \"census/oec\" = [0, 0.25]}  (table of bands)"):  # fmt: skip
        assert words in result.out, words
    assert "expected_gaps" not in result.out, "options are shown as they are written in the configuration"
    assert repo("rule", "cross-source-conflict").out == result.out
    assert repo("explain", "rc201").out == result.out


@pytest.mark.parametrize("code", sorted(rule_registry.all_rules()))
def test_every_rule_has_documentation(code):
    result = repo("rule", code)
    assert result.code == 0
    assert "PASS" in result.out and "FAIL" in result.out, f"{code}: the docstring needs a passing and a failing example"


@pytest.mark.parametrize("code", sorted(rule_registry.all_rules()))
def test_every_rule_has_every_section(code):
    """The docstring: a one-line summary (no code, no name), then exactly the four sections, in order."""
    spec = rule_registry.spec(code)
    module = spec.module
    assert list(spec.sections) == list(rule_registry.SECTIONS), f"{module.__name__}: sections {list(spec.sections)}"
    assert all(body.strip() for body in spec.sections.values()), f"{code}: an empty section"
    assert "PASS:" in spec.sections["Example"] and "FAIL:" in spec.sections["Example"]
    assert spec.summary.endswith(".") and code not in spec.summary and spec.name not in spec.summary.split()[0], spec.summary
    assert (module.__doc__ or "").strip().splitlines()[1] == "", f"{code}: the summary is one line, then a blank line"
    for name, option in spec.options.items():
        assert name.isidentifier() and option.help and not option.help.endswith("."), (code, name)
        assert name.replace("_", "-") in spec.sections["What it does"] + spec.sections["Use instead"], f"{code}: say what {name} does"


def test_docs_rules_md_is_generated():
    from reconcile.rules import _docs

    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == _docs.markdown(), f"docs/rules.md is out of date: run `{_docs.REGENERATE}`"
    assert repo("rules", "--markdown").out == committed
    for code in rule_registry.all_rules():
        assert f"| [{code}](#" in committed and f"\n## {code} " in committed


def test_unknown_rule_exits_2():
    result = repo("rule", "NOPE")
    assert result.code == 2
    assert "unknown rule 'NOPE'" in result.err and "RC201" in result.err
    assert "did you mean 'RC201'" in repo("rule", "RC2O1").err


def test_rules_lists_every_rule():
    result = repo("rules")
    assert result.code == 0
    for code, spec in rule_registry.specs().items():
        assert f"{code}  {spec.name}" in result.out and spec.summary in result.out
    assert "RC201 cross-source-conflict:" not in result.out, "the summary does not repeat the code and name"


def test_no_command_exits_2():
    assert repo().code == 2


def test_unknown_option_exits_2():
    with pytest.raises(SystemExit) as exc:
        run_cli(["check", "claims/", "--no-such-option"], cwd=ROOT)
    assert exc.value.code == 2


# --- the JSON contract -------------------------------------------------------------------------------

FINDING_KEYS = {"code", "name", "severity", "message", "cause", "fingerprint", "claims", "details"}
CLAIM_KEYS = {"id", "source", "file", "line", "subject", "metric", "period", "value", "unit", "scale", "normalized", "quote"}


def test_json_contract(real):
    _, data, _ = real
    assert data["tool"]["name"] == "reconcile" and isinstance(data["tool"]["version"], str) and data["tool"]["version"]
    summary = data["summary"]
    assert summary["sources"] == 3
    assert summary["claims"] == summary["claims_read"] > 0
    assert summary["findings"] == len([f for f in data["findings"] if not f["accepted"]])
    assert set(summary["by_severity"]) == {"error", "warning", "info"}
    assert sum(summary["by_severity"].values()) == summary["findings"]
    codes = set(rule_registry.all_rules())
    for f in data["findings"]:
        assert FINDING_KEYS <= set(f), set(f)
        assert f["code"] in codes and f["name"] == rule_registry.all_rules()[f["code"]].NAME
        assert f["severity"] in ("error", "warning", "info")
        assert isinstance(f["message"], str) and f["message"]
        assert f["cause"] is None or ({"label", "confidence", "evidence"} <= set(f["cause"]))
        assert isinstance(f["fingerprint"], str) and len(f["fingerprint"]) == 16
        assert isinstance(f["details"], dict)
        for c in f["claims"]:
            assert CLAIM_KEYS <= set(c), set(c)
            assert c["file"].startswith("claims/") and isinstance(c["line"], int)
            assert isinstance(c["normalized"], float)
            assert c["unit"] in ("USD", "percent", "count", "rank")
    assert len({f["fingerprint"] for f in data["findings"]}) == len(data["findings"]), "fingerprints are unique"
    json.dumps(data, allow_nan=False)  # strict JSON: no NaN or Infinity


def test_fingerprints_are_stable_across_runs(real):
    _, first, second = real
    assert [f["fingerprint"] for f in first["findings"]] == [f["fingerprint"] for f in second["findings"]]
    assert first["findings"] == second["findings"]


def test_findings_claims_exist_in_the_claim_files(real):
    _, data, _ = real
    texts = {p.name: p.read_text(encoding="utf-8").splitlines() for p in CLAIMS.glob("*.yaml")}
    for f in data["findings"]:
        for c in f["claims"]:
            line = texts[Path(c["file"]).name][c["line"] - 1]
            assert f"id: {c['id']}" in line, (c["id"], c["file"], c["line"], line)


def test_output_to_a_file_and_sarif(tmp_path):
    out = tmp_path / "out" / "report.sarif"
    result = repo(*CHECK, "--format", "sarif", "-o", out)
    assert result.code == 1 and result.out == ""
    sarif = json.loads(out.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]


def test_fail_on_and_select():
    assert repo(*CHECK, "--select", "RC204").code == 0  # RC204 is a warning: does not fail at --fail-on error
    assert repo(*CHECK, "--select", "RC204", "--fail-on", "warning").code == 1
    result = repo(*CHECK, "--select", "RC202", "--format", "json")
    assert {f["code"] for f in json.loads(result.out)["findings"]} == {"RC202"}


def test_select_a_family_and_ignore(real):
    _, everything, _ = real
    result = repo(*CHECK, "--select", "RC2", "--ignore", "RC203", "--format", "json")
    data = json.loads(result.out)
    expected = [f for f in everything["findings"] if f["code"].startswith("RC2") and f["code"] != "RC203"]
    assert data["findings"] == expected and expected
    assert set(data["summary"]["checked"]) <= {"RC201", "RC202", "RC204", "RC205"}
    result = repo(*CHECK, "--select", "RC2O1")
    assert result.code == 2 and result.err == "reconcile: RC053 --select 'RC2O1': unknown rule — did you mean 'RC201'?\n"


def test_baseline_accepts_every_current_finding(tmp_path):
    path = tmp_path / "baseline.yaml"
    result = repo("baseline", "claims/", "--documents", "../shared/seeds", "--baseline", path, "--reason", "examined in the test suite")
    assert result.code == 0, result.text
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["accepted"]
    assert entries and all(e["reason"] == "examined in the test suite" for e in entries)
    result = repo("check", "claims/", "--documents", "../shared/seeds", "--no-html", "--baseline", path, "--format", "json")
    assert result.code == 0, result.text
    data = json.loads(result.out)
    assert data["summary"]["findings"] == 0 and data["summary"]["accepted"] == len(entries)


def test_baseline_without_reasons_fails(tmp_path):
    path = tmp_path / "baseline.yaml"
    result = repo("baseline", "claims/", "--documents", "../shared/seeds", "--baseline", path)
    assert result.code == 1 and "no reason" in result.err


def test_changed_since():
    result = repo(*CHECK, "--changed-since", "no-such-ref-xyz")
    assert result.code == 2 and "not a git revision" in result.err


# --- the known discrepancies of the real documents ---------------------------------------------------------


def by_code(data, code):
    return [f for f in data["findings"] if f["code"] == code]


def claims_where(finding, **match):
    return [c for c in finding["claims"] if all(str(c.get(k)) == str(v) for k, v in match.items())]


def test_known_rc201_germany_2024_goods_balance(real):
    _, data, _ = real
    hits = [
        f for f in by_code(data, "RC201")
        if claims_where(f, subject="Germany", metric="goods_balance", period="2024", source="usimportdata")
        and claims_where(f, subject="Germany", metric="goods_balance", period="2024", source="crossdock")
    ]  # fmt: skip
    assert len(hits) == 1, [f["message"] for f in by_code(data, "RC201")]
    values = {c["source"]: float(c["value"]) for c in hits[0]["claims"]}
    assert values == {"usimportdata": -35.4, "crossdock": -85.0}


def test_known_rc203_canada(real):
    _, data, _ = real
    hits = [f for f in by_code(data, "RC203") if claims_where(f, subject="Canada")]
    assert hits, [f["message"] for f in by_code(data, "RC203")]
    assert all("Canada" in f["message"] for f in hits)
    assert any(claims_where(f, period="2023", value="-140.5") for f in hits)


def test_known_rc202_2024_goods_and_services_balance(real):
    _, data, _ = real
    hits = [f for f in by_code(data, "RC202") if claims_where(f, metric="gs_balance", period="2024")]
    assert len(hits) == 1
    assert {c["value"] for c in hits[0]["claims"]} == {"-903", "-918"}
    assert {c["source"] for c in hits[0]["claims"]} == {"usimportdata"}


def test_known_rc303_620_billion_combined_deficit(real):
    _, data, _ = real
    hits = [f for f in by_code(data, "RC303") if claims_where(f, value="-620")]
    assert len(hits) == 1
    total = claims_where(hits[0], value="-620")[0]
    assert total["source"] == "crossdock" and "620" in total["quote"]
    assert "620" in hits[0]["message"]
    assert hits[0]["details"]["sum_hi"] < total["lo"]  # the parts' sum is beyond the rounding of "620"


def test_known_rc305_24_7_percent(real):
    _, data, _ = real
    hits = [f for f in by_code(data, "RC305") if claims_where(f, value="24.7")]
    assert len(hits) == 1 and "24.7%" in hits[0]["message"]
    assert claims_where(hits[0], value="24.7")[0]["unit"] == "percent"


def test_known_rc204_959(real):
    _, data, _ = real
    hits = [f for f in by_code(data, "RC204") if claims_where(f, value="-959")]
    assert len(hits) == 1
    assert len({c["period"] for c in hits[0]["claims"]}) >= 3


def test_no_conflict_is_explained_by_rounding_alone(real):
    """Every RC201/RC202 finding rests on intervals (after rounding and qualifiers) that really cannot meet."""
    _, data, _ = real
    checked = 0
    for f in by_code(data, "RC201"):
        sides = {}
        for c in f["claims"]:
            lo, hi = sides.get(c["source"], (float("inf"), float("-inf")))
            sides[c["source"]] = (min(lo, _num(c["lo"])), max(hi, _num(c["hi"])))
        assert len(sides) == 2, f["message"]
        (alo, ahi), (blo, bhi) = sides.values()
        assert ahi < blo or bhi < alo, f"{f['message']}: {sides} overlap"
        checked += 1
    for f in by_code(data, "RC202"):
        los, his = [_num(c["lo"]) for c in f["claims"]], [_num(c["hi"]) for c in f["claims"]]
        assert max(los) > min(his), f"{f['message']}: the intervals have a common point"
        checked += 1
    assert checked >= 3
    for f in by_code(data, "RC201") + by_code(data, "RC202"):
        assert f["cause"]["label"] != "rounding" or f["cause"]["confidence"] == "low"


def _num(x) -> float:
    return float(x) if not isinstance(x, str) else float(x.replace("inf", "Infinity"))


def test_flatten_gives_one_row_per_finding(real):
    from reconcile.report import flatten

    _, data, _ = real
    rows = flatten(data)
    assert len(rows) == len(data["findings"])
    assert all(len(r) == 5 and r[0].endswith(".yaml") and isinstance(r[1], int) and r[2].startswith("RC") for r in rows)


def test_a_closed_pipe_ends_quietly():
    """`reconcile problems | head -1`: no BrokenPipeError traceback; the status is 141 as for Unix tools."""
    import subprocess
    import sys

    script = "import sys; from reconcile.cli import main; sys.exit(main(['problems']))"
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the command writes its first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) in (0, 141), err
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
