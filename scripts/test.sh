#!/usr/bin/env bash
# Test job: set up everything on a fresh machine (the venv, Debian's chromium), then check
# style, layers and types, and run the test suite. The same checks run before each commit with
# pre-commit (.pre-commit-config.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-browser.sh  # chromium for the page tests (tests/browser.py)
bash scripts/check.sh
exec .venv/bin/python -m pytest "$@"
