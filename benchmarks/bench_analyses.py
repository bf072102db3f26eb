"""Time the follow-up and metrics analyses on a 100,000-contact synthetic workbook.

Run: ``python benchmarks/bench_analyses.py [--contacts N] [--workbook PATH]``. The workbook is
written once by ``writing.demo.write_demo`` (to ``/tmp`` by default) and reused by later
runs; it is loaded once, then each analysis is timed (best of ``--repeat`` runs). Goal (issue
speed goals, 2-core machine): ``netwk due`` and ``netwk stats`` analyses each under 1 s.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from netwk_analysis.analyses import followups, metrics, review
from netwk_analysis.reading.load import load_network
from netwk_analysis.writing.demo import write_demo

__all__ = ["main"]


def _best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--workbook", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = args.workbook or Path(f"/tmp/netwk_bench_{args.contacts}.xlsx")
    if not path.exists():
        began = time.perf_counter()
        write_demo(path, contacts=args.contacts, seed=0)
        print(f"wrote {path} in {time.perf_counter() - began:.1f} s")
    began = time.perf_counter()
    network = load_network(path)
    as_of = network.as_of()
    print(
        f"loaded {len(network.contacts):,} contacts, {len(network.interactions):,} "
        f"interactions, {len(network.leads):,} leads in {time.perf_counter() - began:.1f} s; "
        f"as of {as_of:%Y-%m-%d}"
    )
    cases = {
        "due_items": lambda: followups.due_items(network, as_of=as_of),
        "overdue_by_week (all weeks)": lambda: followups.overdue_by_week(network, end=as_of),
        "weekly_outreach": lambda: metrics.weekly_outreach(network, as_of=as_of),
        "request_outcomes": lambda: metrics.request_outcomes(network, as_of=as_of),
        "referral_yield": lambda: metrics.referral_yield(network, as_of=as_of),
        "employer_coverage": lambda: metrics.employer_coverage(network, as_of=as_of),
        "funnel": lambda: metrics.funnel(network, as_of=as_of),
        "headline": lambda: review.headline(network, as_of=as_of),
    }
    timings = {name: _best(function, args.repeat) for name, function in cases.items()}
    timings["netwk stats (3 analyses)"] = sum(
        timings[k] for k in ("weekly_outreach", "request_outcomes", "referral_yield")
    )
    width = max(map(len, timings))
    print(f"{'analysis':<{width}}  seconds")
    for name, seconds in timings.items():
        print(f"{name:<{width}}  {seconds:7.3f}")


if __name__ == "__main__":
    main()
