"""Peers benchmark: reconcile against schema validators and the core rule's lower bound, on one 10^5-claim corpus.

    .venv/bin/python benchmarks/peers.py [--size 100000] [--repeat 3] [--peers-venv benchmarks/.peers-venv]

The corpus is benchmarks/synth.py's, written as scale.py writes it (YAML files of
~200 claims), and flattened (reconcile's loader, one row per claim) to one CSV
and one Parquet table for the peers. Each measurement is a child process
(median of --repeat: wall, user+system CPU, peak RSS from wait4's ru_maxrss):

  reconcile    `reconcile check DIR --no-html --no-baseline --format json` (everything: YAML, schema, rules)
  pandera      schemas/claims.py's claims_schema validated on the flat CSV (project venv)
  great_expectations  a schema-only suite of ~27 expectations on the Parquet table
  frictionless `frictionless validate` of the CSV against a Table Schema with the same constraints
  duckdb, polars  the core rule's lower bound: group by figure key, groups where max(lo) > min(hi)

Each child also prints the seconds of its own work after imports ("work"), so start-up is visible apart.
The peers live in a separate venv so the project's own venv and CI carry none of them:

    python3 -m venv benchmarks/.peers-venv
    benchmarks/.peers-venv/bin/pip install great_expectations frictionless polars duckdb pyarrow pandas

A peer that cannot be imported there is printed as "not measured: reason".
A benchmark that prints figures, not a unit test: it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import scale

from reconcile.loader import load
from reconcile.schemas.claims import ID, vocabulary

REPO = Path(__file__).resolve().parent.parent
FLAT_COLUMNS = ["id", "source", "kind", "subject", "metric", "period", "from_period", "per", "ranking", "value", "unit",
                "scale", "qualifier", "perspective", "product", "lineage", "status", "basis", "adjustment", "vintage",
                "quote_line", "lo", "hi"]  # fmt: skip
FIGURE_KEY = ["subject", "metric", "period", "product", "status"]
# Periods synth writes and the loader accepts: a year, a quarter, a month, a half (schemas' parse_period is richer).
PERIOD = r"\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?"
PERIOD_RE = rf"^{PERIOD}(\.\.{PERIOD})?$"

# Like scale.py's launcher, plus CPU: a child forked from this process would report this process's RSS.
_LAUNCHER = r"""
import json, os, subprocess, sys, tempfile, time
cwd, cmd = sys.argv[1], sys.argv[2:]
with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    out.seek(0); err.seek(0)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "code": os.waitstatus_to_exitcode(status),
                      "maxrss_kb": usage.ru_maxrss, "stdout": (o := out.read().decode(errors="replace"))[-4000:], "head": o[:2000],
                      "stderr": err.read().decode(errors="replace")[-2000:]}))
