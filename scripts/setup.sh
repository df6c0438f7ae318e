#!/usr/bin/env bash
# The first README command: install what is missing, build everything, serve the site locally.
#   bash scripts/setup.sh            (serves at http://localhost:8000 until Ctrl-C)
#   bash scripts/setup.sh --no-serve (install and build only)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/build.sh
if [ "${1:-}" != "--no-serve" ]; then
  exec node scripts/serve.mjs web/dist "${PORT:-8000}"
fi
