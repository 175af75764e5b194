#!/usr/bin/env bash
# Install LibreOffice Calc without its desktop (Debian's libreoffice-calc-nogui, `soffice`), which
# the follow-up tests open the progress workbook with (tests/service/test_progress_libreoffice.py),
# through apt-get when soffice is missing. Needs root (or sudo) the first time; a no-op once it
# is there. Never fails the run: when it cannot install, it says why, and the test skips.
set -uo pipefail
if command -v soffice >/dev/null; then
  exit 0
fi
run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if run_as_root apt-get update -qq >"$log" 2>&1 &&
  run_as_root apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >"$log" 2>&1; then
  echo "LibreOffice: $(soffice --version 2>/dev/null | head -n 1 || echo installed)"
else
  echo "LibreOffice not installed (its workbook test will skip): $(tail -n 3 "$log" | tr '\n' ' ')"
fi
exit 0
