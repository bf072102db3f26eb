"""Time the toolkit on synthetic workbooks of growing size, against a baseline and a floor.

    python benchmarks/run.py [--sizes 1000,10000,100000] [--dir benchmarks/out] [--skip-baseline]
                             [--skip-sample]

First the sample row: ``netwk report data/sample_network.xlsx`` against the import floor
``python -c "import pandas, matplotlib.figure"`` (the least any report must pay), each run three
times, alternating, in the same run; the median of each and their ratio are printed (goal: the
report within 2.0x of the floor).

For each size it writes a demo workbook (``netwk demo``, seed 1), then runs every step in its own
process so that wall time and peak memory (the child's own ``ru_maxrss``, from ``os.wait4``) are
per step:

- ``baseline``: ``pd.read_excel(path, sheet_name=None)`` with openpyxl (what a notebook does).
- ``floor``: unzip every worksheet and shared-strings part and tokenise it with expat; no
  conversion to Python values. Nothing that reads the file can be much faster.
- ``load``: ``load_network``; ``check``: the ``netwk check`` command, process start included.
- ``due``, ``stats``, ``tree``: each analysis once, timed inside a process that loaded first
  (the load is not counted).
- ``report``: the ``netwk report`` command, charts and files included.
- ``help``: ``netwk --help``.

The table prints seconds, the ratios to the baseline and to the floor, and peak MiB. A step
that fails is listed with the last line it wrote to stderr, and the other steps still run. It is
not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_network.xlsx"
IMPORT_FLOOR = "import pandas, matplotlib.figure"

FLOOR = """
import sys, zipfile, xml.parsers.expat
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in z.namelist():
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
            p = xml.parsers.expat.ParserCreate()
            with z.open(name) as f:
                p.ParseFile(f)
"""

BASELINE = """
import sys, pandas as pd
pd.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl")
"""

LOAD = """
import sys
from netwk_analysis.reading.load import load_network
load_network(sys.argv[1])
"""

ANALYSES = """
import json, sys, time
from netwk_analysis.reading.load import load_network
from netwk_analysis.analyses import followups
from netwk_analysis.analyses import metrics
from netwk_analysis.analyses import referrals
network = load_network(sys.argv[1])
as_of = network.as_of()
steps = {
    "due": lambda: followups.due_items(network, as_of=as_of),
    "stats": lambda: (metrics.weekly_outreach(network, as_of=as_of),
                      metrics.request_outcomes(network, as_of=as_of),
                      metrics.referral_yield(network, as_of=as_of)),
    "tree": lambda: referrals.tree_tables(network, as_of=as_of),
}
times = {}
for name, step in steps.items():
    start = time.perf_counter()
    step()
    times[name] = time.perf_counter() - start
