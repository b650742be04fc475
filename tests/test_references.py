"""Reference sources: the shipped set reads completely, and every kind of bad reference input is a clear
problem (the reference file, the line of the key, the data file's row and column), exit 2, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reconcile import references
from reconcile.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"

SPEC = """id: t
title: "Test table"
publisher: "Test Bureau"
lineage: census
basis: census
adjustment: nsa
vintage: 2026-10-01
data: trade.csv
format: csv
unit: USD
scale: million
precision: 0.05
subject: {column: country, codes: alpha-3}
period: {column: year}
values:
  - {column: balance, metric: goods_balance}
"""
TABLE = "country,year,balance\nDEU,2024,-84612.1\nFRA,2024,-16543.2\n"
CLAIMS = """source:
  id: doc
  title: "A document"
  publisher: "A publisher"
  document: doc.txt
  sha256: "abababababababababababababababababababababababababababababababab"
  lineage: [census]
defaults: {unit: USD, scale: billion}
claims:
  - {id: c, subject: Germany, metric: goods_balance, period: "2024", value: -84.6, quote: "-$84.6 billion", line: 1}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A claims repository with one reference source; tests break one thing each."""
    (tmp_path / "references").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "claims").mkdir()
    (tmp_path / "references" / "t.yaml").write_text(SPEC, encoding="utf-8")
    (tmp_path / "data" / "trade.csv").write_text(TABLE, encoding="utf-8")
    (tmp_path / "claims" / "doc.yaml").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.reconcile]\nreferences = "data"\nbaseline = false\nreport = false\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys, *extra) -> tuple[int, str]:
    code = main(["check", "claims/", "--format", "text", *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


def test_a_good_reference_confirms_the_claim(project, capsys):
    code, out = check(capsys)
    assert code == 0, out
    assert "1 confirmed, 0 contradicted, 0 unverified" in out


def test_no_references_is_no_verdicts(project, capsys):
    code, out = check(capsys, "--no-references")
    assert code == 0 and "Verdicts" not in out


def _break_spec(project, old: str, new: str) -> None:
    path = project / "references" / "t.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


BROKEN_SPECS = [
    ("scale: million", "scal: million", "RC071", "t.yaml:11", "did you mean 'scale'"),
    ("vintage: 2026-10-01\n", "", "RC072", "t.yaml:", "vintage"),
    ("basis: census", "basis: customs", "RC078", "t.yaml:5", "census, bop"),
    ("vintage: 2026-10-01", "vintage: 2026-13-01", "RC078", "t.yaml:7", "ISO date"),
    ("metric: goods_balance", "metric: goods_balanse", "RC078", "t.yaml:16", "did you mean 'goods_balance'"),
    ("data: trade.csv", "data: missing.csv", "RC073", "t.yaml:8", "no such file"),
    ("data: trade.csv", "data: ../claims/doc.yaml", "RC078", "t.yaml:8", "inside the references folder"),
    ("data: trade.csv", "data: /etc/passwd", "RC078", "t.yaml:8", "inside the references folder"),
    ("{column: balance,", "{column: balanse,", "RC074", "t.yaml:", "did you mean 'balance'"),
    ("format: csv", "format: xlsx", "RC078", "t.yaml:9", "csv, json, parquet"),
    ("id: t\n", "id: t\nid: u\n", "RC070", "t.yaml:", "duplicate"),
    ("precision: 0.05", "precision: -1", "RC078", "t.yaml:12", "non-negative"),
]


@pytest.mark.parametrize(("old", "new", "code", "where", "words"), BROKEN_SPECS, ids=[b[1][:30] for b in BROKEN_SPECS])
def test_a_broken_reference_source_is_a_located_problem(project, capsys, old, new, code, where, words):
    _break_spec(project, old, new)
    rc, out = check(capsys)
    assert rc == 2, out
    assert code in out and where in out and words in out, out


BROKEN_TABLES = [
    ("country,year,balance\nDEU,2024,-84612.1\nFRA,2024,n/a\n", "RC075", "row 2, column 'balance': 'n/a' is not a number"),
    ("country,year,balance\nDEU,2024,-84612.1\nXYZ,2024,5.0\n", "RC076", "'XYZ'"),
    ("country,year,balance\nDEU,2024,-84612.1\nDEU,2024,-84612.0\n", "RC077", "row 1 and again by row 2"),
    ("country,year,balance\nDEU,2024x,-84612.1\n", "RC078", "'2024x' is not a valid period"),
    ("\x00\xff\xfe garbage", "RC0", "trade.csv"),
]


@pytest.mark.parametrize(("table", "code", "words"), BROKEN_TABLES, ids=["not-a-number", "unmapped", "duplicate", "period", "binary"])
def test_a_broken_data_file_is_a_located_problem(project, capsys, table, code, words):
    (project / "data" / "trade.csv").write_bytes(table.encode("latin-1"))
    rc, out = check(capsys)
    assert rc == 2, out
    assert code in out and words in out and "references/t.yaml:" in out, out


def test_an_empty_cell_is_counted_not_lost(project):
    (project / "data" / "trade.csv").write_text(TABLE + "ITA,2024,\n", encoding="utf-8")
    refs = references.load(project / "references", project / "data")
    counts = refs.counts["t"]
    assert refs.ok and counts.cells == 3 and counts.figures == 2 and counts.empty == 1 and counts.balanced


def test_a_dropped_subject_is_counted_with_its_reason(project):
    _break_spec(project, "codes: alpha-3}", "codes: alpha-3, drop: [{value: XYZ, reason: not a partner}]}")
    (project / "data" / "trade.csv").write_text(TABLE + "XYZ,2024,1.0\n", encoding="utf-8")
    refs = references.load(project / "references", project / "data")
    assert refs.ok and refs.counts["t"].dropped == {"not a partner": 1} and refs.counts["t"].balanced


def test_a_symlink_out_of_the_references_folder_is_not_read(project, capsys, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.csv"
    outside.write_text("country,year,balance\nDEU,2024,-12345.6\n", encoding="utf-8")
    (project / "data" / "trade.csv").unlink()
    os.symlink(outside, project / "data" / "trade.csv")
    rc, out = check(capsys, "--format", "json")
    assert rc == 2 and "RC073" in out and "outside the references folder" in out
    assert "12345" not in out


def test_a_missing_references_folder_is_rc079(project, capsys):
    rc, out = check(capsys, "--references", "nowhere")
    assert rc == 2 and "RC079" in out and "nowhere" in out


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared reference data is beside the repository in CI")
def test_the_shipped_references_read_completely():
    refs = references.load(ROOT / "references", SHARED)
    assert refs.ok, [str(p) for p in refs.problems]
    assert {s.id for s in refs.specs} == {"census-goods-by-country", "census-goods-by-country-2024-first", "census-bea-national", "bea-gs-balance-vintages"}
    for spec_id, counts in refs.counts.items():
        assert counts.balanced, (spec_id, counts)
    assert len(refs) > 80_000
    germany = {c.release: c.value for c in refs.claims_for("DEU", "goods_balance", "2024")}
    assert germany == {"latest vintage (as of 2026-10-01)": "-84612.1", "first published (data through February 2025)": "-84823.64495599997"}
    eu = refs.claims_for("EU", "goods_balance", "2024")
    assert {c.value for c in eu} == {"-236720.9", "-235571.16294100008"}
    world = {(c.basis, c.source) for c in refs.claims_for("WORLD", "goods_balance", "2024")}
    assert ("bop", "census-bea-national") in world and ("census", "census-bea-national") in world
