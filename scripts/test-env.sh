# Sourced by scripts/test.sh and scripts/test-hostile.sh (from the workspace root): the Node
# packages installed, redis-server present (the integration tests start their own), Nx set
# for a run in a terminal or on CI, and an empty folder for the test results.
bash scripts/ensure-node-deps.sh
if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is not installed: run 'bash scripts/install-system-deps.sh' (or .ci/run)" >&2
  exit 1
fi
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# On CI (CI set) nothing comes from Nx's cache, which lives outside the checkout (~/.nx) and
# would otherwise replay another clone's results. Nx reads only the value "true".
if [ -n "${CI:-}" ]; then export NX_SKIP_NX_CACHE=true; fi
rm -rf tmp/test-results && mkdir -p tmp/test-results
