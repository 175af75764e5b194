#!/usr/bin/env bash
# Fetch the front-end libraries the pages use, once, from the npm registry, at pinned versions,
# and copy the files the pages load (and each licence) into the repository:
#   api/pages/static/vendor/NAME-VERSION/   served at /static/vendor/... (no CDN, works offline)
#   tests/vendor/NAME-VERSION/              used by the browser tests only (axe-core)
# Not run by setup or CI: the files are committed. Re-run after changing a version below, then
# review the diff and `sha256sum -c api/pages/static/vendor/SHA256SUMS`
# (tests/unit/test_vendored_assets.py checks the sums and that every library has its licence).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version  target folder  files (relative to the package root)
fetch() {
  local spec=$1 target=$2; shift 2
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  local tarball
  tarball=$(ls -t "$work"/*.tgz | head -1)
  mkdir -p "$work/x" && rm -rf "$work/x/package" && tar xzf "$tarball" -C "$work/x" && rm "$tarball"
  rm -rf "$target" && mkdir -p "$target"
  for file in "$@"; do
    cp "$work/x/package/$file" "$target/"
  done
  cp "$work/x/package/package.json" "$target/package.json"
}

V=api/pages/static/vendor
fetch @zazuko/yasgui@4.6.2 $V/yasgui-4.6.2 build/yasgui.min.js build/yasgui.min.css
fetch swagger-ui-dist@5.35.0 $V/swagger-ui-5.35.0 \
  swagger-ui-bundle.js swagger-ui.css LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt
fetch redoc@2.5.4 $V/redoc-2.5.4 bundles/redoc.standalone.js bundles/redoc.standalone.js.LICENSE.txt LICENSE
fetch axe-core@4.14.1 tests/vendor/axe-core-4.14.1 axe.min.js LICENSE LICENSE-3RD-PARTY.txt

# @zazuko/yasgui declares "license": "MIT" in package.json but ships no licence file: the MIT
# text of the upstream project (github.com/zazuko/Yasgui, forked from TriplyDB/Yasgui) is kept
# beside it by hand in LICENSE.
if [ ! -f $V/yasgui-4.6.2/LICENSE ]; then
  echo "api/pages/static/vendor/yasgui-4.6.2/LICENSE is missing: restore it from git" >&2
fi

(cd $V && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
(cd tests/vendor && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
echo "vendored into $V and tests/vendor"
