#!/usr/bin/env bash
# `npm run test:hostile`: builds what the tests need, then runs in every project only the tests
# inside a describe('hostile input: ...') block (docs/hostile-input.md is their index).
# --passWithNoTests: a project with no such test passes rather than fails. The pattern has no
# space because Nx hands the arguments to npm through a shell, unquoted ('.' stands for it).
# Extra arguments go to nx, e.g. `npm run test:hostile -- --projects=sync`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is not installed: run 'bash scripts/install-system-deps.sh' (or .ci/run)" >&2
  exit 1
fi
node scripts/check-hostile-suite.mjs
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
if [ -n "${CI:-}" ]; then export NX_SKIP_NX_CACHE=true; fi
rm -rf tmp/test-results && mkdir -p tmp/test-results
status=0
# A different argument list is a different Nx cache key, so a full `npm test` result is never
# replayed as this run's (or the reverse).
npx nx run-many -t test --outputStyle=stream "$@" -- --testNamePattern='hostile.input:.' --passWithNoTests || status=$?
node scripts/test-summary.mjs tmp/test-results || true
exit "$status"
