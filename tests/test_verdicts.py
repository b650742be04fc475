"""Verdict cases (tests/verdicts/cases.yaml): each claim gets the status and cause the case expects.

Like the rule cases, they cannot pass vacuously: every case must load cleanly (claims and
references), every expected claim must exist, and the cases together must cover every
verdict path (each status, and each cause a verdict can give).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reconcile import references, verdicts
from reconcile.claim import Derivation
from reconcile.loader import load

CASES = yaml.safe_load((Path(__file__).parent / "verdicts" / "cases.yaml").read_text(encoding="utf-8"))

TABLE = """country,year,metric,value,basis,vintage,release
DEU,2024,goods_balance,-84612.1,census,2026-10-01,latest
DEU,2024,goods_balance,-84823.6,census,2025-04-03,first published
DEU,2024,goods_exports,160000.0,census,2026-10-01,latest
DEU,2024,goods_imports,244612.1,census,2026-10-01,latest
DEU,2023,goods_balance,-82900.0,census,2026-10-01,latest
BRA,2024,goods_exports,49700.0,census,2026-10-01,latest
BRA,2024,goods_imports,42300.0,census,2026-10-01,latest
BRA,2024,goods_balance,7400.0,census,2026-10-01,latest
FRA,2024,goods_balance,-16543.2,census,2026-10-01,latest
WORLD,2024,goods_balance,-1200868.9,census,2026-10-01,latest
WORLD,2024,goods_balance,-1215402.9,bop,2026-10-01,latest
"""

SPEC = """id: test-table
title: "Test goods table"
publisher: "Test Bureau"
lineage: {column: basis, recode: {census: census, bop: bea}}
basis: {column: basis}
adjustment: nsa
vintage: {column: vintage}
release: {column: release}
data: trade.csv
format: csv
unit: USD
scale: million
precision: 0.05
subject: {column: country, codes: alpha-3}
period: {column: year}
values:
  - {column: value, metric: "{metric}"}
"""

CLAIM_FILE = """source:
  id: doc
  title: "A document"
  publisher: "A publisher"
  document: doc.txt
  sha256: "abababababababababababababababababababababababababababababababab"
  lineage: [{lineage}]
