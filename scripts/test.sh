#!/usr/bin/env bash
# Test job: set up everything on a fresh machine (the venv, Debian's chromium, Java and the OWL
# reasoners' jars, Debian's Virtuoso and LibreOffice Calc), then check
# style, layers and types, and run the test suite. The same checks run before each commit with
# pre-commit (.pre-commit-config.yaml).
#
#   bash scripts/test.sh          every test (what CI runs: .ci/run): the three rooms over
#                                 every core (pytest-xdist), then the `exclusive` tests alone
#   bash scripts/test.sh --fast   the same set-up and checks, then the unit tests only (marker
#                                 `unit`: tests/unit/, no server process, no browser), spread
#                                 over every core (pytest-xdist); chromium, Java, the
#                                 reasoners and Virtuoso are not installed
#
# Every other argument goes to pytest (`bash scripts/test.sh --fast -k lookup -x`).
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
pytest_args=()
for argument in "$@"; do
  if [ "$argument" = "--fast" ]; then
    fast=1
  else
    pytest_args+=("$argument")
  fi
done
bash scripts/setup.sh
if [ "$fast" -eq 0 ]; then
  bash scripts/setup-browser.sh  # chromium for the page tests (tests/browser/)
  bash scripts/setup-reasoners.sh  # Java and the OWL reasoners (tests/service/test_owl_reasoners.py)
  bash scripts/setup-stores.sh  # Virtuoso (tests/service/test_publish.py); never fails: they skip
  bash scripts/setup-office.sh  # LibreOffice Calc (the progress workbook); never fails: it skips
fi
bash scripts/check.sh
if [ "$fast" -eq 1 ]; then
  exec .venv/bin/python -m pytest -m unit -n auto ${pytest_args[@]+"${pytest_args[@]}"}
fi
# Two runs. First every test not marked `exclusive`, the three rooms together, over every core
# (pytest-xdist): each worker takes whole test modules (--dist loadscope), so a module's own
# servers start once, and the session's `site` once per worker. Then the `exclusive` tests
# (time bounds, memory, load: pyproject.toml's markers) one at a time, with nothing else
# running. Each run lists its slowest tests (what to look at first when the run grows). Exit
# code 5 (no test selected) is a failure only when neither run selected a test (arguments
# naming one test).
together=0
.venv/bin/python -m pytest -m "not exclusive" -n auto --dist loadscope --durations=30 \
  ${pytest_args[@]+"${pytest_args[@]}"} || together=$?
alone=0
.venv/bin/python -m pytest -m exclusive --durations=10 ${pytest_args[@]+"${pytest_args[@]}"} || alone=$?
if [ "$together" -eq 5 ] && [ "$alone" -eq 5 ]; then exit 5; fi
for code in "$together" "$alone"; do
  if [ "$code" -ne 0 ] && [ "$code" -ne 5 ]; then exit "$code"; fi
done
exit 0
