"""Reference benchmark: what judging claims by the official tables costs `reconcile check`.

    .venv/bin/python benchmarks/references.py [--figures 1000000] [--claims 10000] [--runs 3] [--repo-runs 5]
                                              [--format parquet|json] [--profile] [--seed 20250611]

A synthetic reference table in the shape of Census's "U.S. Trade in Goods by
Country" (../shared/reference/census-bea/trade_by_country: a row per partner
and year, annual columns and 12-value monthly arrays) is written to a temporary
folder as Parquet (or a JSON array, the shipped files' format), with a
reference source YAML mapping it: every partner reconcile knows and World,
1995-2024, goods/services/goods-and-services exports, imports and balance a
year and goods exports, imports and balance a month, in several vintages
(one row per partner, year and vintage; 45 figures a row) until --figures
figures, the (partner, year) pairs the claims name first. A synthetic claim set of --claims claims (benchmarks/synth.py, as
scale.py makes it) publishes the same world, so the verdicts do real work:
the table's figures are the world's true values in $M, except that of the
(partner, year) pairs 8 % are 4 % off in every vintage (their claims are
contradicted), 10 % were revised by 3 % in the latest vintage (confirmed by an
older vintage: cause revision), and 8 % are missing (unverified).

Measured, --runs times each and quoted as the median:

  CLI      `reconcile check claims --references data --no-html --no-baseline --format json`
           in a fresh subprocess, with the references and with `--no-references`,
           alternating: wall and CPU (user + sys) seconds and the child's peak RSS
           (ru_maxrss from wait4, via a small launcher as in scale.py); the ratio
           with / without on the medians
  load     reconcile.references.load (YAML spec -> DuckDB -> numpy columns), in this process
  index    the lookups' indexes, normalised values and intervals (built on first use; forced here)
  assess   reconcile.verdicts.assess on the loaded claims, in this process
           (each wall and CPU seconds: process_time, the steadier on a shared machine)

Then `reconcile check claims/` on the repository's own claims and shipped
references, from the repository root (its configuration applies), with and
without `--no-references`, --repo-runs times each: median wall, CPU and ratio.

--profile prints cProfile's top functions (by cumulative and own time) for
load + assess of the synthetic set.

Target: 10^6 figures against 10^4 claims well under 1 GB peak RSS (the table is
13 columns of 10^6; the claims alone take ~150 MB), and the shipped references
add at most ~50 % to `reconcile check claims/`. A benchmark that prints
figures, not a unit test: it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from scale import reconcile_exe

REPO = Path(__file__).resolve().parent.parent
CLAIMS_PER_FILE = 200
YEARS = list(range(1995, 2025))
FAMILIES = ("goods", "services", "gs")
FLOWS = ("exports", "imports", "balance")
ANNUAL = [f"{fam}_{flow}" for fam in FAMILIES for flow in FLOWS]
MONTHLY = [f"goods_{flow}" for flow in FLOWS]
FIGURES_PER_ROW = len(ANNUAL) + 12 * len(MONTHLY)
CONTRADICTED, REVISED, MISSING = 0.08, 0.10, 0.08  # shares of (partner, year) pairs
TARGET_RSS_MB = 1000
TARGET_REPO_RATIO = 1.5


# --- the synthetic set --------------------------------------------------------------------------


def make_claims(n_claims: int, world: synth.World, rng: random.Random, folder: Path) -> tuple[int, set]:
    """About n_claims claims in ~200-claim files, published from the world; (the number of claims, the
    (partner, year) pairs they name)."""
    sources = synth.make_sources(world, rng, max(1, round(n_claims / CLAIMS_PER_FILE)), n_countries=22, prefix="s")
    synth.write_sources(sources, folder)
    claims = synth.all_claims(sources)
    named = {(c.subject, int(c.period[:4])) for c in claims if c.subject and c.period and c.period[:4].isdigit()}
    return len(claims), named


def _truth(world: synth.World, rng: random.Random, entity: str, metric: str, year: int) -> float:
    """The world's value in USD; partners the claims never name get a plausible one of their own."""
    key = (entity, metric, year)
    if key not in world.truth:
        world.truth[key] = rng.uniform(-50e9, 50e9) if metric.endswith("balance") else rng.uniform(0.1e9, 100e9)
    return world.truth[key]


