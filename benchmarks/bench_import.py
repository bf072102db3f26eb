"""Time ``netwk import linkedin`` on a realistic synthetic export (the goal: <= 3 s).

    python benchmarks/bench_import.py [--connections 5000] [--messages 10000] [--dir DIR]

Builds the export with ``writing.demo_export`` (LinkedIn's exact layout, as a zip), then runs
``netwk import linkedin`` in its own process (process start included) and ``netwk check`` on the
workbook it wrote. Prints the seconds and the peak MiB of each (the child's own ``ru_maxrss``,
from ``os.wait4``) and fails if ``check`` finds an error. It is not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from netwk_analysis.writing.demo_export import write_demo_export

GOAL_SECONDS = 3.0


def run(argv: list[str]) -> tuple[float, float, int, str]:
    """Run a child process; return (seconds, peak MiB, exit code, its stdout)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench_import_"))
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / "Basic_LinkedInDataExport_11-27-2026.zip"
    book = folder / "network.xlsx"
    write_demo_export(export, connections=args.connections, messages=args.messages, overwrite=True)
    netwk = [sys.executable, "-m", "netwk_analysis"]
    seconds, peak, code, out = run(
        [*netwk, "import", "linkedin", str(export), "--out", str(book), "--force"]
    )
    print(out, end="")
    print(
        f"import linkedin ({args.connections:,} connections, {args.messages:,} messages): "
        f"{seconds:.2f} s, peak {peak:.0f} MiB (goal <= {GOAL_SECONDS:.0f} s), exit {code}"
    )
    check_seconds, check_peak, check_code, check_out = run([*netwk, "check", str(book)])
    print(check_out.strip().splitlines()[-1])
    print(f"check: {check_seconds:.2f} s, peak {check_peak:.0f} MiB, exit {check_code}")
    if code != 0 or check_code != 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
