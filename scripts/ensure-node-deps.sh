#!/usr/bin/env bash
# Runs `npm install` when node_modules is missing or older than the lockfile.
# (`npm ci` fails on this registry: the lockfile lists other platforms' optional binaries.)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
