#!/usr/bin/env bash
# `npm test`: builds and tests every project (unit and integration tests; the integration
# tests start their own private redis-server), then prints one summary line.
# Extra arguments go to nx, e.g. `npm test -- --projects=regression`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
# Nx orders builds by declared workspace dependencies only: an undeclared import is a build race.
node scripts/sync-workspace-deps.mjs --check
# docs/hostile-input.md names a test for each hostile-input point: a renamed test breaks it.
node scripts/check-hostile-suite.mjs
status=0
npx nx run-many -t build typecheck test --outputStyle=stream "$@" || status=$?
node scripts/test-summary.mjs tmp/test-results || true
exit "$status"
