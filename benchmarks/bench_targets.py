"""Time the target employers and reply timing on 100,000 contacts with 1,000 targets.

Run: ``python benchmarks/bench_targets.py [--contacts N] [--targets T]``. The workbook is
written once by ``writing.demo.write_demo`` (to ``/tmp`` by default) and reused by later runs;
it is loaded once, then each analysis is timed (best of ``--repeat`` runs). Goals (2-core
machine): ``targets.target_employers`` (the due list included) <= 1 s after loading; reply
timing (the overall curve and its summary, and the curves by channel) <= 1 s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from netwk_analysis.analyses import followups, reach, targets, timing
from netwk_analysis.reading.load import load_network
from netwk_analysis.writing.demo import write_demo

__all__ = ["main"]


def _best(function, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs (on a busy machine the CPU time
    of this process is what the analysis itself costs)."""
    walls, cpus = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    return min(walls), min(cpus)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--targets", type=int, default=1_000)
    parser.add_argument("--workbook", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = args.workbook or Path(f"/tmp/netwk_bench_{args.contacts}_{args.targets}_targets.xlsx")
    if not path.exists():
        began = time.perf_counter()
        write_demo(path, contacts=args.contacts, seed=0, targets=args.targets)
        print(f"wrote {path} in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    network = load_network(path)
    as_of = network.as_of()
    print(
        f"loaded {len(network.contacts):,} contacts, {len(network.interactions):,} "
        f"interactions, {len(network.targets):,} targets in {time.perf_counter() - began:.1f} s;"
        f" as of {as_of:%Y-%m-%d}"
    )
    due = followups.due_items(network, as_of=as_of)
    cases = {
        "target_employers (due list included)": lambda: targets.target_employers(
            network, as_of=as_of
        ),
        "target_employers (due list given)": lambda: targets.target_employers(
            network, as_of=as_of, due=due
        ),
        "reply timing (curve + summary)": lambda: timing.reply_timing(network, as_of=as_of),
        "reply curves by channel": lambda: timing.reply_curves(network, as_of=as_of, by="channel"),
        "reply curves by source": lambda: timing.reply_curves(network, as_of=as_of, by="source"),
        "reach": lambda: reach.reach(network, as_of=as_of),
    }
    timings = {name: _best(function, args.repeat) for name, function in cases.items()}
    width = max(map(len, timings))
    print(f"{'analysis':<{width}}  wall s   CPU s")
    for name, (wall, cpu) in timings.items():
        print(f"{name:<{width}}  {wall:6.3f}  {cpu:6.3f}")


if __name__ == "__main__":
    main()
