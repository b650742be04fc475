"""Scale benchmark: how long reconcile takes on 10^3 .. 10^5 (or 10^6) claims, and on the repository's real claims.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000 100000] [--seed 7] [--profile]

For each size, a clean synthetic claim set (benchmarks/synth.py: real countries,
census lineage, ~200 claims per file, figures restating each other across
sources) is written to a temporary folder, then timed:

  load   reconcile.loader.load (YAML -> validated claims table), in this process
  run    reconcile.engine.run with Config() (no documents: RC1xx do not run), in this process
  CLI    `reconcile check DIR --no-html --no-baseline --format json` in a subprocess,
         wall time including interpreter start-up, and the child's peak RSS
         (ru_maxrss from wait4). The child runs in the temporary folder, so no
         [tool.reconcile] configuration (documents, baseline) is picked up.

Then `reconcile check claims/ --no-html --no-baseline` on the repository's own
claims, from the repository root (its configuration applies: documents are
checked), wall time best of --repeat, and `reconcile rules` as the bare
start-up cost. In-process timings follow a warm-up load+run of the real claims,
so one-time imports and caches are not charged to the first size.

--profile prints cProfile's top 25 functions by cumulative time (all, then
reconcile's own) and the top 15 by own time, for load+run at every size of
10^4 claims or more.

--tabular writes each synthetic set (default sizes 10^4 and 10^5) also as CSV and as
Parquet claims tables (one NAME.csv / NAME.parquet per YAML file, with its
NAME.source.yaml sidecar) and times, per format, `load` in this process and the
full `reconcile check` CLI, --tabular-repeat times each; it prints the medians and
each table format's ratio to YAML, measured in the same run, and checks that
every format gives the same number of claims and findings.

Between consecutive sizes it prints the growth exponent log(t2/t1)/log(n2/n1)
of load+run and of the CLI wall time. `--sizes 100000 1000000` is the 10^6 path
(~5,000 files, several minutes; run it with nice in the background).

Targets: real claims < 1.2 s wall including start-up; 10^5 claims < 15 s.
A benchmark that prints figures, not a unit test: it exits 0 whatever it finds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import math
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

from reconcile.config import Config
from reconcile.engine import run as run_engine
from reconcile.loader import load

REPO = Path(__file__).resolve().parent.parent
CLAIMS_PER_FILE = 200
TARGET_REAL_S = 1.2
TARGET_100K_S = 15.0


def reconcile_exe() -> str:
    exe = Path(sys.executable).parent / "reconcile"
    return str(exe) if exe.exists() else "reconcile"


def make_set(n_claims: int, rng: random.Random, folder: Path) -> tuple[int, int]:
    """A clean claim set of about n_claims claims in ~200-claim files; returns (claims, files)."""
    n_sources = max(1, round(n_claims / CLAIMS_PER_FILE))
    world = synth.make_world(rng, n_countries=max(40, min(250, n_sources)), years=list(range(2000, 2025)))
    sources = synth.make_sources(world, rng, n_sources, n_countries=22, prefix="s")
    synth.write_sources(sources, folder)
    return sum(len(s.claims) for s in sources), len(sources)


# A child forked from this process would report this process's RSS as its own peak: Linux keeps
# ru_maxrss across fork and exec. So a small launcher interpreter starts each timed command and
# reports its wall time, exit code and ru_maxrss (wait4); its own footprint is a few MB.
_LAUNCHER = r"""
import json, os, subprocess, sys, tempfile, time
cwd, cmd = sys.argv[1], sys.argv[2:]
with open(os.devnull, "wb") as sink, tempfile.TemporaryFile() as err:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=err)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err.seek(0)
    print(json.dumps({"wall": wall, "code": os.waitstatus_to_exitcode(status), "maxrss_kb": usage.ru_maxrss,
                      "stderr": err.read().decode(errors="replace")[-2000:]}))
"""


def timed_child(cmd: list[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds (including interpreter start-up), exit code and peak RSS (MB) of one run of cmd."""
    import json

    out = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(cwd), *cmd], capture_output=True, text=True, check=True)
    rec = json.loads(out.stdout)
    if rec["code"] not in (0, 1):
        print(f"  {' '.join(cmd)} exited {rec['code']}: {rec['stderr'].strip()[:500]}", file=sys.stderr)
    return rec["wall"], rec["code"], rec["maxrss_kb"] // 1024