def _months(world: synth.World, rng: random.Random, entity: str, year: int, annual: dict[str, float]) -> dict[str, list[float]]:
    """Twelve monthly values a flow that add up to its year (World's goods balance: the world's own months)."""
    out = {}
    for flow in ("exports", "imports"):
        weights = [rng.uniform(0.8, 1.2) for _ in range(12)]
        out[f"goods_{flow}"] = [annual[f"goods_{flow}"] * w / sum(weights) for w in weights]
    out["goods_balance"] = [e - i for e, i in zip(out["goods_exports"], out["goods_imports"])]
    if ("WORLD", "goods_balance", f"{year}-01") in world.monthly:
        out["goods_balance"] = [world.monthly[("WORLD", "goods_balance", f"{year}-{m:02d}")] for m in range(1, 13)]
    return out


def _pair_fate(rng: random.Random) -> str:
    r = rng.random()
    return "contradicted" if r < CONTRADICTED else "revised" if r < CONTRADICTED + REVISED else "missing" if r < CONTRADICTED + REVISED + MISSING else "ok"


def reference_rows(world: synth.World, rng: random.Random, n_figures: int, partners: list[str], named: set):
    """Rows (dicts) of the table, one per partner, year and vintage, until n_figures: the (partner, year) pairs
    the claims name first (so a small table still gives verdicts), then the others, most recent year first."""
    pairs = sorted(((y, p) for y in reversed(YEARS) for p in partners), key=lambda pair: (pair[1], pair[0]) not in named)
    fates = {pair: _pair_fate(rng) for pair in pairs}
    per_vintage = sum(fate != "missing" for fate in fates.values()) * FIGURES_PER_ROW
    vintages = [f"{2025 - k}-06-05" for k in reversed(range(max(1, math.ceil(n_figures / per_vintage))))]
    figures = 0
    for year, partner in pairs:
        if fates[(year, partner)] == "missing":
            continue
        annual = {m: _truth(world, rng, partner, m, year) for m in ANNUAL}
        months = _months(world, rng, partner, year, annual)
        for vintage in vintages:
            if figures >= n_figures:
                return
            latest = vintage == vintages[-1]
            factor = {"contradicted": 1.04, "revised": 1.03 if latest else 1.0}.get(fates[(year, partner)], 1.0)
            row = {"country_code": partner, "year": year, "vintage": vintage, "release": f"vintage {vintage}"}
            row.update({m: round(annual[m] * factor / 1e6, 1) for m in ANNUAL})
            row.update({f"{m}_months": [round(v * factor / 1e6, 1) for v in months[m]] for m in MONTHLY})
            figures += FIGURES_PER_ROW
            yield row


SPEC = """\
# A synthetic reference source written by benchmarks/references.py.
id: synthetic-by-country
title: "Synthetic trade by partner"
publisher: "benchmarks/references.py"
lineage: census
basis: census
adjustment: nsa
vintage: {{column: vintage}}
release: {{column: release}}
data: {data}
format: {fmt}
unit: USD
scale: million
precision: 0.05
subject: {{column: country_code, codes: alpha-3}}
period: {{column: year}}
values:
{values}
"""


def make_reference(world: synth.World, rng: random.Random, n_figures: int, named: set, sources: Path, data: Path, fmt: str) -> int:
    """The data file and the reference source YAML; returns the number of figures written."""
    import duckdb

    sources.mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    rows = list(reference_rows(world, rng, n_figures, [*world.countries, "WORLD"], named))
    as_json = data / "synthetic-by-country.json"
    as_json.write_text(json.dumps(rows), encoding="utf-8")
    name = as_json.name
    if fmt == "parquet":
        name = "synthetic-by-country.parquet"
        con = duckdb.connect()
        con.execute(f"copy (select * from read_json(?, format = 'array')) to '{data / name}' (format parquet)", [str(as_json)])
        con.close()
        as_json.unlink()
    values = [f"  - {{column: {m}, metric: {m}}}" for m in ANNUAL] + [f"  - {{column: {m}_months, metric: {m}, months: true}}" for m in MONTHLY]
    (sources / "synthetic-by-country.yaml").write_text(SPEC.format(data=name, fmt=fmt, values="\n".join(values)), encoding="utf-8")
    return len(rows) * FIGURES_PER_ROW