defaults: {{unit: USD, scale: billion}}
{rankings}claims:
{claims}"""

RELATIONAL = yaml.safe_load((Path(__file__).parent / "verdicts" / "relational.yaml").read_text(encoding="utf-8"))


def _indented(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


def run_case(case: dict, tmp_path: Path, table: str = TABLE) -> dict[str, verdicts.Assessment]:
    (tmp_path / "refs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "refs" / "test.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "data" / "trade.csv").write_text(table, encoding="utf-8")
    rankings = f"rankings:\n{_indented(case['rankings'])}" if case.get("rankings") else ""
    text = CLAIM_FILE.format(lineage=case.get("lineage", "census"), rankings=rankings, claims=_indented(case["claims"]))
    (tmp_path / "claims" / "doc.yaml").write_text(text, encoding="utf-8")
    corpus = load([str(tmp_path / "claims")])
    assert corpus.ok, [str(p) for p in corpus.problems]
    refs = references.load(tmp_path / "refs", tmp_path / "data")
    assert refs.ok and len(refs) == len(table.splitlines()) - 1, [str(p) for p in refs.problems]
    return {a.claim.id: a for a in verdicts.assess(corpus.claims, refs, corpus.rankings, corpus.sources)}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_verdict_case(case, tmp_path):
    got = run_case(case, tmp_path)
    for claim_id, want in case["expect"].items():
        assert claim_id in got, f"no claim {claim_id!r} in the case"
        a = got[claim_id]
        assert a.status == want["status"], a.message
        assert (a.cause.label if a.cause else None) == want.get("cause"), f"{a.message} / {a.cause}"
        assert a.message and a.claim.id in got


@pytest.mark.parametrize("case", RELATIONAL["cases"], ids=[c["name"] for c in RELATIONAL["cases"]])
def test_relational_case(case, tmp_path):
    got = run_case(case, tmp_path, RELATIONAL["table"])
    for claim_id, want in case["expect"].items():
        a = got[claim_id]
        assert a.status == want["status"], a.message
        assert (a.cause.label if a.cause else None) == want.get("cause"), f"{a.message} / {a.cause}"
        if a.status != "unverified":  # judged by a computed figure, never by a cell of another key
            assert isinstance(a.reference.provenance, Derivation) or case["derivation"] == "none", a.message
            assert a.reference.kind == a.claim.kind and a.reference.period == a.claim.period


def test_the_relational_cases_confirm_and_contradict_every_derivation():
    from reconcile.references.derived import DERIVATIONS

    covered = {}
    for case in RELATIONAL["cases"]:
        for want in case["expect"].values():
            covered.setdefault(case["derivation"], set()).add(want["status"])
    derivations = set(DERIVATIONS) - {"value", "bound"} | {"months", "turnover", "count", "rank-of-period"}
    assert set(covered) == derivations
    assert all({"confirmed", "contradicted"} <= statuses for statuses in covered.values()), covered


def test_the_cases_cover_every_verdict_path():
    seen = {(w["status"], w.get("cause")) for c in CASES for w in c["expect"].values()}
    statuses = {s for s, _ in seen}
    assert statuses == set(verdicts.STATUSES)
    causes = {c for _, c in seen if c}
    assert set(verdicts.MATCHED_INSTEAD) | {"revision", "different-source", "unexplained"} <= causes | {"different-adjustment"}


def test_a_contradiction_names_the_official_figure_to_print(tmp_path):
    got = run_case(CASES[[c["name"] for c in CASES].index("a figure nothing explains is contradicted, unexplained")], tmp_path)
    a = got["c"]
    assert a.reference.value == "-84612.1" and a.reference.vintage == "2026-10-01"
    assert "-$84.6B" in a.message and "58%" in a.message
    assert a.reference.provenance.file == "trade.csv" and a.reference.provenance.row == 1


def _other_source(tmp_path: Path, sid: str, claims: str, lineage: str = "census") -> None:
    text = CLAIM_FILE.format(lineage=lineage, rankings="", claims="".join("  " + line + "\n" for line in claims.splitlines()))
    text = text.replace("id: doc", f"id: {sid}").replace("document: doc.txt", f"document: {sid}.txt")
    (tmp_path / "claims" / f"{sid}.yaml").write_text(text, encoding="utf-8")


def _consensus_case(tmp_path: Path) -> dict[str, verdicts.Assessment]:
    """Japan 2024 is in no table of the cases: three sources say -68.3/-68/-33.1; doc is checked right once."""
    (tmp_path / "refs").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "refs" / "test.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "data" / "trade.csv").write_text(TABLE, encoding="utf-8")
    _other_source(tmp_path, "doc", '- {id: d-de, subject: Germany, metric: goods_balance, period: "2024", value: -84.6, quote: q, line: 1}\n'
                                   '- {id: d-jp, subject: Japan, metric: goods_balance, period: "2024", value: -68.3, quote: q, line: 2}')
    _other_source(tmp_path, "good", '- {id: g-de, subject: Germany, metric: goods_balance, period: "2024", value: -84.6, quote: q, line: 1}\n'
                                    '- {id: g-jp, subject: Japan, metric: goods_balance, period: "2024", value: -68, quote: q, line: 2}\n'
                                    '- {id: g-jp2, subject: Japan, metric: goods_balance, period: "2024", value: -68.3, quote: q, line: 3}')
    _other_source(tmp_path, "bad", '- {id: b-de, subject: Germany, metric: goods_balance, period: "2024", value: -35.4, quote: q, line: 1}\n'
                                   '- {id: b-jp, subject: Japan, metric: goods_balance, period: "2024", value: -33.1, quote: q, line: 2}')
    corpus = load([str(tmp_path / "claims")])
    assert corpus.ok, [str(p) for p in corpus.problems]
    refs = references.load(tmp_path / "refs", tmp_path / "data")
    return {a.claim.id: a for a in verdicts.assess(corpus.claims, refs)}


def test_consensus_weighs_sources_by_their_checked_figures(tmp_path):
    got = _consensus_case(tmp_path)
    assert got["b-de"].status == "contradicted" and got["d-de"].status == "confirmed"
    doc = got["d-jp"]
    assert doc.status == "unverified" and doc.via == "consensus"
    assert doc.consensus.verdict == "supported" and doc.consensus.supporters == ("good",) and doc.consensus.against == ("bad",)
    # Round one: trust from the Germany checks alone (good 2/3, bad 1/3). Japan then counts, at half the weight
    # of an official check: good's figure is clearly agreed with (once, though good states it twice), bad's
    # clearly rejected, so good rises to (1 + 0.5 + 1) / (1 + 0.5 + 2) = 5/7 and bad falls to 1 / 3.5 = 2/7.
    assert doc.consensus.support == pytest.approx(5 / 7) and doc.consensus.opposition == pytest.approx(2 / 7)
    bad = got["b-jp"]
    assert bad.consensus.verdict == "disputed" and set(bad.consensus.against) == {"doc", "good"}
    assert bad.consensus.strength == "disputed" and doc.consensus.strength == "agreed"
    assert "disputed by doc (0.71), good (0.71)" in bad.message
    records = verdicts.reliability_records(list(got.values()))
    assert records["good"].agreed == 1 and records["bad"].disputed == 1 and records["bad"].contradicted == 1


def test_a_source_that_states_a_figure_twice_counts_once(tmp_path):
    got = _consensus_case(tmp_path)
    assert got["d-jp"].consensus.supporters.count("good") == 1


def test_a_figure_only_one_source_states_has_no_consensus(tmp_path):
    got = run_case({"claims": '- {id: c, subject: Japan, metric: goods_balance, period: "2024", value: -68.3, quote: q, line: 1}'}, tmp_path)
    assert got["c"].via == "none" and got["c"].consensus is None
