"""Shared test set-up: the slow-test rule, and builders of real workbooks (openpyxl).

Slow tests (``@pytest.mark.slow``: a full-disk report, zip bombs, whole-notebook runs) run in CI
(where ``CI`` is set) and with ``--run-slow``; a plain ``python -m pytest`` on a laptop skips them
so the everyday suite stays under a minute.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test of many seconds, run in CI and --run-slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="slow: runs in CI (CI=true) or with --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