# --- measuring ------------------------------------------------------------------------------------

# Like html_report.py's launcher: wall, CPU (user + sys) and peak RSS of one fresh child (wait4).
_LAUNCHER = r"""
import json, os, subprocess, sys, tempfile, time
cwd, cmd = sys.argv[1], sys.argv[2:]
with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as err:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err.seek(0)
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "code": os.waitstatus_to_exitcode(status),
                      "rss_mb": usage.ru_maxrss / 1024, "stderr": err.read().decode(errors="replace")[-2000:]}))
"""


def timed_child(cmd: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(cwd), *cmd], capture_output=True, text=True, check=True)
    rec = json.loads(out.stdout)
    if rec["code"] not in (0, 1):
        print(f"  {' '.join(cmd)} exited {rec['code']}: {rec['stderr'].strip()[:500]}", file=sys.stderr)
    return rec


def with_and_without(cmd: list[str], cwd: Path, runs: int) -> dict[str, list[dict]]:
    """The command with references and with --no-references, alternating so the machine's drifts hit both alike."""
    out: dict[str, list[dict]] = {"with": [], "without": []}
    for _ in range(runs):
        out["with"].append(timed_child(cmd, cwd))
        out["without"].append(timed_child([*cmd, "--no-references"], cwd))
    return out


def medians(runs: dict[str, list[dict]]) -> dict:
    row = {f"{k}_{side}": statistics.median(r[k] for r in runs[side]) for side in runs for k in ("wall", "cpu", "rss_mb")}
    row["ratio_wall"] = row["wall_with"] / row["wall_without"]
    row["ratio_cpu"] = row["cpu_with"] / row["cpu_without"]
    row["all"] = {side: [round(r["cpu"], 2) for r in runs[side]] for side in runs}
    return row


def in_process(tmp: Path, runs: int) -> dict:
    """Seconds (median of runs) of references.load, the lookups' indexes and verdicts.assess, in this process."""
    from reconcile import references, verdicts
    from reconcile.loader import load as load_claims

    corpus = load_claims([str(tmp / "claims")])
    if not corpus.ok:
        raise SystemExit(f"the synthetic claim set does not load: {corpus.problems[:3]}")
    times: dict[str, list[float]] = {"load": [], "index": [], "assess": []}
    cpu: dict[str, list[float]] = {"load": [], "index": [], "assess": []}

    def timed(what: str, work, *args):
        t, c = time.perf_counter(), time.process_time()
        out = work(*args)
        times[what].append(time.perf_counter() - t)
        cpu[what].append(time.process_time() - c)
        return out

    for _ in range(runs):
        refs = timed("load", references.load, tmp / "references", tmp / "data")
        if not refs.ok:
            raise SystemExit(f"the synthetic references do not load: {refs.problems[:3]}")
        timed("index", _indexes, refs)
        judged = timed("assess", verdicts.assess, corpus.claims, refs)
    statuses = {s: sum(a.status == s for a in judged) for s in verdicts.STATUSES}
    return {"figures": len(refs), "claims": len(corpus.claims), "statuses": statuses, **{k: statistics.median(v) for k, v in times.items()},
            **{f"{k}_cpu": statistics.median(v) for k, v in cpu.items()}}  # fmt: skip


def _indexes(refs) -> tuple:
    """What the lookups build on first use, built here so that assess is timed without it."""
    return refs.index, refs.by_metric_period, refs.normalized, refs.bounds


def profile(tmp: Path, top: int = 25) -> None:
    from reconcile import references, verdicts
    from reconcile.loader import load as load_claims

    corpus = load_claims([str(tmp / "claims")])
    prof = cProfile.Profile()
    prof.enable()
    verdicts.assess(corpus.claims, references.load(tmp / "references", tmp / "data"))
    prof.disable()
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(top)
        text = out.getvalue().replace(str(REPO) + "/", "").replace(str(Path(sys.prefix)) + "/", "")
        print(f"\n--- cProfile references.load + verdicts.assess: top {top} by {key} ---")
        print(text[text.find("   ncalls") :].rstrip())


