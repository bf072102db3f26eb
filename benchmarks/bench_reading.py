"""Time reading spreadsheets as people keep them: stray far cells, title rows, tables.

    python benchmarks/bench_reading.py [--dir benchmarks/out]

Each workbook is written with openpyxl, then ``load_network`` runs in its own process so wall
time and peak memory (the child's own ``ru_maxrss``, from ``os.wait4``) are per workbook; the
process time includes starting Python and importing pandas, the load time is the call alone:

- ``stray XFD1048576``: a 10-row Contacts sheet with one value at XFD1048576 (the last cell a
  sheet can have); the goal is <= 2 s and <= 300 MiB.
- ``stray GR1048576``, ``stray XFD5``, ``stray Z1048576``: the same with the value elsewhere.
- ``plain 10 rows``: the same sheet with no stray value, for comparison.
- ``tracker 5,000 rows``: title rows above the header, alias headers and an Excel Table with a
  totals row.

It is not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl.worksheet.table import Table

PY = sys.executable

LOAD = """
import sys, time
from netwk_analysis.reading.load import load_network
start = time.perf_counter()
network = load_network(sys.argv[1])
print(f"{time.perf_counter() - start:.2f} {len(network.contacts)}")
"""


def stray_book(path: Path, cell: str | None) -> Path:
    """A 10-row Contacts sheet, with one value at ``cell`` if given."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet.append(["Name", "Company", "Referred By", "Added On"])
    for i in range(10):
        sheet.append([f"Person {i}", "Acme", None, dt.date(2026, 3, 1 + i)])
    if cell:
        sheet[cell] = "stray"
    book.save(path)
    return path


def tracker_book(path: Path, rows: int) -> Path:
    """A tracker with two title rows, alias headers and a table with a totals row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet.append(["Job search tracker"])
    sheet.append(["Updated weekly"])
    sheet.append(["Full Name", "Employer", "Referrer", "Date Contacted", "Date Replied"])
    for i in range(rows):
        referrer = f"Person {i // 3}" if i else None
        day = dt.date(2025, 1, 1) + dt.timedelta(days=i % 400)
        sheet.append([f"Person {i}", f"Firm {i % 97}", referrer, day, None])
    last = rows + 4
    sheet.append(["Total", "=SUBTOTAL(103,Table1[Employer])"])
    table = Table(displayName="Table1", ref=f"A3:E{last}")
    table.totalsRowCount = 1
    sheet.add_table(table)
    book.save(path)
    return path


def run(argv: list[str]) -> tuple[float, float, str]:
    """Run a child process; return (seconds, peak MiB of that child, its stdout)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=errors, text=True)
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines() or ["no output"]
            out = f"FAILED (exit {code}): {lines[-1]}"
    return seconds, usage.ru_maxrss / 1024, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("benchmarks/out"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    books = {
        "plain 10 rows": stray_book(args.dir / "stray_none.xlsx", None),
        **{
            f"stray {cell}": stray_book(args.dir / f"stray_{cell}.xlsx", cell)
            for cell in ("XFD1048576", "GR1048576", "XFD5", "Z1048576")
        },
        "tracker 5,000 rows": tracker_book(args.dir / "tracker_5000.xlsx", 5000),
    }
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
    print(f"{'workbook':<22} {'process s':>9} {'load s':>7} {'peak MiB':>9} {'contacts':>9}")
    for name, path in books.items():
        seconds, memory, out = run([PY, "-c", LOAD, str(path)])
        load, _, contacts = out.partition(" ")
        print(f"{name:<22} {seconds:>9.2f} {load:>7} {memory:>9.0f} {contacts:>9}")


if __name__ == "__main__":
    main()