"""


def timed(cmd: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(cwd), *cmd], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def flatten(folder: Path, out: Path) -> Path:
    """One row per claim, the columns a table validator can judge; written as CSV (Parquet is the peers' job)."""
    import pandas as pd

    corpus = load([str(folder)])
    if not corpus.ok:
        raise SystemExit("the synthetic claim set does not load: a generator bug")
    rows = [{c: getattr(cl, c, None) for c in FLAT_COLUMNS if c != "quote_line"} | {"quote_line": cl.quote_line, "parts": "|".join(cl.parts) or None}
            for cl in corpus.claims]  # fmt: skip
    path = out / "claims.csv"
    pd.DataFrame(rows, columns=[*FLAT_COLUMNS, "parts"]).to_csv(path, index=False)
    return path


def spec() -> dict:
    """The constraints every peer checks, from the project's own vocabulary, so they judge the same thing."""
    v = vocabulary()
    return {"kinds": list(v["kinds"]), "units": list(v["units"]), "scales": list(v["scales"]),
            "qualifiers": list(v["qualifiers"]), "perspectives": list(v["perspectives"]),
            "lineages": list(v["lineages"]), "statuses": list(v["statuses"]), "metrics": list(v["metrics"]),
            "id_re": ID.pattern, "period_re": PERIOD_RE, "key": FIGURE_KEY}  # fmt: skip


PANDERA = r"""
import sys, time, json
t = time.perf_counter()
import pandas as pd
from reconcile.numbers import NumberLiteral
from reconcile.schemas.claims import claims_schema
df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False).astype(object)
df = df.where(df != "", None)
# a list, not Series.map: pandas 3 would infer the str subclass back to its string dtype
df["value"] = pd.Series([NumberLiteral(v) for v in df["value"]], index=df.index, dtype=object)
df["parts"] = pd.Series([v.split("|") if v else None for v in df["parts"]], index=df.index, dtype=object)
df["quote_line"] = df["quote_line"].map(int)
for col in ("precision", "quote", "of", "excluding", "of_subject", "of_metric", "of_period"):
    df[col] = None
df["quote"] = "quoted"
import pandera.errors
try:
    claims_schema(frozenset(df["ranking"].dropna())).validate(df, lazy=True); failures = 0
except pandera.errors.SchemaErrors as exc:
    failures = len(exc.failure_cases)
print(json.dumps({"work": time.perf_counter() - t, "rows": len(df), "failures": failures}))
"""

GX = r"""
import sys, time, json
t0 = time.perf_counter()
import pandas as pd
import great_expectations as gx
import great_expectations.expectations as E
s = json.load(open(sys.argv[2]))
t = time.perf_counter()
df = pd.read_parquet(sys.argv[1])
ctx = gx.get_context(mode="ephemeral")
batch = ctx.data_sources.add_pandas("p").add_dataframe_asset("claims").add_batch_definition_whole_dataframe("all")
suite = ctx.suites.add(gx.ExpectationSuite(name="claims"))
ex = [E.ExpectTableColumnsToMatchSet(column_set=list(df.columns)),
      E.ExpectColumnValuesToBeUnique(column="id"), E.ExpectColumnValuesToMatchRegex(column="id", regex=s["id_re"]),
      E.ExpectColumnValuesToMatchRegex(column="period", regex=s["period_re"]),
      E.ExpectColumnValuesToBeOfType(column="lo", type_="float64"), E.ExpectColumnValuesToBeOfType(column="hi", type_="float64"),
      E.ExpectColumnValuesToBeOfType(column="quote_line", type_="int64"),
      E.ExpectColumnValuesToBeBetween(column="quote_line", min_value=1)]
for col in ("id", "source", "kind", "value", "unit", "scale", "qualifier", "perspective", "lineage", "status", "lo", "hi", "quote_line"):
    ex.append(E.ExpectColumnValuesToNotBeNull(column=col))
for col, key in (("kind", "kinds"), ("unit", "units"), ("scale", "scales"), ("qualifier", "qualifiers"),
                 ("perspective", "perspectives"), ("lineage", "lineages"), ("status", "statuses"), ("metric", "metrics")):
    ex.append(E.ExpectColumnValuesToBeInSet(column=col, value_set=s[key]))
for e in ex:
    suite.add_expectation(e)
vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="v", data=batch, suite=suite))
res = vd.run(batch_parameters={"dataframe": df})
failed = [r.expectation_config.type + ":" + str(r.expectation_config.kwargs.get("column")) for r in res.results if not r.success]
print(json.dumps({"work": time.perf_counter() - t, "import": t - t0, "expectations": len(ex), "failed_expectations": failed}))
"""

DUCKDB = r"""
import sys, time, json
t = time.perf_counter()
import duckdb
key = ", ".join(json.load(open(sys.argv[2]))["key"])
n = duckdb.sql(f"SELECT count(*) FROM (SELECT {key} FROM read_parquet('{sys.argv[1]}') GROUP BY {key} "
               "HAVING max(lo) > min(hi))").fetchall()[0][0]
print(json.dumps({"work": time.perf_counter() - t, "conflicting_groups": n}))
"""

POLARS = r"""
import sys, time, json
t = time.perf_counter()
import polars as pl
key = json.load(open(sys.argv[2]))["key"]
g = (pl.scan_parquet(sys.argv[1]).group_by(key).agg(pl.col("lo").max().alias("lo"), pl.col("hi").min().alias("hi"))
     .filter(pl.col("lo") > pl.col("hi")).collect())
print(json.dumps({"work": time.perf_counter() - t, "conflicting_groups": g.height}))
"""

TO_PARQUET = r"""
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], dtype={c: str for c in ("id","source","kind","subject","metric","period","from_period","per",
    "ranking","parts","value","unit","scale","qualifier","perspective","product","lineage","status","basis","adjustment","vintage")})
df.to_parquet(sys.argv[2], index=False)
"""


def table_schema(s: dict) -> dict:
    """A frictionless Table Schema with the constraints the other validators check."""
    def field(name, type_="string", **constraints):
        return {"name": name, "type": type_, **({"constraints": constraints} if constraints else {})}

    enum = {"kind": "kinds", "unit": "units", "scale": "scales", "qualifier": "qualifiers",
            "perspective": "perspectives", "lineage": "lineages", "status": "statuses", "metric": "metrics"}  # fmt: skip
    fields = []
    for col in [*FLAT_COLUMNS, "parts"]:
        if col == "id":
            fields.append(field(col, required=True, unique=True, pattern=s["id_re"].strip("^$")))
        elif col in enum:
            fields.append(field(col, required=col != "metric", enum=s[enum[col]]))
        elif col == "period":
            fields.append(field(col, pattern=s["period_re"].strip("^$")))
        elif col in ("lo", "hi"):
            fields.append(field(col, "number", required=True))
        elif col == "quote_line":
            fields.append(field(col, "integer", required=True, minimum=1))
        else:
            fields.append(field(col, required=col in ("source", "value")))
    return {"fields": fields, "primaryKey": ["id"]}


def peers(py: str, tmp: Path, csv: Path, parquet: Path, spec_path: Path) -> list[tuple[str, str, list[str] | None]]:
    """(name, what it does, command or None when the peer is not installed)."""
    def script(name, text):
        path = tmp / f"peer_{name}.py"  # not polars.py: the script would shadow the module it imports
        path.write_text(text)
        return str(path)

    # relative names: frictionless refuses absolute paths as unsafe; the children run in tmp
    fl_schema = tmp / "claims.schema.json"
    fl_schema.write_text(json.dumps(table_schema(json.loads(spec_path.read_text()))))
    fl = Path(py).parent / "frictionless"
    own = [sys.executable, script("pandera", PANDERA), str(csv)]
    return [
        ("pandera", "claims_schema on the flat CSV", own),
        ("great_expectations", "27-expectation schema suite", [py, script("gx", GX), str(parquet), str(spec_path)]),
        ("frictionless", "`frictionless validate` with a Table Schema",
         [str(fl), "validate", csv.name, "--schema", fl_schema.name, "--json"]),
        ("duckdb", "core rule lower bound (GROUP BY key HAVING max(lo) > min(hi))", [py, script("duck", DUCKDB), str(parquet), str(spec_path)]),
        ("polars", "core rule lower bound (group_by key, max(lo) > min(hi))", [py, script("polars", POLARS), str(parquet), str(spec_path)]),
    ]  # fmt: skip


def missing(py: str, name: str) -> str | None:
    """Why a peer cannot be measured, or None."""
    if not Path(py).exists():
        return f"no peers venv at {py} (see this script's docstring)"
    if name == "pandera":
        return None
    probe = subprocess.run([py, "-c", f"import {name}"], capture_output=True, text=True)
    return None if probe.returncode == 0 else f"import {name} failed: {probe.stderr.strip().splitlines()[-1:]}"


def measure(cmd: list[str], cwd: Path, repeat: int) -> dict:
    runs = [timed(cmd, cwd) for _ in range(repeat)]
    med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
    last = runs[-1]
    try:
        info = json.loads(last["stdout"].strip().splitlines()[-1]) if last["stdout"].strip().startswith("{") else {}
    except (json.JSONDecodeError, IndexError):
        info = {}
    return {"wall": med("wall"), "cpu": med("cpu"), "rss": med("maxrss_kb") / 1024, "code": last["code"],
            "walls": [r["wall"] for r in runs], "info": info, "stderr": last["stderr"], "head": last["head"], "stdout": last["stdout"]}  # fmt: skip


def line(name: str, m: dict, ref: dict) -> str:
    work = m["info"].get("work")
    extra = ", ".join(f"{k} {v}" for k, v in m["info"].items() if k not in ("work", "import"))
    return (f"{name:19} {m['wall']:8.2f}s {m['cpu']:8.2f}s {m['rss']:7.0f} MB {m['wall'] / ref['wall']:7.3f} "
            f"{'' if work is None else f'{work:7.2f}s':>8}  exit {m['code']}  {extra}")  # fmt: skip


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs per tool; the median is printed (default 3)")
    ap.add_argument("--seed", type=int, default=20250611)
    ap.add_argument("--peers-venv", default=str(REPO / "benchmarks" / ".peers-venv"))
    args = ap.parse_args(argv)
    py = str(Path(args.peers_venv) / "bin" / "python")
    with tempfile.TemporaryDirectory(prefix="reconcile-peers-") as tmp:
        tmp = Path(tmp)
        n_claims, n_files = scale.make_set(args.size, random.Random(args.seed), tmp / "claims")
        csv = flatten(tmp / "claims", tmp)
        parquet = tmp / "claims.parquet"
        spec_path = tmp / "spec.json"
        spec_path.write_text(json.dumps(spec()))
        no_parquet = missing(py, "pyarrow")
        if not no_parquet:
            subprocess.run([py, "-c", TO_PARQUET, str(csv), str(parquet)], check=True)
        print(f"peers benchmark: {n_claims} claims in {n_files} files, seed {args.seed}; median of {args.repeat}; "
              f"Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")  # fmt: skip
        print(f"{'tool':19} {'wall':>9} {'CPU':>9} {'peak RSS':>10} {'ratio':>7} {'work':>8}  (ratio = wall / reconcile's wall;"
              " work = the child's own time after start-up)")  # fmt: skip
        ref = measure([scale.reconcile_exe(), "check", str(tmp / "claims"), "--no-html", "--no-baseline", "--format", "json"],
                      tmp, args.repeat)  # fmt: skip
        ref["info"] = {"findings": "none" if ref["code"] == 0 else "some (exit 1)"}
        print(line("reconcile check", ref, ref), flush=True)
        for name, what, cmd in peers(py, tmp, csv, parquet, spec_path):
            reason = missing(py, name) or (no_parquet if name in ("great_expectations", "duckdb", "polars") else None)
            if reason:
                print(f"{name:19} not measured: {reason}")
                continue
            m = measure(cmd, tmp, args.repeat)
            if (m["code"] and name != "frictionless") or not m["info"] and name != "frictionless":
                print(f"{name:19} not measured: exit {m['code']}: {m['stderr'].strip()[-400:]}")
                continue
            if name == "frictionless":
                m["info"] = {"valid": "true" if '"valid": true' in m["head"] else "false"}
                if m["code"]:
                    m["info"]["errors"] = m["stdout"][-300:].replace("\n", " ")
            print(line(name, m, ref) + f"  [{what}]", flush=True)
    print("reconcile does YAML parsing, provenance, the schema and every rule; the peers only validate a ready table"
          " or compute one rule's lower bound, so ratios < 1 are expected. The lower bound's groups are not findings:"
          " it ignores kind, unit, qualifier and rounding, which reconcile's rules weigh.")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
