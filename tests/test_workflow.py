"""A claims repository's day: accept examined discrepancies, edit a claim, check only what changed."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from conftest import run_cli

CLAIMS = """\
source: {{id: {sid}, title: "{sid}", publisher: "{sid}", document: {sid}.txt, sha256: "{sha}", lineage: [census]}}
defaults: {{unit: USD, scale: billion}}
claims:
  - {{id: {sid}-germany, subject: Germany, metric: goods_balance, period: "2024", value: {germany}, quote: q, line: 1}}
  - {{id: {sid}-japan, subject: Japan, metric: goods_balance, period: "2024", value: {japan}, quote: q, line: 2}}
"""


def write(folder, sid, germany, japan):
    (folder / f"{sid}.yaml").write_text(CLAIMS.format(sid=sid, sha="0" * 64, germany=germany, japan=japan), encoding="utf-8")


def check(cwd, *extra):
    result = run_cli(["check", "claims", "--no-html", "--format", "json", *extra], cwd=cwd)
    return result.code, json.loads(result.out) if result.out.startswith("{") else result


def test_baseline_round_trip(tmp_path):
    claims = tmp_path / "claims"
    claims.mkdir()
    write(claims, "alpha", -85, -69)
    write(claims, "beta", -35.4, -69.0)
    baseline = tmp_path / "accepted.yaml"

    code, data = check(tmp_path, "--baseline", baseline)
    assert code == 1 and [f["code"] for f in data["findings"]] == ["RC201"]  # Germany: 85 vs 35.4

    written = run_cli(["baseline", "claims", "--baseline", baseline, "--reason", "examined: beta's Germany figure is wrong"], cwd=tmp_path)
    assert written.code == 0, written.text
    code, data = check(tmp_path, "--baseline", baseline)
    assert code == 0
    assert data["summary"]["findings"] == 0 and data["summary"]["accepted"] == 1
    accepted = data["findings"][0]
    assert accepted["accepted"] is True and accepted["accepted_reason"] == "examined: beta's Germany figure is wrong"

    # Someone edits an accepted figure and breaks another: both come back.
    write(claims, "beta", -35.5, -33.1)
    code, data = check(tmp_path, "--baseline", baseline)
    assert code == 1
    active = [f for f in data["findings"] if not f["accepted"]]
    assert sorted(c["id"] for f in active for c in f["claims"]) == ["alpha-germany", "alpha-japan", "beta-germany", "beta-japan"]
    assert data["summary"]["stale_baseline"] == 1  # the old Germany fingerprint no longer occurs
    text = run_cli(["check", "claims", "--no-html", "--baseline", baseline], cwd=tmp_path)
    assert "no longer occurs" in text.out

    # --no-baseline reports everything, accepted or not.
    write(claims, "beta", -35.4, -69.0)
    code, data = check(tmp_path, "--baseline", baseline, "--no-baseline")
    assert code == 1 and data["summary"]["accepted"] == 0


def test_baseline_entry_without_reason_is_refused(tmp_path):
    claims = tmp_path / "claims"
    claims.mkdir()
    write(claims, "alpha", -85, -69)
    write(claims, "beta", -35.4, -69)
    baseline = tmp_path / "accepted.yaml"
    assert run_cli(["baseline", "claims", "--baseline", baseline], cwd=tmp_path).code == 1  # reasons missing
    entries = yaml.safe_load(baseline.read_text(encoding="utf-8"))["accepted"]
    assert entries and all(e["reason"] == "" for e in entries)
    result = run_cli(["check", "claims", "--no-html", "--baseline", baseline], cwd=tmp_path)
    assert result.code == 2 and "has no reason" in result.out


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_changed_since_reports_only_findings_about_changed_claims(tmp_path):
    claims = tmp_path / "claims"
    claims.mkdir()
    write(claims, "alpha", -85, -69)
    write(claims, "beta", -35.4, -69)  # Germany already disputed before the change
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "claims")

    write(claims, "beta", -35.4, -33.1)  # the edit: Japan now disagrees too
    code, everything = check(tmp_path, "--no-baseline")
    assert sorted(f["claims"][0]["subject"] for f in everything["findings"]) == ["Germany", "Japan"]

    code, changed = check(tmp_path, "--no-baseline", "--changed-since", "HEAD")
    assert code == 1
    assert [f["claims"][0]["subject"] for f in changed["findings"]] == ["Japan"]
    # The changed claim is still compared with the unchanged one in the other file.
    assert {c["id"] for c in changed["findings"][0]["claims"]} == {"alpha-japan", "beta-japan"}

    # A new file: all its claims count as changed.
    write(claims, "gamma", -60, -69)
    code, changed = check(tmp_path, "--no-baseline", "--changed-since", "HEAD")
    assert any("gamma-germany" in {c["id"] for c in f["claims"]} for f in changed["findings"])


@pytest.mark.parametrize("ref", ["--output=pwned.txt", "-p", "HEAD;touch pwned", "no-such-branch", "HEAD~99"])
def test_changed_since_refuses_what_is_not_a_revision(tmp_path, ref):
    """A value git could read as an option (or no revision at all) is refused before git sees it: exit 2, nothing written."""
    claims = tmp_path / "claims"
    claims.mkdir()
    write(claims, "alpha", -85, -69)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "claims")
    result = run_cli(["check", "claims", "--no-html", "--no-baseline", f"--changed-since={ref}"], cwd=tmp_path)
    assert result.code == 2, result.text
    assert "is not a git revision" in result.err
    assert not list(tmp_path.glob("pwned*"))
