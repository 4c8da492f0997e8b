import { MONITOR_OPTIONS } from './monitor-options.js';

/** One settable leaf of the configuration, and how it is set from outside a file. */
export interface OptionSpec {
  /** Dotted path in the config object. */
  path: string;
  type: 'string' | 'number' | 'boolean';
  /** Command-line flag; the seed's flags keep their names. */
  flag?: string;
  /** Default, as the reference shows it. */
  defaultText: string;
  description: string;
}

const o = (path: string, type: OptionSpec['type'], defaultText: string, description: string, flag?: string): OptionSpec => ({
  path,
  type,
  flag,
  defaultText,
  description,
});

/**
 * Every option. Each has the environment variable `FLYWHEEL_<PATH>` (dots and camelCase to
 * SCREAMING_SNAKE); any of them can also be set with `--set path=value`.
 */
export const OPTIONS: readonly OptionSpec[] = [
  o('run', 'string', 'default', 'Training run name: scopes queues, Redis keys and the status folder', '--run'),
  o('baseDir', 'string', '.', "Root of the training tree (the seed's ~/TRAINING)", '--base-dir'),
  o('once', 'boolean', 'false', 'Run once and exit, even with an interval', '--once'),
  o('interval', 'number', 'unset (run once)', 'Seconds between scheduled runs', '--interval'),
  o('continuous', 'boolean', 'false', 'Keep running (300 s interval unless --interval)', '--continuous'),
  o('samples', 'number', '100', 'Examples per evaluation', '--samples'),
  o('checkInterval', 'number', '300', 'Seconds between safety sweeps of the training queue', '--check-interval'),
  o('minFiles', 'number', '2', 'Generate data when fewer files wait in queue/normal/', '--min-files'),
  o('errorThreshold', 'number', '50', 'Most correction examples self-correction writes per pass', '--error-threshold'),
  o('paths.statusDir', 'string', '<baseDir>/status (run "default"), <baseDir>/status/<run>', 'Status files', '--status-dir'),
  o('paths.checkpointsDir', 'string', '<baseDir>/current_model', 'Where complete checkpoints live', '--checkpoints-dir'),
  o('paths.queueDir', 'string', '<baseDir>/queue', 'Training data queue'),
  o('paths.logsDir', 'string', '<baseDir>/logs', 'Log files, <daemon>.log'),
  o('paths.dataDir', 'string', '<baseDir>/data', 'Validation set and generated data'),
  o('redis.url', 'string', 'redis://127.0.0.1:6379', 'Redis URL (REDIS_URL is read too, with lower precedence)', '--redis-url'),
  o('queue.lockDurationMs', 'number', '30000', 'Job lock in ms; a crashed worker\'s job runs again after it'),
  o('queue.stalledIntervalMs', 'number', '30000', 'Milliseconds between checks for stalled jobs'),
  o('queue.maxStalledCount', 'number', '2', 'Times a job may stall before it fails'),
  o('heartbeatSeconds', 'number', '5', 'Seconds between heartbeats (TTL: three of them)'),
  o('checkpoints.announce', 'string', 'local', '"local": watch paths.checkpointsDir and announce; "off": leave it to checkpoint-sync'),
  o('checkpoints.settleSeconds', 'number', '2', 'Seconds a checkpoint must stay unchanged to count as complete'),
  o('sync.remoteHost', 'string', 'unset', 'Training host to pull checkpoints from (user@host)', '--remote-host'),
  o('sync.remoteDir', 'string', 'unset', 'Checkpoint folder on the training host', '--remote-dir'),
  o('sync.localDir', 'string', 'paths.checkpointsDir', 'Local folder checkpoints are pulled into', '--local-dir'),
  o('sync.keep', 'number', '3', 'Checkpoints kept locally', '--keep'),
  o('sync.port', 'number', '22', 'SSH port of the training host', '--remote-port'),
  o('sync.identityFile', 'string', 'agent, else ~/.ssh/id_ed25519 or id_rsa', 'Private key for SSH', '--identity-file'),
  o('sync.knownHostsFile', 'string', '~/.ssh/known_hosts', 'known_hosts the host key is checked against', '--known-hosts'),
  o('sync.acceptNewHostKey', 'boolean', 'false', 'Add a key for a host that has none (a changed key is still refused)', '--accept-new-host-key'),
  o('sync.settleSeconds', 'number', '10', 'Seconds a remote checkpoint must stay unchanged before it is pulled'),
  o('sync.channels', 'number', '4', 'SFTP channels per connection'),
  o('sync.parallelChunks', 'number', '32', 'Chunks of a file fetched at once, over all channels'),
  o('sync.chunkKiB', 'number', '128', 'Chunk size in KiB'),
  o('sync.checksums', 'boolean', 'true', 'Compare sha256 with the training host (sizes always)', '--checksums'),
  o('sync.pinned', 'string', '""', 'Checkpoints never pruned, comma-separated'),
  o('regression.window', 'number', '5', 'Checkpoints judged per run'),
  o('regression.thresholdPercent', 'number', '15', 'Loss increase (%) over the baseline that is a regression'),
  o('regression.criticalPercent', 'number', '25', 'Increase (%) at which a regression is critical'),
  o('regression.bootstrapIterations', 'number', '10000', 'Bootstrap resamples for the interval'),
  o('analysis.baselineCheckpoints', 'number', '3', 'Earlier checkpoints pooled per example into the baseline'),
  o('analysis.alpha', 'number', '0.05', 'Significance level of the paired tests'),
  o('analysis.bootstrapIterations', 'number', '2000', 'Bootstrap resamples for intervals'),
  o('testing.minDropPoints', 'number', '5', 'Smallest accuracy drop (points) called a regression'),
  o('comparison.weightAccuracy', 'number', '0.4', 'Composite score: weight of accuracy'),
  o('comparison.weightLoss', 'number', '0.2', 'Composite score: weight of exp(-golden loss)'),
  o('comparison.weightCalibration', 'number', '0.2', 'Composite score: weight of 1 - ECE'),
  o('comparison.weightQuality', 'number', '0.2', 'Composite score: weight of output quality'),
  o('comparison.window', 'number', '10', 'Newest checkpoints ranked'),
  o('calibration.bins', 'number', '5', 'Confidence bins over [0, 1]'),
  o('calibration.eceThreshold', 'number', '0.1', 'ECE at or below which the model is well calibrated'),
  o('adversarial.generator', 'string', 'template', '"template" (vary procedural tasks) or "llm" (ask the model backend)'),
  o('adversarial.perFailure', 'number', '3', 'New hard examples per failure'),
  o('deploy.servingDir', 'string', '<baseDir>/serving', 'Served checkpoints; <servingDir>/current is what the server reads', '--serving-dir'),
  o('deploy.strategy', 'string', 'command', 'How the server switches: command, pm2 or lora', '--deploy-strategy'),
  o('deploy.command', 'string', 'vllm serve {path} --port {port} --served-model-name {name}', '"command": argv template, split on spaces, no shell'),
  o('deploy.port', 'number', '8000', 'Port of the serving model server', '--serving-port'),
  o('deploy.baseUrl', 'string', 'http://127.0.0.1:<port>', 'URL for health and smoke checks'),
  o('deploy.pm2Name', 'string', 'inference', '"pm2": the process to restart'),
  o('deploy.healthTimeoutSeconds', 'number', '600', 'Seconds the new server has to become healthy'),
  o('deploy.smokePrompt', 'string', 'Hello', 'Prompt that must get a completion after a deploy'),
  o('deploy.lockSeconds', 'number', '1800', 'Lifetime of the deploy lock if its holder dies'),
  o('generation.batchSize', 'number', '100', 'Training examples per generated batch file', '--batch-size'),
  o('generation.adversarialShare', 'number', '0.1', "Share of a batch from the adversarial miner's hard examples"),
  o('generation.correctionShare', 'number', '0.1', "Share of a batch from self-correction's examples"),
  o('generation.llmShare', 'number', '0', 'Share of a batch written by a model through the backend'),
  o('generation.focusShare', 'number', '0.3', "Share of a batch's non-mixed-in lines from the weak skills of status/skill_focus.json"),
  o('generation.focusMaxAgeHours', 'number', '24', 'Hours after which status/skill_focus.json is stale and ignored'),
  o('backend.strategy', 'string', 'fixed', 'Serving: "fixed" endpoint, "command" started per checkpoint, "lora" adapter hot-load', '--backend'),
  o('backend.profile', 'string', 'vllm', 'Server kind: vllm, sglang, tgi, llamacpp, ollama, openai', '--backend-profile'),
  o('backend.baseUrl', 'string', 'http://127.0.0.1:8000', 'OpenAI-compatible server, without /v1', '--backend-url'),
  o('backend.model', 'string', 'unset', 'Model name to send (default: server\'s first model, or the checkpoint name)', '--model'),
  o('backend.apiKey', 'string', 'unset', 'Bearer key for the model server (set it from the environment)'),
  o('backend.command', 'string', 'vllm serve {path} --port {port} --served-model-name {name}', '"command": argv template split on spaces, no shell'),
  o('backend.commandPort', 'number', '8100', '"command": port of the started server'),
  o('backend.healthTimeoutSeconds', 'number', '600', '"command": seconds to wait for its health check'),
  o('backend.concurrency', 'number', '8', 'Requests in flight at once'),
  o('backend.timeoutSeconds', 'number', '300', 'Seconds before a request is abandoned and retried'),
  o('backend.retries', 'number', '3', 'Retries on 429/5xx/timeouts/refused connections, with backoff'),
  o('evaluation.maxTokens', 'number', '256', 'Tokens generated per answer'),
  o('evaluation.waitSeconds', 'number', '3600', 'Seconds a daemon waits for the evaluator'),
  o('evaluation.lossSource', 'string', 'auto', 'Regression losses: engine, trainer_state, or auto (engine while an evaluator is alive)'),
  ...MONITOR_OPTIONS,
  o('api.host', 'string', '127.0.0.1', 'API bind address; non-loopback requires api.token', '--api-host'),
  o('api.port', 'number', '5000', 'API port', '--api-port'),
  o('api.token', 'string', 'unset', 'Bearer token for mutating routes and non-loopback binds (set it from the environment)'),
  o('api.staleFactor', 'number', '2', 'A status is stale after this many writer intervals'),
  o('api.staleAfterSeconds', 'number', '1800', 'Staleness age when the writer has no interval'),
  o('api.nvidiaSmi', 'string', 'nvidia-smi', 'nvidia-smi executable /api/gpu runs (name on PATH or absolute path)'),
  o('gateway.host', 'string', '127.0.0.1', 'Gateway bind address', '--gateway-host'),
  o('gateway.port', 'number', '8200', 'Gateway port (OpenAI-compatible /v1 and the performance routes)', '--gateway-port'),
  o('gateway.upstreams', 'string', 'one upstream "deployed" at deploy.baseUrl', 'Upstream model servers in order, deployed first: name=url,name=url or a JSON list of {name, baseUrl, model?, costPerMillionTokens?}', '--upstreams'),
  o('gateway.criterion', 'string', 'speed', 'First model by: speed (p50 latency), accuracy (success rate × feedback) or cost', '--criterion'),
  o('gateway.maxAttempts', 'number', '3', 'Models tried per request, fallbacks included'),
  o('gateway.blacklistFailures', 'number', '3', 'Consecutive failures that blacklist a model'),
  o('gateway.blacklistBaseSeconds', 'number', '3600', 'First blacklisting in seconds; doubles with each further consecutive failure'),
  o('gateway.timeoutSeconds', 'number', '300', 'Seconds of upstream silence before an attempt times out'),
  o('gateway.recordChars', 'number', '2000', 'Characters of prompt and output kept per gateway event'),
  o('gateway.requestTtlSeconds', 'number', '86400', 'Seconds a request stays readable by id (feedback joins it)'),
  o('gateway.eventsMaxLength', 'number', '100000', 'Approximate cap on the gateway event stream (XADD MAXLEN ~)'),
  o('gateway.saveSeconds', 'number', '30', 'Seconds between writes of status/gateway_performance.json'),
  o('log.level', 'string', 'info', 'fatal, error, warn, info, debug, trace or silent', '--log-level'),
  o('debug.holdJobMs', 'number', '0', 'Every job sleeps this long first: for crash-recovery drills only'),
];

/** `regression.thresholdPercent` → `FLYWHEEL_REGRESSION_THRESHOLD_PERCENT`. */
export function envName(path: string): string {
  return 'FLYWHEEL_' + path.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export const OPTION_BY_PATH = new Map(OPTIONS.map((option) => [option.path, option]));
export const OPTION_BY_FLAG = new Map(OPTIONS.filter((option) => option.flag).map((option) => [option.flag!, option]));
