"""Configuration, the claim-file JSON Schema, and the drafting aid."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import jsonschema
import pytest
import yaml

from conftest import CLAIMS, ROOT, SEEDS, run_cli
from reconcile.jsonschema import claim_file_schema, render

CONFLICT = """\
source: {{id: {sid}, title: "{sid}", publisher: "{sid}", document: {sid}.txt, sha256: "{zeros}", lineage: [census]}}
defaults: {{unit: USD, scale: billion}}
claims:
  - {{id: {sid}-de, subject: Germany, metric: goods_balance, period: "2024", value: {value}, quote: q, line: 1}}
"""


def project(tmp_path, config: str) -> None:
    (tmp_path / "claims").mkdir()
    for sid, value in (("a", -85), ("b", -35.4)):
        (tmp_path / "claims" / f"{sid}.yaml").write_text(CONFLICT.format(sid=sid, zeros="0" * 64, value=value), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")


def check(tmp_path, *extra):
    return run_cli(["check", "claims", "--no-html", "--format", "json", *extra], cwd=tmp_path)


# --- configuration -------------------------------------------------------------------------------------


def test_severity_override_changes_the_exit_code(tmp_path):
    project(tmp_path, '[tool.reconcile]\n[tool.reconcile.rules.RC201]\nseverity = "warning"\n')
    result = check(tmp_path)
    assert result.code == 0, result.text  # a warning does not fail at the default fail-on = error
    assert [f["severity"] for f in json.loads(result.out)["findings"]] == ["warning"]
    assert check(tmp_path, "--fail-on", "warning").code == 1


def test_disabled_rule_does_not_run(tmp_path):
    project(tmp_path, "[tool.reconcile]\n[tool.reconcile.rules.cross-source-conflict]\nenabled = false\n")
    data = json.loads(check(tmp_path).out)
    assert data["findings"] == [] and "RC201" not in data["summary"]["checked"]


def test_rule_option_and_tolerances_apply(tmp_path):
    # a Census vs OEC band of 0-60 % makes the 58 % gap expected: an info finding, not an error
    project(tmp_path, '[tool.reconcile]\n[tool.reconcile.rules.RC201.expected-gaps]\n"census/oec" = [0, 0.6]\n')
    (tmp_path / "claims" / "b.yaml").write_text(
        CONFLICT.format(sid="b", zeros="0" * 64, value=-35.4).replace("lineage: [census]", "lineage: [oec]"), encoding="utf-8"
    )
    [found] = json.loads(check(tmp_path).out)["findings"]
    assert (found["severity"], found["cause"]["label"]) == ("info", "different-source"), found
    assert "usually differ by 0–60%" in found["message"], found["message"]


@pytest.mark.parametrize(
    "config, message",
    [
        ('[tool.reconcile]\nfail-on = "sometimes"\n', "RC055 [tool.reconcile] fail-on: expected one of 'error', 'warning', 'info'"),
        ("[tool.reconcile]\ncolour = 1\n", "RC051 [tool.reconcile] colour: unknown configuration key"),
        ("[tool.reconcile]\n[tool.reconcile.rules.RC201]\nexpected-gap = {}\n",
         "RC054 [tool.reconcile.rules.RC201] expected-gap: unknown option — did you mean 'expected-gaps'?"),
        ('[tool.reconcile]\n[tool.reconcile.rules.RC201.expected-gaps]\n"census/bop" = [0.02, "1%"]\n',
         'RC052 [tool.reconcile.rules.RC201.expected-gaps] "census/bop": expected [low, high], two numbers'),
        ('[tool.reconcile]\n[tool.reconcile.rules.RC201]\nseverity = "fatal"\n', "RC055 [tool.reconcile.rules.RC201] severity"),
        ("[tool.reconcile\n", "RC050 [tool.reconcile]: invalid TOML"),
    ],
)
def test_bad_configuration_is_a_clear_error(tmp_path, config, message):
    project(tmp_path, config)
    result = check(tmp_path)
    assert result.code == 2 and message in result.err, result.text


def test_reconcile_yaml_is_read_too(tmp_path):
    project(tmp_path, "")
    (tmp_path / "reconcile.yaml").write_text("rules:\n  RC201:\n    severity: info\n", encoding="utf-8")
    assert [f["severity"] for f in json.loads(check(tmp_path).out)["findings"]] == ["info"]


# --- the JSON Schema for editors -------------------------------------------------------------------------


def test_committed_json_schema_is_the_generated_one():
    committed = (ROOT / "schemas" / "claim-file.schema.json").read_text(encoding="utf-8")
    assert committed == render(), "run `reconcile schema > schemas/claim-file.schema.json`"


def test_json_schema_blocks_have_exactly_the_loaders_keys():
    """Every block of the JSON Schema offers the keys the reader accepts, no more, no fewer."""
    from reconcile.loader import reader

    props = claim_file_schema()["properties"]
    assert set(props) == set(reader.TOP_KEYS)
    assert set(props["source"]["properties"]) == set(reader.SOURCE_KEYS)
    assert set(props["source"]["required"]) == set(reader.REQUIRED_SOURCE_KEYS)
    assert set(props["defaults"]["properties"]) == set(reader.DEFAULT_KEYS)
    assert set(props["rankings"]["items"]["properties"]) == set(reader.RANKING_KEYS)
    assert set(props["skip"]["items"]["properties"]) == set(reader.SKIP_KEYS)
    assert set(props["claims"]["items"]["properties"]) == set(reader.CLAIM_KEYS)


def test_json_schema_vocabularies_are_the_pandera_schemas():
    from reconcile.schemas import claims as schemas

    props = claim_file_schema()["properties"]
    ranking = props["rankings"]["items"]["properties"]
    assert ranking["order"]["enum"] == list(schemas.RANKING_ORDERS)
    assert ranking["over"]["enum"] == list(schemas.RANKING_AXES)
    assert ranking["among"]["anyOf"][0]["enum"] == list(schemas.RANKING_POPULATIONS)  # or a group with members
    assert props["source"]["properties"]["lineage"]["items"]["enum"] == list(schemas.vocabulary()["lineages"])
    claim = props["claims"]["items"]["properties"]
    for key, vocab in (("kind", "kinds"), ("metric", "metrics"), ("unit", "units"), ("scale", "scales"), ("qualifier", "qualifiers")):
        assert claim[key]["enum"] == list(schemas.vocabulary()[vocab]), key


def test_json_schema_rejects_bad_sources_and_rankings():
    validator = jsonschema.Draft202012Validator(claim_file_schema())
    bad = {
        "source": {"id": "x", "title": "t", "publisher": "p", "document": "d.txt", "sha256": "0" * 64, "lineage": ["censsu"]},
        "rankings": [{"id": "r", "metric": "goods_balance", "quote": "q", "line": 1, "order": "upwards", "colour": 1}],
        "claims": [],
    }
    messages = " | ".join(e.message for e in validator.iter_errors(bad))
    assert "censsu" in messages and "upwards" in messages and "colour" in messages


def test_real_claim_files_satisfy_the_json_schema():
    validator = jsonschema.Draft202012Validator(claim_file_schema())
    for path in sorted(CLAIMS.glob("*.yaml")):
        data = _dates_as_text(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name


def _dates_as_text(data):
    """YAML reads published: and vintage: dates as dates; an editor's JSON sees the text (and so does the loader)."""
    if isinstance(data, dict):
        return {k: _dates_as_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_as_text(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def test_json_schema_rejects_what_the_loader_rejects():
    validator = jsonschema.Draft202012Validator(claim_file_schema())
    bad = {
        "source": {"id": "x", "title": "t", "publisher": "p", "document": "d.txt", "sha256": "0" * 64},
        "claims": [{"id": "c", "kind": "total", "metric": "goods_balanse", "value": 1, "quote": "q", "line": 1, "colour": "red"}],
    }
    messages = " | ".join(e.message for e in validator.iter_errors(bad))
    assert "goods_balanse" in messages and "colour" in messages and "parts" in messages


# --- reconcile draft ---------------------------------------------------------------------------------------


def test_draft_parses_figures_and_leaves_judgement_to_the_analyst(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text(
        "US Trade Note\n"
        "In 2024 the US ran a trade deficit of $45.7 billion with India.\n"
        "Imports from Mexico totaled more than $470 billion, nearly 12% of the total.\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.yaml"
    assert run_cli(["draft", doc, "-o", out]).code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["source"]["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()
    claims = {c["line"]: [] for c in data["claims"]}
    for c in data["claims"]:
        claims[c["line"]].append(c)
    india = claims[2][0]  # the year 2024 is a period, not a figure: one draft claim on line 2
    assert len(claims[2]) == 1
    # Units and scales equal to the file's defaults are left to them, as hand-written files do.
    scale = india.get("scale", data["defaults"]["scale"])
    assert (india["value"], scale, india["subject"], india["period"]) == (-45.7, "billion", "India", "2024")
    mexico, share = claims[3]
    assert (mexico["value"], mexico["qualifier"], mexico["subject"]) == (470, "over", "Mexico")
    assert (share["value"], share["unit"], share["qualifier"]) == (12, "percent", "nearly")
    assert all(c["quote"] in doc.read_text(encoding="utf-8").splitlines()[c["line"] - 1] for c in data["claims"])


def test_draft_of_a_real_document_quotes_every_figure():
    doc = SEEDS / "001_f200f29feb57ffad.txt"
    if not doc.exists():
        pytest.skip("the seed documents are not beside the repository")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "d.yaml"
        assert run_cli(["draft", doc, "-o", out]).code == 0
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
    lines = doc.read_text(encoding="utf-8").splitlines()
    assert len(data["claims"]) >= 45
    assert all(c["quote"] in lines[c["line"] - 1] for c in data["claims"])


def test_draft_of_a_missing_document_is_a_clear_error(tmp_path):
    result = run_cli(["draft", tmp_path / "nope.txt"])
    assert result.code == 2 and "no such document" in result.err
