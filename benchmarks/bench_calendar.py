"""Time ``due_calendar`` (the ``due.ics`` file) for events and to-dos on a synthetic due list.

Run: ``python benchmarks/bench_calendar.py [--items 16000] [--repeat 5]``. The due list is built
in code: every row has a comma and a semicolon to escape and a summary long enough to fold; with
``--accents`` every name also has a non-ASCII letter (the general fold, the slower path). Prints
the best of ``--repeat`` runs per kind. Goal (issue 15): 16,000 items well under 1 s, events
comparable to to-dos. It is not part of the test run.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from netwk_analysis.presentation.calendar import due_calendar

__all__ = ["due_list", "main"]

KINDS = ["follow_up", "thank_you", "check_in", "move_on", "first_contact"]


def due_list(items: int, *, accents: bool = False) -> pd.DataFrame:
    """A due list of ``items`` rows, as ``followups.due_items`` returns it."""
    names = [f"Person {i}, Jr{'é' if accents else ''}; of Initech" for i in range(items)]
    return pd.DataFrame(
        {
            "contact": names,
            "kind": (KINDS * (items // len(KINDS) + 1))[:items],
            "due_on": pd.date_range("2020-01-01", periods=items, freq="h").normalize(),
            "days_overdue": [i % 40 for i in range(items)],
            "action": [f"Follow up with {n} about the analyst role; ask for names" for n in names],
        }
    )


def _best(function, repeat: int) -> tuple[float, float, int]:
    """Best wall and best CPU seconds of ``repeat`` runs (CPU time is what a busy machine does
    not inflate), and the size of the result."""
    walls, cpus, size = [], [], 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        size = len(function())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), size


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=16_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--accents", action="store_true", help="a non-ASCII letter in every name")
    args = parser.parse_args(argv)
    due = due_list(args.items, accents=args.accents)
    due_calendar(due.head(10))  # imports icalendar once, outside the timing
    for kind in ("event", "todo"):
        wall, cpu, size = _best(lambda kind=kind: due_calendar(due, kind=kind), args.repeat)
        print(
            f"{kind:5}  {args.items:,} items  {wall:.3f} s wall  {cpu:.3f} s CPU  "
            f"{size / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
