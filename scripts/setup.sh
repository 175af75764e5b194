#!/usr/bin/env bash
# Create .venv and install the project (editable) with its test extras.
# Idempotent: re-running installs again only when pyproject.toml changed since the last
# install (.venv/installed-from holds its SHA-256); the editable install sees code changes
# by itself. Works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/installed-from
wanted="$(sha256sum pyproject.toml | cut -d ' ' -f 1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  rm -f "$stamp"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  echo "$wanted" > "$stamp"
fi