print(json.dumps(times))
"""


class StepFailed(Exception):
    """A benchmarked child process exited with an error (not 0, and not 1 = workbook problems)."""


def run(argv: list[str]) -> tuple[float, float, str]:
    """Run a child process; return (seconds, peak MiB of that child, its stdout)."""
    seconds, memory, _, out = run_timed(argv)
    return seconds, memory, out


def run_timed(argv: list[str]) -> tuple[float, float, float, str]:
    """Run a child process; return (seconds, peak MiB, CPU seconds (user + system), stdout)."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child never blocks
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True)
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines() or ["no output"]
            raise StepFailed(f"exit code {code}: {lines[-1]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, out


def bench_sample(folder: Path, *, repeat: int = 3) -> str:
    """The sample row: the sample's report against the import floor, medians of ``repeat``
    alternating runs (wall and CPU seconds), and their ratios."""
    report = [
        PY,
        "-m",
        "netwk_analysis",
        "report",
        str(SAMPLE),
        "--out",
        str(folder / "report_sample"),
        "--force",
    ]
    floor_runs, report_runs = [], []
    for _ in range(repeat):
        floor_runs.append(run_timed([PY, "-c", IMPORT_FLOOR]))
        report_runs.append(run_timed(report))

    def median(runs, at):
        return sorted(r[at] for r in runs)[len(runs) // 2]

    floor, floor_cpu = median(floor_runs, 0), median(floor_runs, 2)
    took, took_cpu = median(report_runs, 0), median(report_runs, 2)
    peak = max(r[1] for r in report_runs)
    return (
        f"sample report {took:.2f} s ({took_cpu:.2f} s CPU, {peak:.0f} MiB) = "
        f"{took / floor:.2f}x the import floor {floor:.2f} s "
        f"({took_cpu / floor_cpu:.2f}x its {floor_cpu:.2f} s CPU); goal <= 2.0x"
    )


def bench_size(
    size: int, folder: Path, *, baseline: bool
) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Every step on one workbook of ``size`` contacts: name -> (seconds, peak MiB), and
    name -> why, for the steps that failed."""
    path = folder / f"demo_{size}.xlsx"
    netwk = [PY, "-m", "netwk_analysis"]
    steps = {
        "demo": [*netwk, "demo", str(path), "--contacts", str(size), "--seed", "1"],
        "baseline": [PY, "-c", BASELINE, str(path)],
        "floor": [PY, "-c", FLOOR, str(path)],
        "load": [PY, "-c", LOAD, str(path)],
        "check": [*netwk, "check", str(path)],
        "analyses": [PY, "-c", ANALYSES, str(path)],
        "report": [
            *netwk,
            "report",
            str(path),
            "--out",
            str(folder / f"report_{size}"),
            "--force",
        ],
        "help": [*netwk, "--help"],
    }
    if path.exists():
        del steps["demo"]
    if not baseline:
        del steps["baseline"]
    results, failures = {}, {}
    for name, argv in steps.items():
        try:
            seconds, memory, out = run(argv)
        except StepFailed as failure:
            failures[name] = str(failure)
            continue
        if name == "analyses":  # one process, several timed steps
            results |= {step: (took, memory) for step, took in json.loads(out).items()}
        else:
            results[name] = (seconds, memory)
    return results, failures


def table(all_results: dict[int, dict[str, tuple[float, float]]]) -> str:
    """The printed table: one row per size and step."""
    lines = [
        f"{'contacts':>9} {'step':<9} {'seconds':>8} {'x base':>7} {'x floor':>8} {'peak MiB':>9}"
    ]
    for size, results in all_results.items():
        base = results.get("baseline", (float("nan"), 0))[0]
        floor = results.get("floor", (float("nan"), 0))[0]
        for step, (seconds, memory) in results.items():
            lines.append(
                f"{size:>9,} {step:<9} {seconds:>8.2f} {seconds / base:>7.3f} "
                f"{seconds / floor:>8.2f} {memory:>9.0f}"
            )
    return "\n".join(lines)


def growth(all_results: dict[int, dict[str, tuple[float, float]]]) -> str:
    """Cost of 10x the rows, step by step, between consecutive sizes."""
    sizes = sorted(all_results)
    lines = []
    for small, big in zip(sizes, sizes[1:], strict=False):
        ratios = ", ".join(
            f"{step} {all_results[big][step][0] / all_results[small][step][0]:.1f}x"
            for step in ("load", "check", "due", "stats", "tree", "report")
            if step in all_results[small] and step in all_results[big]
        )
        lines.append(f"{small:,} -> {big:,} contacts ({big / small:.0f}x rows): {ratios}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/out"))
    parser.add_argument(
        "--skip-sample", action="store_true", help="skip the sample row (report vs import floor)"
    )
    parser.add_argument(
        "--skip-baseline",
        action="store_true",
        help="skip pandas.read_excel (about 45 s at 100,000 contacts)",
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    sample = None if args.skip_sample or not SAMPLE.exists() else bench_sample(args.dir)
    results, failures = {}, {}
    for size in sizes:
        results[size], failed = bench_size(size, args.dir, baseline=not args.skip_baseline)
        failures |= {f"{size:,} {step}": why for step, why in failed.items()}
        print(f"done {size:,}", file=sys.stderr)
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
    if sample:
        print(sample)
    print(table(results))
    print(growth(results))
    for step, why in failures.items():
        print(f"FAILED {step}: {why}")


if __name__ == "__main__":
    main()
