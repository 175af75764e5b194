#!/usr/bin/env bash
# Type check the `actieplan` package with mypy (configuration: [tool.mypy] in pyproject.toml).
# mypy does not read setuptools' package-dir mapping (actieplan.graph -> graph/, actieplan.api ->
# api/), so this builds that mapping as a symlink tree in a temporary folder, checks it there,
# and removes the folder. Error paths are printed as in the repository (graph/..., api/...).
# Extra arguments are passed to mypy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/actieplan"
ln -s "$root/graph" "$tree/actieplan/graph"
ln -s "$root/api" "$tree/actieplan/api"
ln -s "$root/cli" "$tree/actieplan/cli"
ln -s "$root/tools" "$tree/actieplan/tools"
cd "$tree"
"$root/.venv/bin/mypy" --config-file "$root/pyproject.toml" --cache-dir "$root/.mypy_cache" \
    -p actieplan.graph -p actieplan.api -p actieplan.cli -p actieplan.tools "$@" | sed -e "s#^actieplan/##"
