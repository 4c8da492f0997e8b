#!/usr/bin/env bash
# `npm run test:hostile`: builds what the tests need, then runs in every project only the tests
# inside a describe('hostile input: ...') block (docs/hostile-input.md is their index).
# --passWithNoTests: a project with no such test passes rather than fails. The pattern has no
# space because Nx hands the arguments to npm through a shell, unquoted ('.' stands for it).
# Extra arguments go to nx, e.g. `npm run test:hostile -- --projects=sync`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
node scripts/check-hostile-suite.mjs
status=0
# A different argument list is a different Nx cache key, so a full `npm test` result is never
# replayed as this run's (or the reverse).
npx nx run-many -t test --outputStyle=stream "$@" -- --testNamePattern='hostile.input:.' --passWithNoTests || status=$?
node scripts/test-summary.mjs tmp/test-results || true
exit "$status"
