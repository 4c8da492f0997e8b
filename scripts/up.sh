#!/usr/bin/env bash
# `npm run up`: the whole loop on one machine, on the simulator. Installs what is missing,
# builds, starts a private Redis, the simulated model server, a simulated training run, all
# ten daemons, the evaluator, the gateway in front of the deployed model, the production
# monitor and the API (which serves the dashboard at /), and stops every one
# of them on exit, Ctrl-C or SIGTERM. Everything lives under .run/demo (delete it to start afresh).
#
#   FLYWHEEL_DEMO_DIR          base dir of the demo (default .run/demo)
#   FLYWHEEL_DEMO_API_PORT     API and dashboard (default 5000)
#   FLYWHEEL_DEMO_REDIS_PORT   the private Redis (default 6390)
#   FLYWHEEL_DEMO_REDIS_PASSWORD password of its ACL user "flywheel" (default: a random one per
#                              run; letters, digits and ._~- only). The default user is off.
#   FLYWHEEL_DEMO_MODEL_PORT   the simulated model server the evaluator uses (default 8390)
#   FLYWHEEL_DEMO_SERVING_PORT the deployed model: a simulated server checkpoint-auto-deploy
#                              (re)starts for each checkpoint it promotes (default 8391)
#   FLYWHEEL_DEMO_GATEWAY_PORT the gateway (OpenAI-compatible) in front of the deployed model,
#                              falling back to the evaluator's server (default 8200)
#   FLYWHEEL_DEMO_SAVE_EVERY   seconds between two simulated checkpoints (default 20)
#   FLYWHEEL_DEMO_MAX_STEPS    the simulated run's last step; one checkpoint every 50 steps
#                              (default 2000: 40 checkpoints; the soak bench asks for more)
#   FLYWHEEL_DEMO_REGRESS_AT_STEP the simulated model's step of regression (default 600; "off": none)
#   FLYWHEEL_DEMO_DECAY_STEPS  the simulated model's learning pace (simulator --decay-steps; default 400)
#   FLYWHEEL_DEMO_REDIS_AOF_REWRITE_MIN_SIZE Redis auto-aof-rewrite-min-size (default 64mb)
#   FLYWHEEL_DEMO_SECONDS      stop by itself after this many seconds (default: run until Ctrl-C)
#   FLYWHEEL_DEMO_SKIP_BUILD=1 use the apps' dist/ as built (no npm install, no nx build): for a
#                              caller that has just built them, e.g. the e2e test inside `nx test`
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

demo=$(realpath -m "${FLYWHEEL_DEMO_DIR:-$root/.run/demo}")
mkdir -p "$demo/logs"

bash scripts/install-system-deps.sh
if [ "${FLYWHEEL_DEMO_SKIP_BUILD:-}" != 1 ]; then
  bash scripts/ensure-node-deps.sh
  echo "building (log: $demo/logs/build.log)…"
  if ! NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false npx nx run-many -t build --outputStyle=static >"$demo/logs/build.log" 2>&1; then
    tail -n 40 "$demo/logs/build.log" >&2
    echo "the build failed; see $demo/logs/build.log" >&2
    exit 1
  fi
fi

api_port="${FLYWHEEL_DEMO_API_PORT:-5000}"
redis_port="${FLYWHEEL_DEMO_REDIS_PORT:-6390}"
model_port="${FLYWHEEL_DEMO_MODEL_PORT:-8390}"
serving_port="${FLYWHEEL_DEMO_SERVING_PORT:-8391}"
gateway_port="${FLYWHEEL_DEMO_GATEWAY_PORT:-8200}"
save_every="${FLYWHEEL_DEMO_SAVE_EVERY:-20}"
max_steps="${FLYWHEEL_DEMO_MAX_STEPS:-2000}"
# Whoever reaches Redis can flip the fine-tune switch (issue 17), so even the demo's wants a
# login: an ACL user with a password made for this run, the default user off. The password
# goes into a file only this user can read and into the processes' environment, never onto a
# command line (anyone on the machine can read those with ps): redis-cli gets it as
# REDISCLI_AUTH, the daemons inside FLYWHEEL_REDIS_URL.
redis_user=flywheel
redis_password="${FLYWHEEL_DEMO_REDIS_PASSWORD:-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"
if ! [[ "$redis_password" =~ ^[A-Za-z0-9._~-]+$ ]]; then
  echo "FLYWHEEL_DEMO_REDIS_PASSWORD: letters, digits and ._~- only (it goes into a URL and an ACL file unquoted)" >&2
  exit 1
