#!/usr/bin/env bash
# Test job: set up everything on a fresh machine, then lint and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check graph api tests bench
exec .venv/bin/python -m pytest "$@"
