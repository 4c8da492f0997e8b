#!/usr/bin/env bash
# `npm run up`: the whole loop on one machine, on the simulator. Installs what is missing,
# builds, starts a private Redis, a simulated training run, the daemons and the API, and
# stops them all on Ctrl-C. Everything lives under .run/demo (delete it to start afresh).
#   FLYWHEEL_DEMO_API_PORT (default 5000), FLYWHEEL_DEMO_REDIS_PORT (default 6390),
#   FLYWHEEL_DEMO_MODEL_PORT (simulated model server, default 8390),
#   FLYWHEEL_DEMO_SECONDS (stop by itself after this many seconds; default: run until Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-system-deps.sh
bash scripts/ensure-node-deps.sh
NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run-many -t build --outputStyle=static >/dev/null

demo="$root/.run/demo"
api_port="${FLYWHEEL_DEMO_API_PORT:-5000}"
redis_port="${FLYWHEEL_DEMO_REDIS_PORT:-6390}"
model_port="${FLYWHEEL_DEMO_MODEL_PORT:-8390}"
redis_url="redis://127.0.0.1:${redis_port}"
mkdir -p "$demo/redis" "$demo/logs"

pids=()
cleanup() {
  trap - EXIT INT TERM
  echo "stopping…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly yes --dir "$demo/redis" \
  --maxmemory-policy noeviction --logfile "$demo/logs/redis.log" &
pids+=($!)
for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done

common=(--base-dir "$demo" --redis-url "$redis_url")
# The fixed validation set the evaluator runs on every checkpoint (the simulator knows its answers).
mkdir -p "$demo/data/validation"
cp apps/simulator/demo-data/validation/*.jsonl "$demo/data/validation/"
node apps/simulator/dist/main.js serve --examples "$demo/data/validation" --port "$model_port" \
  --regress-at-step 600 --max-concurrency 16 --base-ms 5 --token-ms 1 >>"$demo/logs/simulator-server.log" 2>&1 &
pids+=($!)
node apps/simulator/dist/main.js train --base-dir "$demo" --save-steps 50 --every 20 --max-steps 2000 \
  --regress-at-step 600 >>"$demo/logs/simulator.log" 2>&1 &
pids+=($!)
services=()
# Each checkpoint is hot-loaded into the simulated server as a LoRA adapter, as with vLLM.
node apps/evaluator/dist/main.js "${common[@]}" --backend lora --backend-url "http://127.0.0.1:${model_port}" \
  --set checkpoints.settleSeconds=1 >/dev/null &
services+=($!)
node apps/regression-monitor/dist/main.js "${common[@]}" --interval 60 --set checkpoints.settleSeconds=1 >/dev/null &
services+=($!)
node apps/data-generation/dist/main.js "${common[@]}" --check-interval 60 --min-files 2 --set generation.batchSize=50 >/dev/null &
services+=($!)
for daemon in automated-testing model-comparison confidence-calibrator adversarial-miner curriculum-optimizer self-correction; do
  node "apps/$daemon/dist/main.js" "${common[@]}" --interval 300 --set checkpoints.settleSeconds=1 >/dev/null &
  services+=($!)
done
node apps/api/dist/main.js "${common[@]}" --api-port "$api_port" >/dev/null &
services+=($!)
pids+=("${services[@]}")

cat <<MSG

flywheel demo is up (simulated training run and simulated model server: a new checkpoint
every 20 s, evaluated on the validation set; the model gets worse from step 600).
  status:     curl http://127.0.0.1:${api_port}/api/status
  regression: curl http://127.0.0.1:${api_port}/api/regression   (also /api/testing, /api/model_comparison,
              /api/confidence, /api/adversarial, /api/training)
  model:      curl http://127.0.0.1:${model_port}/v1/models   (a simulator)
  files:      $demo/status/   evaluations: $demo/status/evals/   logs: $demo/logs/
Ctrl-C stops everything.
MSG

if [ -n "${FLYWHEEL_DEMO_SECONDS:-}" ]; then
  sleep "$FLYWHEEL_DEMO_SECONDS"
else
  wait -n "${services[@]}"
  echo "a demo service ended; see $demo/logs/" >&2
fi