fi
logs="$demo/logs"
# The deploy command below is an argv template split on spaces (no shell).
case "$root$demo" in
  *[[:space:]]*) echo "the demo cannot run from a path with spaces ($root, $demo): set FLYWHEEL_DEMO_DIR elsewhere and clone without spaces" >&2; exit 1 ;;
esac
mkdir -p "$demo/redis" "$logs"
# "name pid" per started process: what cleanup stops, and what a caller can check is gone.
pidfile="$demo/demo.pids"
: >"$pidfile"

services=()   # the daemons and the API: stopped first, while Redis still answers them
serves=()     # the evaluator and the API: stopped after the daemons that ask the evaluator
infra=()      # Redis and the simulator: stopped last
started() { echo "$1 $2" >>"$pidfile"; }

# Stops the given pids (a negative one: a whole process group) with SIGTERM, then SIGKILL for
# any still alive after $1 seconds.
stop_all() {
  local grace=$1; shift
  [ $# -gt 0 ] || return 0
  kill -TERM -- "$@" 2>/dev/null || true
  local deadline=$((SECONDS + grace)) left
  while :; do
    left=()
    for pid in "$@"; do kill -0 -- "$pid" 2>/dev/null && left+=("$pid"); done
    [ ${#left[@]} -eq 0 ] && break
    if [ $SECONDS -ge $deadline ]; then
      echo "still running after ${grace}s, killing: ${left[*]}" >&2
      kill -KILL -- "${left[@]}" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
}

timer=
cleanup() {
  # Once stopping, a second Ctrl-C must not cut the cleanup short and leave processes behind.
  trap '' INT TERM HUP
  trap - EXIT
  echo "stopping…"
  [ -n "$timer" ] && kill "$timer" 2>/dev/null || true
  # Daemons finish their active job on SIGTERM (pm2 and docker give them 60 s; the demo 20).
  local daemons=() pid
  for pid in "${services[@]}"; do [[ " ${serves[*]} " == *" $pid "* ]] || daemons+=("$pid"); done
  stop_all 20 "${daemons[@]}"
  stop_all 20 "${serves[@]}"
  # The serving server runs in its own process group (it outlives a deployer by design); the
  # deployers are stopped now, so the pid file names the last one started (line 1: its pid;
  # line 2: its start time, which the deployer checks).
  local serving
  serving=$(head -n 1 "$demo/serving/server.pid" 2>/dev/null || true)
  if [ -n "$serving" ] && kill -0 "$serving" 2>/dev/null; then
    started serving-server "$serving"
    stop_all 10 "-$serving"
  fi
  stop_all 10 "${infra[@]}"
  wait 2>/dev/null || true
  echo "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Every process starts in a session of its own (setsid; $! is still its pid): Ctrl-C reaches
# only this script, which then stops them once and in order (daemons before Redis), so each
# daemon gets a single signal and finishes its active job (a second signal would cut it short).

# redis-server and redis-cli (jemalloc) cannot start under libfaketime, with which the tests move the clock.
redis_env=()
case "${LD_PRELOAD:-}" in *faketime*) redis_env=(env -u LD_PRELOAD) ;; esac
acl_file="$demo/redis/users.acl"
# printf is a builtin: the password is in no process's arguments on its way into the file.
(umask 077; printf 'user default off\nuser %s on >%s ~* &* +@all\n' "$redis_user" "$redis_password" >"$acl_file")
export FLYWHEEL_REDIS_URL="redis://${redis_user}:${redis_password}@127.0.0.1:${redis_port}"
redis_ping() { REDISCLI_AUTH="$redis_password" "${redis_env[@]}" redis-cli --no-auth-warning --user "$redis_user" -p "$redis_port" ping 2>/dev/null | grep -qx PONG; }
setsid "${redis_env[@]}" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly yes --dir "$demo/redis" \
  --auto-aof-rewrite-min-size "${FLYWHEEL_DEMO_REDIS_AOF_REWRITE_MIN_SIZE:-64mb}" --maxmemory-policy noeviction --aclfile "$acl_file" --logfile "$logs/redis.log" &
infra+=($!); started redis $!
for _ in $(seq 100); do redis_ping && break; sleep 0.1; done
# A ping answered by another server already on that port is not ours: ours must still be running
# (and another server would refuse this run's password anyway).
if ! kill -0 "${infra[0]}" 2>/dev/null || ! redis_ping; then
  echo "redis-server did not start on port $redis_port; see $logs/redis.log" >&2
  exit 1
fi

# A server pid left by an earlier demo names no process of ours now (the pid may be reused).
rm -f "$demo/serving/server.pid"

# The fixed validation set the evaluator runs on every checkpoint: held out (it gates promotion
# and regression; nothing that trains derives from it). The miner mines the other split,
# data/mining/. The simulator knows the answers of both.
mkdir -p "$demo/data/validation" "$demo/data/mining" "$demo/simulator-examples"
cp apps/simulator/demo-data/validation/*.jsonl "$demo/data/validation/"
cp apps/simulator/demo-data/mining/*.jsonl "$demo/data/mining/"
cp apps/simulator/demo-data/validation/demo.jsonl "$demo/simulator-examples/validation.jsonl"
cp apps/simulator/demo-data/mining/demo.jsonl "$demo/simulator-examples/mining.jsonl"
# The demo's model regresses at step 600 (for the regression monitor to catch); the soak bench
# turns that off (FLYWHEEL_DEMO_REGRESS_AT_STEP=off) and slows learning so deploys keep coming.
regress=(--regress-at-step "${FLYWHEEL_DEMO_REGRESS_AT_STEP:-600}")
[ "${FLYWHEEL_DEMO_REGRESS_AT_STEP:-}" = off ] && regress=()
decay=()
[ -n "${FLYWHEEL_DEMO_DECAY_STEPS:-}" ] && decay=(--decay-steps "$FLYWHEEL_DEMO_DECAY_STEPS")
# It also serves "simulated-judge": the production monitor's independent judge, a model name of
# its own (a simulated verdict against the examples' goldens, its reasons marked [simulator]).
setsid node apps/simulator/dist/main.js serve --examples "$demo/simulator-examples" --port "$model_port" \
  "${regress[@]}" "${decay[@]}" --max-concurrency 16 --base-ms 5 --token-ms 1 --judge-model simulated-judge >>"$logs/simulator-server.log" 2>&1 &
infra+=($!); started simulator-server $!
setsid node apps/simulator/dist/main.js train --base-dir "$demo" --save-steps 50 --every "$save_every" --max-steps "$max_steps" \
  "${regress[@]}" "${decay[@]}" >>"$logs/simulator.log" 2>&1 &
infra+=($!); started simulator-train $!

# Every process logs JSON lines to $logs/<name>.log itself; stderr keeps what comes before
# the logger (a configuration error) in $logs/<name>.stderr.log.
# Redis comes from FLYWHEEL_REDIS_URL (exported above), not --redis-url: it holds the password.
common=(--base-dir "$demo" --set checkpoints.settleSeconds=1)
start() {
  local name=$1; shift
  setsid node "apps/$name/dist/main.js" "${common[@]}" "$@" >/dev/null 2>>"$logs/$name.stderr.log" &
  services+=($!); started "$name" $!
  if [ "$name" = evaluator ] || [ "$name" = api ] || [ "$name" = gateway ]; then serves+=($!); fi
}
# Each checkpoint is hot-loaded into the simulated server as a LoRA adapter, as with vLLM.
start evaluator --backend lora --backend-url "http://127.0.0.1:${model_port}"
# No sync.remoteHost: the trainer writes on this machine, so checkpoint-sync announces and reports the local folder.
start checkpoint-sync --interval 60
start regression-monitor --interval 60
for daemon in automated-testing model-comparison confidence-calibrator adversarial-miner curriculum-optimizer self-correction; do
  start "$daemon" --interval 300
done
# Watches the deployed model's traffic (the gateway's events) and users' ratings: seed 000's levels.
# Its judge is another model than the deployed one (10% of answers by default once it has an endpoint).
start production-monitor --interval 60 --judge-url "http://127.0.0.1:${model_port}" --set monitor.judge.model=simulated-judge
# Explains each alert burst (regression, health level, failed deployment, drift) with the
# deployed model, streamed to the dashboard's live analysis panel; events wake it, the
# interval is a safety sweep.
start alert-analyst --interval 300 --set "alerts.analysis.baseUrl=http://127.0.0.1:${serving_port}"
start data-generation --check-interval 60 --min-files 2 --set generation.batchSize=50
# Deploys model-comparison's best checkpoint as a real inference host would (the "command"
# strategy): it stops the serving model server and starts one for the new checkpoint (here a
# simulated server answering as that checkpoint), then checks /health and a smoke prompt.
serve_command="node $root/apps/simulator/dist/main.js serve --examples $demo/data/validation --port {port} --model-name {name} ${regress[*]} ${decay[*]}"
# After each deploy the smoke prompt also goes through the gateway (started below), as a user's would.
start checkpoint-auto-deploy --interval 120 --deploy-strategy command --serving-port "$serving_port" \
  --set "deploy.command=$serve_command" --set deploy.healthTimeoutSeconds=30 --set "deploy.gatewayUrl=http://127.0.0.1:${gateway_port}"
# Users' traffic goes through the gateway: the deployed checkpoint first, the evaluator's
# server as the fallback; every request becomes an event the production monitor reads. The API
# gets the same upstreams for its /api/performance routes (order and costs).
upstreams="deployed=http://127.0.0.1:${serving_port},evaluation=http://127.0.0.1:${model_port}"
start api --api-port "$api_port" --upstreams "$upstreams"
start gateway --gateway-port "$gateway_port" --upstreams "$upstreams"

# Wait (bounded) until the API accepts connections (bash's /dev/tcp: no curl needed).
for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/${api_port}") 2>/dev/null && break; sleep 0.2; done

cat <<MSG

flywheel demo is up (simulated training run and simulated model server: a new checkpoint
every ${save_every} s, evaluated on the validation set, ranked, the best deployed; the model
gets worse from step 600).
  dashboard:  http://127.0.0.1:${api_port}/
  status:     curl http://127.0.0.1:${api_port}/api/status
  more:       /api/regression /api/testing /api/model_comparison /api/deployments /api/checkpoints
              /api/confidence /api/adversarial /api/curriculum /api/self_correction /api/training
  model:      curl http://127.0.0.1:${model_port}/v1/models   (a simulator, for evaluations)
  deployed:   curl http://127.0.0.1:${serving_port}/v1/models   (once a checkpoint is deployed)
  gateway:    http://127.0.0.1:${gateway_port}/v1/chat/completions   (OpenAI-compatible; /performance)
  health:     curl http://127.0.0.1:${api_port}/api/llm_health   (the production monitor)
  files:      $demo/status/   evaluations: $demo/status/evals/   logs: $logs/
  redis:      127.0.0.1:${redis_port}, user ${redis_user}; password in $acl_file
              (REDISCLI_AUTH=… redis-cli --user ${redis_user} -p ${redis_port})
Ctrl-C stops everything.
MSG

# `wait` (unlike a foreground sleep) returns as soon as a signal arrives, so the traps run at once.
if [ -n "${FLYWHEEL_DEMO_SECONDS:-}" ]; then
  sleep "$FLYWHEEL_DEMO_SECONDS" &
  timer=$!
  wait -n "$timer" "${services[@]}" || true
  if kill -0 "$timer" 2>/dev/null; then
    kill "$timer" 2>/dev/null || true
    echo "a demo service ended early; see $logs/" >&2
    exit 1
  fi
else
  wait -n "${services[@]}" || true
  echo "a demo service ended; see $logs/" >&2
  exit 1
fi
