#!/usr/bin/env bash
# Release artifacts, in dist/ (or $RNNBOOK_RELEASE_DIR):
#   rnnbook-VERSION.tgz          the npm package (scripts/package.mjs: web/lib + the prebuilt wasm)
#   rnnbook-site-VERSION.tar.gz  the static site (web/dist) in a folder rnnbook-site-VERSION/, for any
#                                static host and any sub-path (docs/deploy.md)
#   SHA256SUMS                   `sha256sum -c SHA256SUMS` checks both
# VERSION is the project's (CMakeLists.txt), as the wasm module reports it. Builds first (scripts/build.sh,
# incremental) unless --no-build, e.g. right after test.sh built everything.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${RNNBOOK_RELEASE_DIR:-dist}

[ "${1:-}" = --no-build ] || bash scripts/build.sh

packed=$(mktemp -d)
trap 'rm -rf "$packed"' EXIT
node scripts/package.mjs "$packed"
version=$(node -p "require('$packed/rnnbook/package.json').version")
mkdir -p "$out"
rm -f "$out/rnnbook-$version.tgz" "$out/rnnbook-site-$version.tar.gz" "$out/SHA256SUMS"
cp "$packed/rnnbook-$version.tgz" "$out/"

# The site in one top folder; sorted names, fixed times and owners, and gzip without a timestamp, so
# that the same build gives the same bytes.
site="rnnbook-site-$version"
mkdir "$packed/$site"
cp -R web/dist/. "$packed/$site/"
tar -C "$packed" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$site" | gzip -9n > "$out/$site.tar.gz"

(cd "$out" && sha256sum "rnnbook-$version.tgz" "$site.tar.gz" > SHA256SUMS)
echo "release: $out/rnnbook-$version.tgz, $out/$site.tar.gz, $out/SHA256SUMS"
