#!/usr/bin/env bash
# Main job: build the graph from the vendored plan and serve it from an embedded store.
# Usage: bash scripts/run.sh [--host 127.0.0.1] [--port 8000]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/actieplan build --out build
exec .venv/bin/actieplan serve --graph build/graph.ttl "$@"
