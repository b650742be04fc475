"""basis, adjustment and vintage on transcribed claims: per claim and under defaults:, validated like every key.

A document may say how its figures were compiled ("balance of payments basis",
"seasonally adjusted") or which release it cites ("as first published on
2025-02-05"); the claim records it so the verdict can prefer the official
figure of that basis, adjustment and vintage.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

import test_loader as base
from reconcile.jsonschema import claim_file_schema
from reconcile.loader import load

CHINA = "    value: -295.4\n"
MEXICO = "    value: -171.8\n"


def _on_china(lines: str) -> str:
    return base.edit(CHINA, CHINA + lines)


def _under_defaults(lines: str, text: str = base.BASE) -> str:
    return base.edit("  scale: billion\n", "  scale: billion\n" + lines, text)


def _loaded(write, text: str):
    corpus = load([str(write("claims/a.yaml", text))])
    assert corpus.problems == [], "\n".join(map(str, corpus.problems))
    return corpus


# --- accepted values ---------------------------------------------------------------------------------


@pytest.mark.parametrize("vintage", ["2025-02-05", '"2025-02-05"'])
def test_a_claim_states_its_basis_adjustment_and_vintage(write, vintage):
    text = _on_china(f"    basis: bop\n    adjustment: sa\n    vintage: {vintage}\n")
    corpus = _loaded(write, text)
    china, mexico = corpus.claim("a-china-2024"), corpus.claim("a-mexico-2024")
    assert (china.basis, china.adjustment, china.vintage) == ("bop", "sa", "2025-02-05")
    assert (mexico.basis, mexico.adjustment, mexico.vintage) == (None, None, None), "one claim's keys stay on that claim"
    assert not {"basis", "adjustment", "vintage"} & set(china.defaulted), "stated, not defaulted"
    assert china.line_of("basis") == base.line_of(text, "basis: bop")
    assert china.line_of("vintage") == base.line_of(text, "vintage:")


def test_the_record_carries_them(write):
    corpus = _loaded(write, _on_china("    basis: census\n    adjustment: nsa\n    vintage: 2025-04-03\n"))
    record = corpus.claim("a-china-2024").to_record()
    assert (record["basis"], record["adjustment"], record["vintage"]) == ("census", "nsa", "2025-04-03")
    unset = corpus.claim("a-mexico-2024").to_record()
    assert (unset["basis"], unset["adjustment"], unset["vintage"]) == (None, None, None)


def test_defaults_apply_to_claims_that_do_not_say_and_are_recorded(write):
    text = _under_defaults("  basis: bop\n  adjustment: nsa\n  vintage: 2025-02-05\n  lineage: bea\n",
                           _on_china("    basis: census\n    lineage: census\n"))  # fmt: skip
    corpus = _loaded(write, text)
    china, mexico = corpus.claim("a-china-2024"), corpus.claim("a-mexico-2024")
    assert (mexico.basis, mexico.adjustment, mexico.vintage, mexico.lineage) == ("bop", "nsa", "2025-02-05", "bea")
    assert {k: mexico.defaulted[k] for k in ("basis", "adjustment", "vintage", "lineage")} == dict.fromkeys(
        ("basis", "adjustment", "vintage", "lineage"), "defaults"
    )
    assert (china.basis, china.lineage) == ("census", "census"), "what a claim says wins over defaults:"
    assert "basis" not in china.defaulted and "lineage" not in china.defaulted
    assert china.defaulted["adjustment"] == "defaults"


def test_lineage_falls_back_to_the_source_block_without_defaults(write):
    corpus = _loaded(write, base.BASE)
    assert corpus.claim("a-mexico-2024").lineage == "census"
    assert corpus.claim("a-mexico-2024").defaulted["lineage"] == "source.lineage"


def test_show_defaults_lists_them(write, cli):
    path = write("claims/a.yaml", _under_defaults("  basis: bop\n  vintage: 2025-02-05\n"))
    result = cli("validate", "--show-defaults", path)
    assert result.code == 0, result.text
    assert "basis=bop (defaults)" in result.out and "vintage=2025-02-05 (defaults)" in result.out


# --- refused values ------------------------------------------------------------------------------------

# (name, edited text, code, marker whose line the problem names, words the message or hint must contain)
BAD = [
    ("basis written out", _on_china("    basis: census basis\n"), "RC080", "basis: census basis", "did you mean 'census'"),
    ("basis misspelt", _on_china("    basis: bpo\n"), "RC080", "basis: bpo", "did you mean 'bop'"),
    ("basis far from any", _on_china("    basis: customs\n"), "RC080", "basis: customs", "use one of: census, bop"),
    ("adjustment misspelt", _on_china("    adjustment: saa\n"), "RC081", "adjustment: saa", "did you mean 'sa'"),
    ("adjustment in words", _on_china("    adjustment: seasonally adjusted\n"), "RC081", "adjustment: seasonally", "unknown adjustment"),
    ("vintage in words", _on_china("    vintage: Feb 2025\n"), "RC082", "vintage: Feb 2025", "is not an ISO date"),
    ("vintage a release name", _on_china("    vintage: first-published\n"), "RC082", "vintage: first-published", "YYYY-MM-DD"),
    ("vintage a year", _on_china("    vintage: 2025\n"), "RC082", "vintage: 2025", "is not an ISO date"),
    ("vintage no such day", _on_china("    vintage: 2023-02-29\n"), "RC082", "vintage: 2023-02-29", "not a day of the calendar"),
    ("basis under defaults", _under_defaults("  basis: bopp\n"), "RC080", "basis: bopp", "did you mean 'bop'"),
    ("adjustment under defaults", _under_defaults("  adjustment: NSA\n"), "RC081", "adjustment: NSA", "unknown adjustment 'NSA'"),
    ("vintage under defaults", _under_defaults("  vintage: 2025-13-01\n"), "RC082", "vintage: 2025-13-01", "not a day of the calendar"),
    ("key misspelt", _on_china("    vintag: 2025-02-05\n"), "RC004", "vintag:", "did you mean 'vintage'"),
]  # fmt: skip


@pytest.mark.parametrize("name, text, code, marker, words", BAD, ids=[b[0] for b in BAD])
def test_bad_values_are_problems_at_their_line(name, text, code, marker, words, write, cli):
    path = write("claims/bad.yaml", text)
    expected_line = base.line_of(text, marker)
    problems = load([str(path)]).problems
    assert [(p.code, p.location.line) for p in problems] == [(code, expected_line)], "\n".join(map(str, problems))
    assert words in f"{problems[0].message} — {problems[0].hint}", problems[0]
    result = cli("validate", path)
    assert result.code == 2 and f"{path}:{expected_line}: {code}" in result.out, result.text
    assert "Traceback" not in result.text


# --- the JSON Schema for editors says the same ----------------------------------------------------------


def _file(claim_keys: dict, defaults: dict | None = None) -> dict:
    source = {"id": "x", "title": "t", "publisher": "p", "document": "d.txt", "sha256": "0" * 64}
    claim = {"id": "c", "subject": "China", "metric": "goods_balance", "period": "2024", "value": 1, "quote": "q", "line": 1}
    return {"source": source, "defaults": defaults or {}, "claims": [{**claim, **claim_keys}]}


def _errors(data: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(claim_file_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return [e.message for e in validator.iter_errors(data)]


def test_json_schema_accepts_what_the_loader_accepts():
    assert _errors(_file({"basis": "bop", "adjustment": "sa", "vintage": "2025-02-05"})) == []
    assert _errors(_file({}, {"basis": "census", "adjustment": "nsa", "vintage": "2025-04-03", "lineage": "bea"})) == []


@pytest.mark.parametrize(
    "keys, words",
    [
        ({"basis": "census basis"}, "census basis"),
        ({"adjustment": "saa"}, "saa"),
        ({"vintage": "Feb 2025"}, "Feb 2025"),
        ({"vintage": "first-published"}, "first-published"),
        ({"vintage": 2025}, "2025"),
        ({"vintage": "2023-02-29"}, "2023-02-29"),  # the form is right: refused by the date format, as the loader refuses it
    ],
)
def test_json_schema_rejects_what_the_loader_rejects(keys, words):
    for data in (_file(keys), _file({}, keys)):
        messages = _errors(data)
        assert messages and any(words in m for m in messages), messages


# --- the documented example -----------------------------------------------------------------------------


def test_the_claim_format_example_loads_as_documented(write):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "claim-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("### Basis, adjustment and vintage") :]
    example = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml\n") + 8)]
    source = base.BASE[: base.BASE.index("defaults:")]
    corpus = _loaded(write, source + example)
    world, china = corpus.claim("ex-world-goods-balance-2024"), corpus.claim("ex-china-goods-balance-2024")
    assert (world.basis, world.vintage, world.lineage) == ("bop", "2025-02-05", "bea")
    assert (china.basis, china.vintage, china.lineage) == ("census", None, "census")
