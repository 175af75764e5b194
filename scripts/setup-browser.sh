#!/usr/bin/env bash
# Install the browser the page tests drive: Debian's chromium (/usr/bin/chromium), through
# apt-get when it is missing. Playwright (PyPI) drives it; it never downloads a browser of its own.
# Needs root (or sudo) the first time on a fresh machine; a no-op once chromium is there.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi
}
export DEBIAN_FRONTEND=noninteractive
run_as_root apt-get update -qq
run_as_root apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
