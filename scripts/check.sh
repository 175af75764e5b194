#!/usr/bin/env bash
# Static checks: ruff (lint and format), the import-linter layer contracts, then mypy
# (scripts/typecheck.sh); all configured in pyproject.toml. .pre-commit-config.yaml runs the same.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check graph api cli tools tests bench scripts
.venv/bin/ruff format --check graph api cli tools tests bench scripts
.venv/bin/lint-imports
bash scripts/typecheck.sh
