#!/usr/bin/env bash
# `npm test`: builds and tests every project (unit and integration tests; the integration
# tests start their own private redis-server), then prints one summary line.
# Extra arguments go to nx, e.g. `npm test -- --projects=regression`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-node-deps.sh
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is not installed: run 'bash scripts/install-system-deps.sh' (or .ci/run)" >&2
  exit 1
fi
# Nx orders builds by declared workspace dependencies only: an undeclared import is a build race.
node scripts/sync-workspace-deps.mjs --check
# docs/hostile-input.md names a test for each hostile-input point: a renamed test breaks it.
node scripts/check-hostile-suite.mjs
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# On CI (CI set) nothing comes from Nx's cache, which lives outside the checkout (~/.nx) and
# would otherwise replay another clone's results. Nx reads only the value "true".
if [ -n "${CI:-}" ]; then export NX_SKIP_NX_CACHE=true; fi
rm -rf tmp/test-results && mkdir -p tmp/test-results
status=0
npx nx run-many -t build typecheck test --outputStyle=stream "$@" || status=$?
node scripts/test-summary.mjs tmp/test-results || true
exit "$status"
