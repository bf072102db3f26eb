"""Results shared between the analyses of one review (docs/report.md, "Speed").

Several analyses start from the same intermediate frames (the interactions coded by contact
position, the leads known, the interviews held, the requests with their answers, the first
request to each contact, the people at each company). Inside ``shared_results()``
each such frame is computed once per workbook and review day, and every caller receives its
own copy (a caller may add columns). Outside it, nothing is kept: a notebook that edits
``network.interactions`` between two calls always sees fresh results.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd

__all__ = ["shared", "shared_results"]

_MEMO: ContextVar[dict | None] = ContextVar("netwk_shared_results", default=None)


@contextmanager
def shared_results() -> Iterator[None]:
    """Within this block, functions marked ``@shared`` compute each result once.

    Examples
    --------
    >>> calls = []
    >>> @shared
    ... def count(network, *, as_of):
    ...     calls.append(as_of)
    ...     return pd.DataFrame({"n": [len(calls)]})
    >>> with shared_results():
    ...     first, again = count("book", as_of="2026-11-27"), count("book", as_of="2026-11-27")
    >>> len(calls), first.equals(again), first is again
    (1, True, False)
    """
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def shared(function: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """Mark ``function(network, *, as_of)`` (returning a frame) as computed once per
    ``shared_results()`` block for each network and review day; each call gets a copy."""

    @functools.wraps(function)
    def wrapper(network, *, as_of):
        memo = _MEMO.get()
        if memo is None:
            return function(network, as_of=as_of)
        key = (function.__qualname__, id(network), pd.Timestamp(as_of))
        if key not in memo:
            memo[key] = (network, function(network, as_of=as_of))  # network kept: id stays valid
        return memo[key][1].copy()

    return wrapper
