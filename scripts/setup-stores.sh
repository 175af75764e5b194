#!/usr/bin/env bash
# Install the triple store the publish tests run against next to Oxigraph server (which comes
# with the test extras): Debian's virtuoso-opensource (virtuoso-t, isql-vt), through apt-get
# when virtuoso-t is missing. Needs root (or sudo) the first time; a no-op once it is there.
# Never fails the run: when it cannot install, it says why, and the Virtuoso tests
# (tests/service/test_publish.py) skip with the reason.
set -uo pipefail
if command -v virtuoso-t >/dev/null; then
  exit 0
fi
run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if run_as_root apt-get update -qq >"$log" 2>&1 &&
  run_as_root apt-get install -y -qq --no-install-recommends virtuoso-opensource >"$log" 2>&1; then
  echo "Virtuoso: $(virtuoso-t -? 2>&1 | grep -m 1 -i version || echo installed)"
else
  echo "Virtuoso not installed (its publish tests will skip): $(tail -n 3 "$log" | tr '\n' ' ')"
fi
exit 0
