#!/usr/bin/env bash
# Runs the benchmarks on Node 24 (installed into .node24/ from the npm registry when missing),
# with the same arguments: `npm run bench:node24 -- --quick`.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .node24/node_modules/.bin/node ]; then
  npm install --prefix .node24 --no-audit --no-fund --no-save node@24 >/dev/null
fi
exec .node24/node_modules/.bin/node --import tsx bench/index.ts "$@"
