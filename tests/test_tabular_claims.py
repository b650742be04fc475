"""Claims tables: CSV and Parquet claim files (with a NAME.source.yaml sidecar) read like YAML ones, at file:row."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli
from reconcile.loader import load

REPO = Path(__file__).resolve().parent.parent
LOCATION_KEYS = ("file", "line", "row", "fingerprint")  # what may differ between a YAML claim and its table row

SIDECAR = """\
source: {id: tab, title: Tab, publisher: Tab, document: tab.txt, sha256: "%s", lineage: [census]}
defaults: {unit: USD, scale: billion}
""" % ("0" * 64)
HEADER = "id,subject,metric,period,value,quote,line\n"


def yaml_to_table(yaml_file: Path, folder: Path) -> tuple[Path, list[str], list[dict]]:
    """Write the claim file's blocks but claims as NAME.source.yaml in `folder`; return (sidecar, columns, rows as text)."""
    text = yaml_file.read_text(encoding="utf-8")
    head = text[: text.index("\nclaims:") + 1]
    sidecar = folder / f"{yaml_file.stem}.source.yaml"
    sidecar.write_text(head, encoding="utf-8")
    columns, rows = [], []
    for claim in yaml.load(text, Loader=yaml.BaseLoader)["claims"]:  # BaseLoader: every scalar stays its text
        flat = {}
        for key, value in claim.items():
            if isinstance(value, dict):
                flat.update({f"{key}.{inner}": v for inner, v in value.items()})
            else:
                flat[key] = value
        columns += [k for k in flat if k not in columns]
        rows.append(flat)
    return sidecar, columns, rows


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows({k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows)


def write_parquet(path: Path, columns: list[str], rows: list[dict]) -> None:
    data = {}
    for c in columns:
        values = [r.get(c) for r in rows]
        kind = pa.list_(pa.string()) if c == "parts" else pa.string()
        data[c] = pa.array([[v] if c == "parts" and isinstance(v, str) else v for v in values], type=kind)
    pq.write_table(pa.table(data), path)


def findings(folder: Path) -> tuple[int, list[dict]]:
    """`reconcile check` from the repository root (its documents and references apply), findings without their locations."""
    result = run_cli(["check", str(folder), "--no-html", "--no-baseline", "--format", "json", "-o", "-"], cwd=REPO)
    data = json.loads(result.out)
    assert not data["problems"], data["problems"]
    return result.code, [_without_location(f) for f in data["findings"]]


def _without_location(value):
    if isinstance(value, dict):
        return {k: _without_location(v) for k, v in value.items() if k not in LOCATION_KEYS}
    if isinstance(value, list):
        return [_without_location(v) for v in value]
    return value


@pytest.fixture(scope="module")
def yaml_findings(tmp_path_factory):
    folder = tmp_path_factory.mktemp("yaml")
    for f in (REPO / "claims").glob("*.yaml"):
        shutil.copy(f, folder / f.name)
    return findings(folder)


@pytest.mark.parametrize("writer", [write_csv, write_parquet], ids=["csv", "parquet"])
def test_a_table_gives_the_findings_of_its_yaml_file(tmp_path, yaml_findings, writer):
    for f in (REPO / "claims").glob("*.yaml"):
        if f.name != "crossdock.yaml":
            shutil.copy(f, tmp_path / f.name)
    _, columns, rows = yaml_to_table(REPO / "claims" / "crossdock.yaml", tmp_path)
    writer(tmp_path / f"crossdock{'.csv' if writer is write_csv else '.parquet'}", columns, rows)
    code, found = findings(tmp_path)
    assert (code, found) == yaml_findings
    assert any(c["source"] == "crossdock" for f in found for c in f["claims"])  # the table's claims took part


def test_findings_point_at_the_csv_row(tmp_path):
    _, columns, rows = yaml_to_table(REPO / "claims" / "crossdock.yaml", tmp_path)
    write_csv(tmp_path / "crossdock.csv", columns, rows)
    corpus = load([str(tmp_path)])
    assert corpus.ok, corpus.problems
    china = corpus.claim("cdi-china-goods-balance-2024")
    index = next(i for i, r in enumerate(rows) if r["id"] == china.id)
    assert (china.file, china.line, china.row) == (str(tmp_path / "crossdock.csv"), index + 2, index + 2)  # header is line 1
    assert (china.quote, china.quote_line) == (rows[index]["quote"], int(rows[index]["line"]))
    assert china.to_record()["row"] == index + 2
    result = run_cli(["check", str(tmp_path), "--no-html", "--no-baseline"], cwd=REPO)
    assert f"crossdock.csv:{index + 2}: RC502" in result.out


def tab(folder: Path, body: str, name: str = "tab.csv", sidecar: str | None = SIDECAR) -> Path:
    if sidecar is not None:
        (folder / name.rsplit(".", 1)[0]).with_suffix(".source.yaml").write_text(sidecar, encoding="utf-8")
    path = folder / name
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return path


def problems_of(cli, path) -> list[str]:
    result = cli("validate", str(path))
    assert result.code == 2, result.text
    return [line for line in result.out.splitlines() if ": RC0" in line]


def test_cells_are_text_so_published_digits_are_kept(tmp_path):
    tab(tmp_path, HEADER + 'a-germany,Germany,goods_balance,2024,-35.40,"Germany: $35.40 billion, a deficit",3\n')
    [claim] = load([str(tmp_path)]).claims
    assert (claim.value, claim.period, claim.quote_line, claim.line) == ("-35.40", "2024", 3, 2)
    assert claim.quote == "Germany: $35.40 billion, a deficit"
    (tmp_path / "tab.csv").unlink()  # the parquet version reads the same sidecar
    pq.write_table(pa.table({"id": ["b-germany"], "subject": ["Germany"], "metric": ["goods_balance"], "period": ["2024"],
                             "value": ["-35.40"], "quote": ["q"], "line": pa.array([3], pa.int64())}), tmp_path / "tab.parquet")  # fmt: skip
    [claim] = load([str(tmp_path)]).claims
    assert (claim.value, claim.line, claim.row, claim.file) == ("-35.40", 1, 1, str(tmp_path / "tab.parquet"))


def test_a_csv_row_is_at_the_line_its_record_starts(tmp_path):
    body = HEADER + 'a-de,Germany,goods_balance,2024,-35.4,"a quote\nover two lines",3\n\na-jp,Japan,goods_balance,2024,-69,q,4\n'
    tab(tmp_path, body)
    assert {c.id: c.line for c in load([str(tmp_path)]).claims} == {"a-de": 2, "a-jp": 5}


def test_a_non_numeric_value_is_rc023_at_its_row(tmp_path, cli):
    rows = "".join(f"a-{i},Germany,goods_balance,{2000 + i},-35.4,q,{i}\n" for i in range(1, 15))
    path = tab(tmp_path, HEADER + rows + "a-bad,Germany,goods_balance,2020,lots,q,3\n")
    assert problems_of(cli, path) == [f"{path}:16: RC023 value 'lots' is not a number — write the figure as a plain number as published "
                                      "(140.5, -63.0, 6173), sign from the reporter's side"]  # fmt: skip


def test_a_rule_finding_is_at_the_row(tmp_path, cli):
    tab(tmp_path, HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\n", name="a.csv")
    (tmp_path / "b.source.yaml").write_text(SIDECAR.replace("id: tab", "id: tob").replace("tab.txt", "tob.txt"), encoding="utf-8")
    (tmp_path / "b.csv").write_text(HEADER + "\nb-de,Germany,goods_balance,2024,-85,q,3\n", encoding="utf-8")
    result = cli("check", str(tmp_path), "--no-html", "--no-baseline")
    assert result.code == 1 and f"{tmp_path / 'a.csv'}:2: RC201" in result.out, result.text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3,extra\n", ":2: RC091 row has 8 cells but the header has 7"),
        (HEADER + "a-de,Germany,goods_balance,2024\n", ":2: RC091 row has 4 cells but the header has 7 (value, quote, line missing)"),
        (HEADER + "a-de,Germany,goods_balance,2024,-35.4,q\x00,3\n", ":2: RC091 NUL byte in the file (column 40 of this line)"),
        (HEADER + 'a-de,Germany,goods_balance,2024,-35.4,"q,3\n', ":2: RC091 not valid CSV: unexpected end of data"),
        (HEADER.replace("subject", "subjet") + "a-de,Germany,goods_balance,2024,-35.4,q,3\n", ":1: RC004 unknown key 'subjet'"),
        (HEADER.replace("subject", "subjet") + "a-de,Germany,goods_balance,2024,-35.4,q,3\n", "did you mean 'subject'?"),
        ("id,subject,metric,period,value,line\na-de,Germany,goods_balance,2024,-35.4,3\n", ":1: RC092 the claims table has no 'quote' column"),
        ("id,id,metric,period,value,quote,line\na-de,a,goods_balance,2024,-35.4,q,3\n", ":1: RC024 key 'id' appears twice"),
        ("", ":1: RC003"),
        (" \n\n", ":1: RC003"),
        (HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\r", ":2: RC049"),
        (b"id,subject\xff\n", ":1: RC006"),
        (HEADER + "a-de,Germany,goods_balance,2024,1" + "0" * 40 + ",q,3\n", ":2: RC048"),
        (HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,zero\n", ":2: RC027"),
        (HEADER + "A DE,Germany,goods_balance,2024,-35.4,q,3\n", ":2: RC010"),
    ],
    ids=["ragged-long", "ragged-short", "nul", "open-quote", "unknown-column", "did-you-mean", "missing-column",
         "duplicate-column", "empty", "blank", "lone-cr", "not-utf8", "too-many-digits", "bad-line", "bad-id"],
)  # fmt: skip
def test_hostile_csv_is_a_clear_problem_at_file_row(tmp_path, cli, body, expected):
    path = tab(tmp_path, body)
    found = problems_of(cli, path)
    assert any(line.startswith(str(path)) and expected in line for line in found), found


def test_a_bom_is_not_part_of_the_first_column(tmp_path):
    tab(tmp_path, "\ufeff" + HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\n")
    corpus = load([str(tmp_path)])
    assert corpus.ok and [c.id for c in corpus.claims] == ["a-de"], corpus.problems


def test_a_huge_table_is_refused_by_size(tmp_path):
    path = tab(tmp_path, HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\n" * 50)
    corpus = load([str(tmp_path)], max_bytes=1000)
    assert [(p.location.file, p.location.line, p.code) for p in corpus.problems] == [(str(path), 1, "RC001")]


def test_a_parquet_file_that_is_not_parquet(tmp_path, cli):
    path = tab(tmp_path, HEADER, name="tab.parquet")
    assert problems_of(cli, path) == [f"{path}:1: RC091 not a Parquet file: it does not start and end with the Parquet marker PAR1 — "
                                      "write the table with a Parquet writer, or give the file its own suffix (.csv, .yaml)"]  # fmt: skip
    path.write_bytes(b"PAR1" + b"\x00" * 40 + b"PAR1")  # the markers, and nothing Parquet between them
    assert [line.split(": ")[1][:6] for line in problems_of(cli, path)] == ["RC091 "]


def test_a_float_parquet_column_is_refused(tmp_path, cli):
    path = tmp_path / "tab.parquet"
    (tmp_path / "tab.source.yaml").write_text(SIDECAR, encoding="utf-8")
    pq.write_table(pa.table({"id": ["a-de"], "value": [35.4], "quote": ["q"], "line": ["3"]}), path)
    assert problems_of(cli, path)[0].startswith(f"{path}:1: RC094 column 'value' has type double")


def test_parquet_without_pyarrow_is_rc090(tmp_path, cli, monkeypatch):
    path = tmp_path / "tab.parquet"
    (tmp_path / "tab.source.yaml").write_text(SIDECAR, encoding="utf-8")
    pq.write_table(pa.table({"id": ["a-de"]}), path)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # import fails as if pyarrow were not installed
    assert problems_of(cli, path) == [f"{path}:1: RC090 not read: reading Parquet needs pyarrow, which is not installed — "
                                      "pip install 'reconcile[tabular]', or write the claims as CSV or YAML"]  # fmt: skip


def test_a_missing_or_broken_sidecar(tmp_path, cli):
    path = tab(tmp_path, HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\n", sidecar=None)
    assert problems_of(cli, path)[0].startswith(f"{path}:1: RC093 no source sidecar {tmp_path / 'tab.source.yaml'}")
    sidecar = tmp_path / "tab.source.yaml"
    sidecar.write_text("source: {id: tab\n", encoding="utf-8")
    found = problems_of(cli, path)  # the sidecar's own problem, not one per row of what it would have supplied
    assert len(found) == 1 and found[0].startswith(f"{sidecar}:2: RC002"), found
    sidecar.write_text(SIDECAR + "claims: []\n", encoding="utf-8")
    assert any(f"{sidecar}:3: RC004 unknown key 'claims'" in line for line in problems_of(cli, path))
    sidecar.write_text("defaults: {unit: USD}\n", encoding="utf-8")
    assert f"{sidecar}:1: RC039 missing `source:` block" in "\n".join(problems_of(cli, path))


def test_a_sidecar_is_not_a_claim_file_but_stands_for_its_table(tmp_path, cli):
    tab(tmp_path, HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\n")
    assert cli("validate", str(tmp_path)).code == 0
    assert [c.id for c in load([str(tmp_path / "tab.source.yaml")]).claims] == ["a-de"]
    assert [c.id for c in load([str(tmp_path)]).claims] == ["a-de"]


def test_rankings_parts_and_nested_columns_come_through(tmp_path):
    sidecar = SIDECAR + ("rankings:\n  - {id: top, metric: goods_balance, period: '2024', order: ascending, among: countries,"
                         " quote: top 10, line: 1}\n")  # fmt: skip
    body = ("id,kind,subject,parts,metric,period,value,ranking,unit,scale,of.subject,quote,line\n"
            "t-1,total,,Germany;Japan,goods_balance,2024,-104.4,,,,,q,1\n"
            "r-1,rank,Germany,,,,1,top,rank,one,,q,1\n")  # fmt: skip
    tab(tmp_path, body, sidecar=sidecar)
    corpus = load([str(tmp_path)])
    assert corpus.ok, corpus.problems
    assert corpus.claim("t-1").parts == ("DEU", "JPN") and corpus.claim("r-1").ranking == "top"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(
    st.lists(st.sampled_from(list('abc,;"\n\r\x00\ufeff 0123.-') + ["id", "value", "quote", "line", "Germany"]), max_size=80).map("".join),
    st.lists(st.lists(st.text(max_size=8), max_size=8), max_size=6).map(lambda rows: "\n".join(",".join(r) for r in rows)),
))  # fmt: skip
def test_fuzzed_csv_never_raises(tmp_path, text):
    path = tab(tmp_path, HEADER + text)
    result = run_cli(["validate", str(path)])  # run_cli fails the test on a traceback
    assert result.code in (0, 2), result.text
    assert result.code == 0 or ": RC0" in result.out


def test_changed_since_counts_every_claim_of_a_table_as_changed(tmp_path):
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("needs git")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}  # fmt: skip
    claims = tmp_path / "claims"
    claims.mkdir()
    tab(claims, HEADER + "a-de,Germany,goods_balance,2024,-35.4,q,3\n", name="a.csv")
    (claims / "b.source.yaml").write_text(SIDECAR.replace("id: tab", "id: tob"), encoding="utf-8")
    (claims / "b.csv").write_text(HEADER + "b-de,Germany,goods_balance,2024,-85,q,3\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "old"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, env=env)
    result = run_cli(["check", "claims", "--no-html", "--no-baseline", "--format", "json", "--changed-since", "HEAD"], cwd=tmp_path)
    assert [f["code"] for f in json.loads(result.out)["findings"]] == ["RC201"]  # unchanged, yet reported: more, never less
    assert "claims tables (CSV, Parquet) are not compared with their old versions" in result.err