def _short(func) -> str:
    file, line, name = func
    file = file.replace(str(REPO) + "/", "").replace(str(Path(sys.prefix)) + "/", "")
    return f"{file}:{line}({name})"


def library_time_by_caller(stats: pstats.Stats, n: int = 20) -> str:
    """Seconds spent in library code (pandas, pandera, yaml, ...) called directly from each reconcile function.

    cProfile keys functions by their first line; the call sites are the lines of that function that call
    pandas (boolean masks, groupby, to_dict, ...). Callbacks into reconcile (pandera checks) are included.
    """
    ours = lambda func: "/reconcile/" in func[0]  # noqa: E731
    spent: dict = {}
    for func, (_, _, _, _, callers) in stats.stats.items():
        if ours(func):
            continue
        for caller, edge in callers.items():
            if ours(caller):
                spent.setdefault(caller, {}).setdefault(func, 0.0)
                spent[caller][func] += edge[3]
    rows = sorted(((sum(v.values()), caller, v) for caller, v in spent.items()), key=lambda r: r[0], reverse=True)[:n]
    lines = []
    for total, caller, callees in rows:
        top = sorted(callees.items(), key=lambda kv: kv[1], reverse=True)[:3]
        lines.append(f"{total:8.2f} s  {_short(caller)}")
        for func, t in top:
            lines.append(f"{'':14}{t:7.2f} s in {_short(func)}")
    return "\n".join(lines)


def profile(folder: Path, label: str, dump: str | None = None) -> None:
    prof = cProfile.Profile()
    prof.enable()
    corpus = load([str(folder)])
    run_engine(corpus, Config())
    prof.disable()
    if dump:
        prof.dump_stats(dump)
    views = [
        ("cumulative", 25, (), "all functions"),
        ("cumulative", 25, (r"/reconcile/",), "reconcile's own functions (where the time is spent, by caller)"),
        ("tottime", 15, (), "all functions"),
    ]
    for key, n, restrict, what in views:
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats(key).print_stats(*restrict, n)
        text = out.getvalue()
        text = text.replace(str(REPO) + "/", "").replace(str(Path(sys.prefix)) + "/", "")
        body = text[text.find("   ncalls"):]
        print(f"\n--- cProfile {label}: top {n} by {key}, {what} ---")
        print(body.rstrip())
    print(f"\n--- cProfile {label}: library time by the reconcile function that calls it (top 20) ---")
    print(library_time_by_caller(pstats.Stats(prof)))