# --- the report ---------------------------------------------------------------------------------


def print_cli(label: str, row: dict) -> None:
    print(f"{label}:")
    for side, what in (("with", "with references"), ("without", "--no-references")):
        print(f"  {what:<16} wall {row[f'wall_{side}']:6.2f} s  CPU {row[f'cpu_{side}']:6.2f} s  peak RSS {row[f'rss_mb_{side}']:6.0f} MB"
              f"  (CPU of each run: {', '.join(f'{x:.2f}' for x in row['all'][side])})")  # fmt: skip
    print(f"  ratio with / without: wall {row['ratio_wall']:.2f}, CPU {row['ratio_cpu']:.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--figures", type=int, default=1_000_000, help="reference figures in the synthetic table (default 10^6)")
    ap.add_argument("--claims", type=int, default=10_000, help="synthetic claims (default 10^4)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each synthetic measurement (medians quoted; default 3)")
    ap.add_argument("--repo-runs", type=int, default=5, help="runs of `reconcile check claims/` each way (default 5; 0: skip)")
    ap.add_argument("--format", choices=("parquet", "json"), default="parquet", help="the synthetic table's file format")
    ap.add_argument("--profile", action="store_true", help="cProfile references.load + verdicts.assess on the synthetic set")
    ap.add_argument("--seed", type=int, default=20250611)
    args = ap.parse_args(argv)

    exe = reconcile_exe()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="reconcile-refs-") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        world = synth.make_world(rng, n_countries=250, years=YEARS)
        n_claims, named = make_claims(args.claims, world, rng, tmp / "claims")
        n_figures = make_reference(world, rng, args.figures, named, tmp / "references", tmp / "data", args.format)
        size = sum(p.stat().st_size for p in (tmp / "data").iterdir())
        print(f"  generated {n_claims} claims and {n_figures} figures ({size / 1e6:.1f} MB {args.format}) in {time.perf_counter() - t:.1f} s",
              file=sys.stderr, flush=True)  # fmt: skip
        cmd = [exe, "check", "claims", "--references", "data", "--no-html", "--no-baseline", "--format", "json"]
        synthetic = medians(with_and_without(cmd, tmp, args.runs))
        inside = in_process(tmp, args.runs)
        repo = medians(with_and_without([exe, "check", "claims/"], REPO, args.repo_runs)) if args.repo_runs else None

        print(f"references benchmark: seed {args.seed}; medians of {args.runs} runs (repository: {args.repo_runs}); Python {sys.version.split()[0]}")
        print()
        print_cli(f"synthetic: {n_figures} reference figures ({args.format}) against {n_claims} claims, `reconcile check` (fresh process)", synthetic)
        s = inside["statuses"]
        print(f"  verdicts: {s['confirmed']} confirmed, {s['contradicted']} contradicted, {s['unverified']} unverified")
        print(f"  in process: references.load {inside['load']:.2f} s, indexes {inside['index']:.2f} s, verdicts.assess {inside['assess']:.2f} s"
              f"  (CPU: {inside['load_cpu']:.2f}, {inside['index_cpu']:.2f}, {inside['assess_cpu']:.2f} s)")  # fmt: skip
        if repo:
            print()
            print_cli(f"repository: `reconcile check claims/` ({REPO.name}, its configuration and shipped references)", repo)
        print()
        rss = synthetic["rss_mb_with"]
        print(f"target: {n_figures} figures x {n_claims} claims under {TARGET_RSS_MB} MB peak RSS -> {'MET' if rss < TARGET_RSS_MB else 'NOT MET'} ({rss:.0f} MB)")
        if repo:
            ratio = repo["ratio_wall"]
            print(f"target: shipped references add at most {TARGET_REPO_RATIO - 1:.0%} to `check claims/` -> "
                  f"{'MET' if ratio <= TARGET_REPO_RATIO else 'NOT MET'} (wall x{ratio:.2f}, CPU x{repo['ratio_cpu']:.2f})")  # fmt: skip
        if args.profile:
            profile(tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
