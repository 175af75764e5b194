"""Where things are: the repository, and the data and vendored files of the tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
TEST_DATA = TESTS / "data"  # files made for the tests (made-up plans, protocol graphs)
TEST_VENDOR = TESTS / "vendor"  # third-party files the tests use (axe-core, DCAT-AP shapes)
