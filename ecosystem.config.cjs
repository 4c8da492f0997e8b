// pm2 process file: `npm run build && pm2 start ecosystem.config.cjs` (see README "Running on hosts").
// Settings come from flywheel.config.(json|yaml) in this folder and FLYWHEEL_* variables;
// FLYWHEEL_BASE_DIR says where the training tree is (the seed's ~/TRAINING).
const baseDir = process.env.FLYWHEEL_BASE_DIR || process.cwd();

/** A daemon under pm2: compiled output (pm2 runs plain .js), graceful stop within 60 s. */
function daemon(name, args) {
  return {
    name: `flywheel-${name}`,
    script: `apps/${name}/dist/main.js`,
    args: ['--base-dir', baseDir, ...args],
    cwd: __dirname,
    // pm2 sends SIGINT, then SIGKILL after kill_timeout: leave the active job time to finish.
    kill_timeout: 60_000,
    autorestart: true,
    max_restarts: 20,
    restart_delay: 5_000,
    // pino already writes logs/<daemon>.log; pm2's copies are for `pm2 logs`.
    merge_logs: true,
    time: true,
  };
}

module.exports = {
  apps: [
    // The one process that talks to the model server for evaluations (backend.* settings in
    // flywheel.config.*: strategy, profile, baseUrl); run it on the inference host.
    daemon('evaluator', []),
    daemon('regression-monitor', ['--interval', '300']),
    daemon('automated-testing', ['--interval', '300']),
    daemon('model-comparison', ['--interval', '300']),
    daemon('confidence-calibrator', ['--interval', '300']),
    daemon('adversarial-miner', ['--interval', '300']),
    // Set sync.remoteHost / sync.remoteDir in flywheel.config.* on the inference host; without
    // them checkpoint-sync only announces the local folder.
    daemon('checkpoint-sync', ['--interval', '300']),
    daemon('checkpoint-auto-deploy', ['--interval', '300']),
    daemon('curriculum-optimizer', ['--interval', '300']),
    daemon('self-correction', ['--interval', '300']),
    // data-generation runs continuously by default; --check-interval is its safety sweep.
    daemon('data-generation', ['--check-interval', '300', '--min-files', '2']),
    {
      ...daemon('api', []),
      name: 'flywheel-api',
      kill_timeout: 10_000,
    },
  ],
};