def growth_exponent(n1: int, t1: float, n2: int, t2: float) -> float:
    """k in t ~ n^k between two sizes: 1 is linear, 2 quadratic."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def print_growth(rows) -> None:
    # Between consecutive sizes, so a super-linear step (10^5 -> 10^6) shows up on its own line.
    for prev, cur in zip(rows, rows[1:]):
        (n1, t1), (n2, t2) = (prev[1], prev[4] + prev[5]), (cur[1], cur[4] + cur[5])
        cli = growth_exponent(n1, prev[6], n2, cur[6])
        print(f"growth {n1} -> {n2} claims: load+run exponent {growth_exponent(n1, t1, n2, t2):.2f}, CLI wall exponent {cli:.2f}"
              " (log(t2/t1)/log(n2/n1); 1 = linear)")  # fmt: skip


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000], help="claim counts (default 1000 10000 100000)")
    ap.add_argument("--seed", type=int, default=20250611)
    ap.add_argument("--repeat", type=int, default=5, help="runs of the CLI on the real claims (best is reported; default 5)")
    ap.add_argument("--cli-repeat", type=int, default=1, help="CLI runs per synthetic size (best is reported; default 1)")
    ap.add_argument("--profile", action="store_true", help="cProfile load+run for sizes >= 10^4")
    ap.add_argument("--profile-only", action="store_true", help="only generate the sets and profile them (no timings, no CLI runs)")
    ap.add_argument("--claims", default=str(REPO / "claims"), help="the real claims folder (default claims/)")
    ap.add_argument("--tabular", action="store_true", help="time CSV and Parquet claims tables against YAML (sizes default to 10^4 10^5)")
    ap.add_argument("--tabular-repeat", type=int, default=3, help="runs per format and size with --tabular (median is reported; default 3)")
    args = ap.parse_args(argv)
    if args.tabular:
        sizes = args.sizes if "--sizes" in (argv if argv is not None else sys.argv) else [10_000, 100_000]
        return tabular_main(sizes, args.seed, args.tabular_repeat)

    exe = reconcile_exe()
    rng = random.Random(args.seed)
    # warm-up: imports, schema construction and caches are paid once per process
    run_engine(load([args.claims]), Config())

    rows = []
    profiles = []
    with tempfile.TemporaryDirectory(prefix="reconcile-scale-") as tmp:
        tmp = Path(tmp)
        for size in args.sizes:
            folder = tmp / f"n{size}"
            t = time.perf_counter()
            n_claims, n_files = make_set(size, rng, folder)
            gen = time.perf_counter() - t
            if args.profile_only:
                profile(folder, f"{n_claims} claims")
                continue
            t = time.perf_counter()
            corpus = load([str(folder)])
            t_load = time.perf_counter() - t
            if not corpus.ok:
                for p in corpus.problems[:10]:
                    print("LOAD PROBLEM:", p, file=sys.stderr)
                raise SystemExit("the synthetic claim set does not load: a generator bug")
            t = time.perf_counter()
            result = run_engine(corpus, Config())
            t_run = time.perf_counter() - t
            findings = len(result.findings)
            del corpus, result
            cli = [timed_child([exe, "check", str(folder), "--no-html", "--no-baseline", "--format", "json"], tmp) for _ in range(args.cli_repeat)]
            wall, code, rss = min(cli)
            rows.append((size, n_claims, n_files, gen, t_load, t_run, wall, rss, findings, code))
            print(f"  n={size}: {n_claims} claims in {n_files} files; load {t_load:.2f} s, run {t_run:.2f} s, CLI {wall:.2f} s, "
                  f"{rss} MB, {findings} findings", file=sys.stderr, flush=True)  # fmt: skip
            if args.profile and size >= 10_000:
                profiles.append((folder, f"{n_claims} claims"))
        if args.profile_only:
            return 0
        real = [timed_child([exe, "check", args.claims, "--no-html", "--no-baseline"], REPO) for _ in range(args.repeat)]
        startup = [timed_child([exe, "rules"], REPO) for _ in range(args.repeat)]
        n_real = len(load([args.claims]).claims)

        print(f"scale benchmark: seed {args.seed}; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
        print()
        print(f"{'claims':>8} {'files':>6} {'generate':>9} {'load':>8} {'run':>8} {'load+run':>9} {'CLI wall':>9} {'peak RSS':>9} {'findings':>9}")
        for _size, n_claims, n_files, gen, t_load, t_run, wall, rss, findings, _code in rows:
            print(f"{n_claims:8} {n_files:6} {gen:8.2f}s {t_load:7.2f}s {t_run:7.2f}s {t_load + t_run:8.2f}s {wall:8.2f}s {rss:6} MB {findings:9}")
        print_growth(rows)
        best = min(real)
        print()
        print(f"real claims ({n_real} claims, {args.claims}): `reconcile check --no-html --no-baseline` wall best of {args.repeat} "
              f"{best[0]:.2f} s (all: {', '.join(f'{w:.2f}' for w, _, _ in real)}), peak RSS {best[2]} MB, exit {best[1]}")  # fmt: skip
        print(f"start-up only (`reconcile rules`): best of {args.repeat} {min(startup)[0]:.2f} s, peak RSS {min(startup)[2]} MB")
        print()
        print(f"target: real claims < {TARGET_REAL_S} s wall -> {'MET' if best[0] < TARGET_REAL_S else 'NOT MET'} ({best[0]:.2f} s)")
        big = [r for r in rows if r[0] == 100_000]
        if big:
            wall = big[0][6]
            print(f"target: 10^5 claims < {TARGET_100K_S} s (CLI wall) -> {'MET' if wall < TARGET_100K_S else 'NOT MET'} ({wall:.2f} s)")
        if any(r[8] for r in rows):
            print("NOTE: findings on a clean synthetic set are false positives: run benchmarks/precision_recall.py")
        for folder, label in profiles:
            profile(folder, label)
    return 0


# --- --tabular: the same claims as YAML, CSV and Parquet -------------------------------------------


def to_tables(yaml_folder: Path, csv_folder: Path, parquet_folder: Path) -> None:
    """Each YAML claim file as NAME.csv and NAME.parquet, all cells text, beside a NAME.source.yaml of its other blocks."""
    import csv

    import pyarrow as pa
    import pyarrow.parquet as pq
    import yaml

    for folder in (csv_folder, parquet_folder):
        folder.mkdir(parents=True)
    for path in sorted(yaml_folder.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        claims = yaml.load(text, Loader=yaml.BaseLoader)["claims"]  # BaseLoader: every scalar stays its text
        sidecar = text[: text.index("\nclaims:") + 1]  # synth writes claims: last; the blocks above are kept as written
        rows = [_flat(c) for c in claims]
        columns = list(dict.fromkeys(k for r in rows for k in r))
        for folder in (csv_folder, parquet_folder):
            (folder / f"{path.stem}.source.yaml").write_text(sidecar, encoding="utf-8")
        with (csv_folder / f"{path.stem}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, columns)
            writer.writeheader()
            writer.writerows({k: ";".join(v) if isinstance(v, list) else v for k, v in r.items()} for r in rows)
        table = {c: pa.array([r.get(c) for r in rows], type=pa.list_(pa.string()) if c == "parts" else pa.string()) for c in columns}
        pq.write_table(pa.table(table), parquet_folder / f"{path.stem}.parquet")


def _flat(claim: dict) -> dict:
    """A claim's nested keys (of: {subject: X}) as table columns (of.subject)."""
    out = {}
    for key, value in claim.items():
        if isinstance(value, dict):
            out.update({f"{key}.{inner}": v for inner, v in value.items()})
        else:
            out[key] = [value] if key == "parts" and isinstance(value, str) else value
    return out


