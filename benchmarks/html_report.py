"""HTML report benchmark: its size, its rendering time, and what it adds to `reconcile check`.

    .venv/bin/python benchmarks/html_report.py [--sizes 10000 100000] [--findings-set 10000] [--repeat 3]

For each size a clean synthetic claim set (benchmarks/synth.py, as scale.py
makes it) is written to a temporary folder; --findings-set adds a set of that
many claims in which a quarter of the USD figures are off by 30 % — about one
finding per claim (~10^4 findings at 10^4 claims), the report's other extreme.
For each set, each measured --repeat times and quoted as the median:

  render  as_records + html_format.render in this process (the report's own cost), wall and
          CPU seconds (process_time: what the report itself costs, whatever else the machine runs)
  size    the report's bytes (MB = 10^6 bytes)
  CLI     `reconcile check DIR --no-baseline --format json` in a subprocess, once with
          `--html FILE` and once with `--no-html`, alternating: wall and CPU (user + sys)
          seconds and peak RSS of the child (ru_maxrss from wait4, via a small launcher,
          as in scale.py)
  share   (with - without) / without, on the medians of CPU time (wall time is printed
          too; on a shared machine CPU time is the steadier of the two); and the render's
          CPU time over the CPU time of the run without the report, the steadiest estimate
          of the same share, since it does not subtract two noisy figures

With --references DATA the claims are also judged by the official tables (the
repository's references/ sources over DATA, e.g. ../shared/reference), so the
report carries verdicts, official figures and figure views: the synthetic
claims are real partners and years, so many of them are judged, and their
figures being invented, nearly all of those are contradicted: the set then has
about one RC501 finding per judged claim, the findings extreme rather than a
clean set, whatever its label. Both CLI runs then judge them (the verdicts are
the run's, not the report's cost).

Targets at 10^5 claims: the report adds at most 20 % to the run's time and is at
most 10 MB. A benchmark that prints figures, not a unit test: it exits 0 whatever
it finds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from scale import reconcile_exe

from reconcile.config import Config
from reconcile.engine import run as run_engine
from reconcile.loader import load
from reconcile.report import as_records, html_format

CLAIMS_PER_FILE = 200
TARGET_SHARE = 0.20
TARGET_MB = 10.0
ERROR_RATE = 0.25  # share of USD figures made wrong in the findings set
ERROR_FACTORS = (1.3, 0.7)


def make_set(n_claims: int, folder: Path, seed: int, error_rate: float = 0.0) -> int:
    """A synthetic claim set of about n_claims claims in ~200-claim files; returns the number of claims.

    With error_rate > 0 that share of the USD value figures is published 30 % too high or too low,
    so sources disagree (RC201), identities break (RC301) and series jump (RC203)."""
    rng = random.Random(seed)
    n_sources = max(1, round(n_claims / CLAIMS_PER_FILE))
    world = synth.make_world(rng, n_countries=max(40, min(250, n_sources)), years=list(range(2000, 2025)))
    sources = synth.make_sources(world, rng, n_sources, n_countries=22, prefix="s")
    if error_rate:
        for s in sources:
            s.claims = [_wrong(c, rng) if c.kind == "value" and c.unit == "USD" and rng.random() < error_rate else c for c in s.claims]
    synth.write_sources(sources, folder)
    return sum(len(s.claims) for s in sources)


def _wrong(c: synth.Claim, rng: random.Random) -> synth.Claim:
    literal = synth._fmt(float(c.literal) * rng.choice(ERROR_FACTORS), synth._decimals(c.literal))
    return replace(c, literal=literal)


# Like scale.py's launcher, and also the child's CPU time (user + sys).
_LAUNCHER = r"""
import json, os, subprocess, sys, time
cwd, cmd = sys.argv[1], sys.argv[2:]
with open(os.devnull, "wb") as sink:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=sink, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    print(json.dumps({"wall": time.perf_counter() - t, "cpu": usage.ru_utime + usage.ru_stime,
                      "code": os.waitstatus_to_exitcode(status), "rss_mb": usage.ru_maxrss / 1024}))
"""


def timed_child(cmd: list[str], cwd: Path) -> dict:
    out = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(cwd), *cmd], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


REFERENCE_SOURCES = Path(__file__).resolve().parent.parent / "references"


def official_tables(data: Path | None):
    """The repository's reference sources over the data folder, or None."""
    if data is None:
        return None
    from reconcile import references

    refs = references.load(REFERENCE_SOURCES, data)
    if not refs.ok:
        raise SystemExit(f"the reference tables do not load: {refs.problems[:3]}")
    return refs


def render_times(folder: Path, repeat: int, refs=None) -> tuple[list[float], list[float], int, int, int]:
    """(render wall and CPU seconds per repeat, report bytes, claims, findings) for the set in folder."""
    corpus = load([str(folder)])
    if not corpus.ok:
        raise SystemExit(f"the synthetic claim set does not load: {corpus.problems[:3]}")
    result = run_engine(corpus, Config(), references=refs)
    if refs is not None:
        judged = sum(a.status != "unverified" for a in result.assessments)
        print(f"  {judged} of {len(result.assessments)} claims judged by the official tables", file=sys.stderr, flush=True)
    times, cpu, size = [], [], 0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        html = html_format.render(as_records(result), result=result)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        size = len(html.encode("utf-8"))
    return times, cpu, size, len(corpus.claims), len(result.findings)


