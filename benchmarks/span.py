"""Time the commands on a 10-year date span against the usual 17 weeks, at the same size.

    python benchmarks/span.py [--contacts 1000] [--years 10] [--dir benchmarks/out]

Writes two demo workbooks (``netwk demo``, seed 1) with the same number of contacts: one over the
usual 17 weeks, one whose interactions span ``--years`` years (52 weeks a year); and a copy of
the first with one interaction mistyped as 1900 (a 6,600-week span). For each it runs
``netwk stats``, ``netwk due`` and ``netwk report`` as separate processes (process start and
loading included) and, in one process that loaded first, times ``due_items``,
``overdue_by_week`` (one count per week of the span) and ``weekly_outreach``. The goal: the
analyses' time does not grow badly with the span (docs/metrics.md counts overdue items per week
with two sorted searches, so 520 weeks cost about what 17 do). Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable

ANALYSES = """
import json, sys, time
from netwk_analysis.reading.load import load_network
from netwk_analysis.analyses import followups, metrics
network = load_network(sys.argv[1])
as_of = network.as_of()
steps = {
    "due_items": lambda: followups.due_items(network, as_of=as_of),
    "overdue_by_week": lambda: followups.overdue_by_week(network, end=as_of),
    "weekly_outreach": lambda: metrics.weekly_outreach(network, as_of=as_of),
}
times = {}
for name, step in steps.items():
    start = time.perf_counter()
    step()
    times[name] = time.perf_counter() - start
first = network.interactions["date"].min()
times["span_weeks"] = (as_of - first).days / 7
print(json.dumps(times))
"""


#: The 17-week workbook with one interaction mistyped as 1 Jan 1900 (a warning when loading).
TYPO = """
import sys, datetime, openpyxl
book = openpyxl.load_workbook(sys.argv[1])
contact = book["Contacts"]["A2"].value
book["Interactions"].append([datetime.date(1900, 1, 1), contact, "note"])
book.save(sys.argv[2])
"""


def timed(argv: list[str]) -> tuple[float, str]:
    """Run a child process; return (seconds, its stdout). Exit 0 or 1 (problems) is fine."""
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        lines = done.stderr.strip().splitlines() or ["no output"]
        raise SystemExit(f"{' '.join(argv[2:4])} failed ({done.returncode}): {lines[-1]}")
    return seconds, done.stdout


def bench(path: Path, out: Path) -> dict[str, float]:
    netwk = [PY, "-m", "netwk_analysis"]
    results = {}
    for name, argv in {
        "netwk stats": [*netwk, "stats", str(path), "--format", "json"],
        "netwk due": [*netwk, "due", str(path), "--format", "json"],
        "netwk report": [*netwk, "report", str(path), "--out", str(out), "--force"],
    }.items():
        results[name], _ = timed(argv)
    _, text = timed([PY, "-c", ANALYSES, str(path)])
    results |= json.loads(text)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    spans = {"17 weeks": 17, f"{args.years} years": 52 * args.years}
    rows = {}
    for label, weeks in spans.items():
        path = args.dir / f"span_{args.contacts}_{weeks}w.xlsx"
        if not path.exists():
            write = (
                "import sys; from netwk_analysis.writing.demo import write_demo; "
                f"write_demo(sys.argv[1], contacts={args.contacts}, seed=1, weeks={weeks})"
            )
            timed([PY, "-c", write, str(path)])
        rows[label] = bench(path, args.dir / f"report_span_{weeks}w")
    typo = args.dir / f"span_{args.contacts}_17w_1900.xlsx"
    if not typo.exists():
        timed([PY, "-c", TYPO, str(args.dir / f"span_{args.contacts}_17w.xlsx"), str(typo)])
    rows["17 w + 1900"] = bench(typo, args.dir / "report_span_typo")
    steps = [s for s in next(iter(rows.values())) if s != "span_weeks"]
    print(f"{args.contacts:,} contacts; seconds per step, and the weeks the dates span")
    print(f"{'step':<18}" + "".join(f"{label:>14}" for label in rows) + f"{'span/17w':>9}")
    for step in steps:
        values = [rows[label][step] for label in rows]
        ratio = values[1] / values[0] if values[0] else float("nan")
        print(f"{step:<18}" + "".join(f"{v:>14.3f}" for v in values) + f"{ratio:>9.2f}")
    print(
        f"{'weeks spanned':<18}" + "".join(f"{rows[label]['span_weeks']:>14.0f}" for label in rows)
    )


if __name__ == "__main__":
    main()
