"""The rules on each engine: Python loops vs the Ibis kernels on DuckDB (and Spark), same findings, run time.

    .venv/bin/python benchmarks/engines.py [--sizes 10000 100000] [--spark-sizes 10000] [--runs 3] [--seed 20250611]

Builds a synthetic claim set per size (benchmarks/synth.py, the generator precision_recall.py uses) with
injected errors (precision_recall.py's injectors), loads it once, then times `reconcile.engine.run` (the
rules only: no documents, no references) on each engine, medians of --runs, and prints the ratio to the
Python path. Every engine must give the same findings (code, fingerprint, message) or the script fails.
The machine is shared and noisy: compare the ratios, measured in the same run, not the seconds.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import precision_recall as pr
import synth

from reconcile.config import Config
from reconcile.engine import run as run_engine
from reconcile.loader import load

CLAIMS_PER_FILE = 200


def synthetic_sources(n_claims: int, rng: random.Random, injections: int = 0) -> list:
    """A consistent claim set of about n_claims claims in ~200-claim sources, with `injections` errors injected."""
    n_sources = max(2, round(n_claims / CLAIMS_PER_FILE))
    world = synth.make_world(rng, n_countries=max(40, min(250, n_sources)), years=list(range(2000, 2025)))
    sources = synth.make_sources(world, rng, n_sources, n_countries=22, prefix="s")
    if not injections:
        return sources
    kinds = list(pr.INJECTORS) * (1 + injections // len(pr.INJECTORS))
    rng.shuffle(kinds)
    chosen = pr.choose(pr.Pool(sources), rng, kinds, injections)
    return pr.apply(sources, {i: c for inj in chosen for i, c in inj.changes.items()})


def write_corpus(sources: list, folder: Path):
    synth.write_sources(sources, folder)
    corpus = load([str(folder)])
    if not corpus.ok:
        raise SystemExit(f"the synthetic claim set does not load: {corpus.problems[:3]}")
    return corpus


# The rules whose heavy lifting runs on the engine; the others run the same Python code on every engine.
KERNEL_RULES = ["RC201", "RC202", "RC203", "RC204"]


def findings_of(corpus, engine: str, select: list[str] | None = None) -> list[tuple]:
    return [(f.code, f.fingerprint, f.message) for f in run_engine(corpus, Config(), select=select, engine_name=engine).findings]


def timed(corpus, engine: str, runs: int, select: list[str] | None = None) -> tuple[float, list[tuple]]:
    """Median wall time of the rules on `engine` (each run builds its own context and tables), and the findings."""
    times, found = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        found = findings_of(corpus, engine, select)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), found


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--spark-sizes", type=int, nargs="*", default=[10_000], help="sizes also run on pyspark (when installed)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20250611)
    args = ap.parse_args(argv)
    spark = importlib.util.find_spec("pyspark") is not None
    if spark:
        findings_of(write_corpus(synthetic_sources(300, random.Random(1)), Path(tempfile.mkdtemp()) / "warm"), "pyspark")
    failed = False
    with tempfile.TemporaryDirectory(prefix="reconcile-engines-") as tmp:
        for size in args.sizes:
            rng = random.Random(args.seed + size)
            corpus = write_corpus(synthetic_sources(size, rng, injections=max(5, size // 1000)), Path(tmp) / str(size))
            engines = ["python", "duckdb"] + (["pyspark"] if spark and size in args.spark_sizes else [])
            for label, select in (("every rule", None), (f"the kernel rules ({', '.join(KERNEL_RULES)})", KERNEL_RULES)):
                results = {e: timed(corpus, e, args.runs, select) for e in engines}
                base, base_found = results["python"]
                print(f"{len(corpus.claims):,} claims, {label}: {len(base_found)} findings (rules only, median of {args.runs}):")
                for e, (t, found) in results.items():
                    same = found == base_found
                    failed |= not same
                    print(f"  {e:8} {t:7.2f} s   ratio to python {t / base:5.2f}   findings {'identical' if same else 'DIFFER'}")
    if spark:
        print("  (pyspark: local[2], one SparkSession warmed up before timing)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