def _median(values: list[float]) -> float:
    import statistics

    return statistics.median(values)


def time_format(folder: Path, repeat: int, exe: str, cwd: Path) -> tuple[float, float, int, int]:
    """(median load s, median CLI check wall s, claims, findings) of one folder."""
    loads, claims = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        corpus = load([str(folder)])
        loads.append(time.perf_counter() - t)
        if not corpus.ok:
            raise SystemExit(f"{folder} does not load: {corpus.problems[0]}")
        claims = len(corpus.claims)
        del corpus
    import json

    out = subprocess.run([exe, "check", str(folder), "--no-html", "--no-baseline", "--format", "json"], cwd=cwd, capture_output=True, text=True)
    findings = len(json.loads(out.stdout)["findings"])
    walls = [timed_child([exe, "check", str(folder), "--no-html", "--no-baseline", "--format", "json"], cwd)[0] for _ in range(repeat)]
    return _median(loads), _median(walls), claims, findings


def tabular_main(sizes: list[int], seed: int, repeat: int) -> int:
    exe = reconcile_exe()
    rng = random.Random(seed)
    run_engine(load([str(REPO / "claims")]), Config())  # warm-up, as in main()
    results = []
    with tempfile.TemporaryDirectory(prefix="reconcile-tabular-") as tmp:
        tmp = Path(tmp)
        for size in sizes:
            yaml_folder = tmp / f"n{size}-yaml"
            make_set(size, rng, yaml_folder)
            to_tables(yaml_folder, tmp / f"n{size}-csv", tmp / f"n{size}-parquet")
            for fmt in ("yaml", "csv", "parquet"):
                t_load, wall, claims, findings = time_format(tmp / f"n{size}-{fmt}", repeat, exe, tmp)
                results.append((size, fmt, t_load, wall, claims, findings))
                print(f"  n={size} {fmt}: load {t_load:.2f} s, check {wall:.2f} s, {claims} claims, {findings} findings", file=sys.stderr, flush=True)
    print(f"tabular benchmark: seed {seed}; medians of {repeat} runs; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")
    print()
    print(f"{'claims':>8} {'format':>8} {'load':>8} {'vs YAML':>8} {'check':>8} {'vs YAML':>8} {'findings':>9}")
    base = {r[0]: r for r in results if r[1] == "yaml"}
    for size, fmt, t_load, wall, claims, findings in results:
        y = base[size]
        print(f"{claims:8} {fmt:>8} {t_load:7.2f}s {t_load / y[2]:7.2f}x {wall:7.2f}s {wall / y[3]:7.2f}x {findings:9}")
        if (claims, findings) != (y[4], y[5]):
            print(f"MISMATCH: {fmt} at {size} gives {claims} claims / {findings} findings, YAML {y[4]} / {y[5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
