#!/usr/bin/env bash
# Static checks: ruff (lint and format), the import-linter layer contracts (pyproject.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check graph api tests bench
.venv/bin/ruff format --check graph api tests bench
.venv/bin/lint-imports