def cli_runs(folder: Path, repeat: int, out: Path, references: Path | None = None) -> dict[str, list[dict]]:
    """`reconcile check` with and without the report, alternating so drifts in the machine's load hit both alike."""
    base = [reconcile_exe(), "check", str(folder), "--no-baseline", "--format", "json"]
    if references is not None:  # the CLI finds reference sources in references/ beside where it runs
        link = folder.parent / "references"
        if not link.exists():
            link.symlink_to(REFERENCE_SOURCES, target_is_directory=True)
        base += ["--references", str(references)]
    runs: dict[str, list[dict]] = {"with": [], "without": []}
    for _ in range(repeat):
        runs["with"].append(timed_child([*base, "--html", str(out)], folder.parent))
        runs["without"].append(timed_child([*base, "--no-html"], folder.parent))
    return runs


def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def measure(label: str, folder: Path, repeat: int, references: Path | None = None) -> dict:
    times, cpu, size, n_claims, n_findings = render_times(folder, repeat, official_tables(references))
    runs = cli_runs(folder, repeat, folder.parent / f"{folder.name}.html", references)
    row = {"label": label, "claims": n_claims, "findings": n_findings, "mb": size / 1e6, "render": statistics.median(times),
           "render_cpu": statistics.median(cpu),
           **{f"{k}_{side}": median(runs[side], k) for side in runs for k in ("wall", "cpu", "rss_mb")}}  # fmt: skip
    row["share_cpu"] = row["cpu_with"] / row["cpu_without"] - 1
    row["share_wall"] = row["wall_with"] / row["wall_without"] - 1
    row["share_render"] = row["render_cpu"] / row["cpu_without"]
    every = {side: ", ".join(f"{r['cpu']:.1f}" for r in runs[side]) for side in runs}
    print(f"  {label}: {n_claims} claims, {n_findings} findings; report {row['mb']:.2f} MB, render {row['render']:.2f} s "
          f"(all: {', '.join(f'{t:.2f}' for t in times)}; CPU {', '.join(f'{t:.2f}' for t in cpu)}); CPU {row['cpu_with']:.1f} vs {row['cpu_without']:.1f} s "
          f"(all with: {every['with']}; without: {every['without']})", file=sys.stderr, flush=True)  # fmt: skip
    return row


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000], help="clean sets of these many claims")
    ap.add_argument("--findings-set", type=int, default=10_000, help="claims in the set with many findings (0: none)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement (medians are quoted; default 3)")
    ap.add_argument("--seed", type=int, default=20250611)
    ap.add_argument("--references", type=Path, help="judge the claims by the official tables in this folder (e.g. ../shared/reference)")
    args = ap.parse_args(argv)

    run_engine(load([str(Path(__file__).resolve().parent.parent / "claims")]), Config())  # warm-up: imports, caches
    sets = [(f"clean {n}", n, 0.0) for n in args.sizes]
    if args.findings_set:
        sets.append((f"findings {args.findings_set}", args.findings_set, ERROR_RATE))
    rows = []
    with tempfile.TemporaryDirectory(prefix="reconcile-html-") as tmp:
        for label, n, rate in sets:
            folder = Path(tmp) / label.replace(" ", "-")
            make_set(n, folder, args.seed, rate)
            rows.append(measure(label, folder, args.repeat, args.references and args.references.resolve()))

    judged = f"; judged by the official tables in {args.references}" if args.references else ""
    print(f"HTML report benchmark: seed {args.seed}; medians of {args.repeat} runs; Python {sys.version.split()[0]}{judged}")
    print()
    head = ("set", "claims", "findings", "report", "render", "rend.CPU", "CPU with", "CPU w/o", "share", "render/run", "wall with", "wall w/o",
            "share", "RSS with", "RSS w/o")  # fmt: skip
    print("{:<16} {:>7} {:>8} {:>9} {:>7} {:>8} {:>9} {:>8} {:>6} {:>10} {:>9} {:>8} {:>6} {:>9} {:>8}".format(*head))
    for r in rows:
        print(f"{r['label']:<16} {r['claims']:>7} {r['findings']:>8} {r['mb']:>6.2f} MB {r['render']:>6.2f}s {r['render_cpu']:>7.2f}s {r['cpu_with']:>8.2f}s "
              f"{r['cpu_without']:>7.2f}s {r['share_cpu']:>+6.0%} {r['share_render']:>10.0%} {r['wall_with']:>8.2f}s {r['wall_without']:>7.2f}s {r['share_wall']:>+6.0%} "
              f"{r['rss_mb_with']:>6.0f} MB {r['rss_mb_without']:>5.0f} MB")  # fmt: skip
    big = [r for r in rows if r["label"].startswith("clean") and r["claims"] >= 90_000]
    for r in big:
        print()
        met = r["share_cpu"] <= TARGET_SHARE and r["share_render"] <= TARGET_SHARE
        print(f"target at {r['claims']} claims: the report adds <= {TARGET_SHARE:.0%} -> {'MET' if met else 'NOT MET'} "
              f"(CPU with/without {r['share_cpu']:+.0%}; render CPU / run CPU {r['share_render']:.0%}; wall {r['share_wall']:+.0%})")
        print(f"target at {r['claims']} claims: report <= {TARGET_MB:.0f} MB -> {'MET' if r['mb'] <= TARGET_MB else 'NOT MET'} ({r['mb']:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
