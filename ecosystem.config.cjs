// pm2 process file, split by host role as in seed 004 (docs/hosts.md):
//   inference host (the seed's RTX 3090): checkpoint-sync, the evaluator, the analysis daemons
//     (regression-monitor, automated-testing, model-comparison, confidence-calibrator,
//     adversarial-miner, curriculum-optimizer, self-correction) and the API;
//   training host (the seed's RTX 4090): data-generation and checkpoint-auto-deploy.
//
//   npm run build
//   FLYWHEEL_HOST_ROLE=inference FLYWHEEL_BASE_DIR=~/TRAINING pm2 start ecosystem.config.cjs
//   FLYWHEEL_HOST_ROLE=training  FLYWHEEL_BASE_DIR=~/TRAINING pm2 start ecosystem.config.cjs
//   (no FLYWHEEL_HOST_ROLE: both groups, for one machine)
//
// pm2's `--only` matches app names, not namespaces, so the group is chosen with
// FLYWHEEL_HOST_ROLE; `--only flywheel-<daemon>[,…]` still starts single apps. Each group is a
// pm2 namespace: `pm2 restart inference`, `pm2 logs training`, `pm2 stop inference` act on it.
// Settings come from flywheel.config.(json|yaml) in this folder and FLYWHEEL_* variables.
const baseDir = process.env.FLYWHEEL_BASE_DIR || process.cwd();

/** Which daemons run where: the seed's split. */
const HOST_GROUPS = {
  inference: [
    'checkpoint-sync',
    'evaluator',
    'regression-monitor',
    'automated-testing',
    'model-comparison',
    'confidence-calibrator',
    'adversarial-miner',
    'curriculum-optimizer',
    'self-correction',
    // Production side: the deployed model's traffic and users' ratings (seeds 000, 001).
    'production-monitor',
    // Explains alerts (regressions, health levels, deployments, drift) with the model, streamed
    // to the dashboard (seed 002); event-driven, so no interval.
    'alert-analyst',
    // The OpenAI-compatible gateway users call: the deployed model first, fallbacks after
    // (gateway.upstreams in flywheel.config.*).
    'gateway',
    'api',
  ],
  training: ['data-generation', 'checkpoint-auto-deploy'],
};

/** Command-line flags per app (the seed's intervals; everything else from the config). */
const ARGS = {
  // The one process that talks to the model server for evaluations (backend.* settings).
  evaluator: [],
  // Set sync.remoteHost / sync.remoteDir in flywheel.config.* on the inference host; without
  // them checkpoint-sync only announces the local folder.
  'checkpoint-sync': ['--interval', '300'],
  'regression-monitor': ['--interval', '300'],
  'automated-testing': ['--interval', '600'],
  'model-comparison': ['--interval', '600'],
  'confidence-calibrator': ['--interval', '600'],
  'adversarial-miner': ['--interval', '300'],
  'curriculum-optimizer': ['--interval', '300'],
  'self-correction': ['--interval', '300', '--error-threshold', '50'],
  'production-monitor': ['--interval', '60'],
  // Events (status writes, the alerts stream) do the work; the interval is a safety sweep.
  'alert-analyst': ['--interval', '300'],
  gateway: [],
  api: [],
  // data-generation also refills as soon as the queue drains; --check-interval is its sweep.
  'data-generation': ['--check-interval', '300', '--min-files', '2'],
  'checkpoint-auto-deploy': ['--interval', '600'],
};

/**
 * The daemons wait on Redis, files and the model server nearly all the time: a small young
 * generation, V8's size-over-speed mode, and optimising on the main thread instead of in
 * background compile jobs (whose scratch memory stays resident for good, ~6 MB) keep each
 * near 70-75 MB instead of 90-110 MB. TurboFan still optimises hot code. `npm run bench`
 * measures the apps with these flags (docs/hosts.md). The gateway sits on every user request,
 * so it keeps background compilation (no compile pause on a request's path).
 */
const NODE_ARGS = ['--max-semi-space-size=1', '--optimize-for-size', '--no-concurrent-recompilation'];
const GATEWAY_NODE_ARGS = ['--max-semi-space-size=1', '--optimize-for-size'];
// checkpoint-sync streams gigabytes through ssh2, and V8's size mode on top of the 1 MB young
// generation cost it most (bench, with scp in the same run: 0.85-0.94 of scp with both, 0.92-1.07
// without the size mode, 1.05-1.06 with neither, but then 90 MB idle); it goes without size mode.
const SYNC_NODE_ARGS = ['--max-semi-space-size=1', '--no-concurrent-recompilation'];
/** Apps whose flags differ from NODE_ARGS (the reasons are above). */
const NODE_ARGS_OF = { gateway: GATEWAY_NODE_ARGS, 'checkpoint-sync': SYNC_NODE_ARGS };

/** A daemon under pm2: compiled output (pm2 runs plain .js), graceful stop within 60 s. */
function app(name, group) {
  return {
    name: `flywheel-${name}`,
    namespace: group,
    script: `apps/${name}/dist/main.js`,
    args: ['--base-dir', baseDir, ...ARGS[name]],
    cwd: __dirname,
    node_args: NODE_ARGS_OF[name] ?? NODE_ARGS,
    // pm2 sends SIGINT, then SIGKILL after kill_timeout: leave the active job time to finish.
    kill_timeout: name === 'api' ? 10_000 : 60_000,
    autorestart: true,
    max_restarts: 20,
    restart_delay: 5_000,
    // pino already writes <base-dir>/logs/<daemon>.log; pm2's copies are for `pm2 logs`.
    merge_logs: true,
    time: true,
  };
}

const role = process.env.FLYWHEEL_HOST_ROLE || 'all';
if (role !== 'all' && !(role in HOST_GROUPS)) {
  throw new Error(`FLYWHEEL_HOST_ROLE=${role}: expected one of ${Object.keys(HOST_GROUPS).join(', ')} (or unset for all)`);
}

module.exports = {
  apps: Object.entries(HOST_GROUPS)
    .filter(([group]) => role === 'all' || role === group)
    .flatMap(([group, names]) => names.map((name) => app(name, group))),
};
