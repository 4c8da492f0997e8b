import { ConversationType, GatewayCriterion, RETENTION_DEFAULTS, RunName } from '@flywheel/contracts';
import { z } from 'zod';
import { stringList } from './string-list.js';
import { MonitorConfig } from './monitor-config.js';
import { CostConfig, SafetyConfig } from './safety-config.js';
import { AlertsConfig } from './alerts-config.js';
import { selfJudgingTarget } from './self-judging.js';

/** One model server behind the gateway. */
export const GatewayUpstream = z.object({
  /** The name clients and the performance routes know the model by. */
  name: z.string().regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, ".", "_", ":" and "-" only'),
  /** OpenAI-compatible server, without `/v1`. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** Model name sent upstream; unset: the server's first model from its /v1/models. */
  model: z.string().min(1).optional(),
  /** Price per million tokens, for the "cost" criterion; unset counts as 0 (self-hosted). */
  costPerMillionTokens: z.number().nonnegative().optional(),
  /**
   * The conversation types it serves (seed 003): `text` (chat and completions), `image`
   * (/v1/images/generations), `audio` (/v1/audio/speech), `video` (/v1/videos); only these
   * requests are routed to it. @defaultValue `["text"]`
   */
  types: z
    .array(z.enum(ConversationType.options, { error: (issue) => `not a conversation type: ${JSON.stringify(issue.input)} (use ${ConversationType.options.join(', ')})` }))
    .min(1, 'list at least one conversation type (text, image, audio, video)')
    .refine((types) => new Set(types).size === types.length, 'a conversation type is listed twice')
    .optional(),
});
export type GatewayUpstream = z.infer<typeof GatewayUpstream>;

type IssueSink = { addIssue(issue: { code: 'custom'; message: string; input: unknown }): void };

/**
 * A setting's value from the environment or a flag, one string: JSON when it starts with
 * `opener` (`[` or `{`), else the short form `key=value,key=value` as pairs (a part without
 * `=` is an issue naming `expected`). Null when the value is not a string (from a file: as it is).
 */
function shortFormOrJson(value: unknown, opener: '[' | '{', expected: string, ctx: IssueSink): { json: unknown } | { pairs: [string, string][] } | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.startsWith(opener)) {
    try {
      return { json: JSON.parse(text) };
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a JSON ${opener === '[' ? 'list' : 'object'}: ${(error as Error).message}`, input: value });
      return { json: opener === '[' ? [] : {} };
    }
  }
  const pairs = text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part): [string, string] => {
      const split = part.indexOf('=');
      if (split <= 0) ctx.addIssue({ code: 'custom', message: `expected ${expected}, got "${part.trim()}"`, input: value });
      return [part.slice(0, split).trim(), part.slice(split + 1).trim()];
    });
  return { pairs };
}

/**
 * Upstreams from the environment or a flag arrive as one string: a JSON list, or the short
 * form `name=url,name=url`, where a name may carry its conversation types after `@`, joined
 * by `+` (`img@image=http://h:8001`; "@" and "+" cannot be in a name). A list (from a file)
 * passes as it is.
 */
function parseUpstreamList(value: unknown, ctx: IssueSink): unknown {
  const read = shortFormOrJson(value, '[', 'name=url', ctx);
  if (!read) return value;
  if ('json' in read) return read.json;
  return read.pairs.map(([key, baseUrl]) => {
    const at = key.indexOf('@');
    if (at < 0) return { name: key, baseUrl };
    return { name: key.slice(0, at), baseUrl, types: key.slice(at + 1).split('+').map((type) => type.trim()) };
  });
}

/** Aliases the same way: `alias=upstream,alias=upstream` or a JSON object, into `{ alias: upstream }`. */
function parseAliasMap(value: unknown, ctx: IssueSink): unknown {
  const read = shortFormOrJson(value, '{', 'alias=upstream', ctx);
  if (!read) return value;
  return 'json' in read ? read.json : Object.fromEntries(read.pairs);
}

/**
 * The whole system's configuration: one schema for every daemon, the API and the CLI.
 * Each option is documented here once; `OPTIONS` (options.ts) says which flag and which
 * environment variable set it. Paths left unset are derived from `baseDir` by the loader.
 */
export const FlywheelConfig = z.object({
  /** Name of the training run; scopes queues, Redis keys and the status folder. @defaultValue "default" */
  run: RunName.default('default'),
  /** Root of the training tree (the seed's `~/TRAINING`). Relative paths resolve against the working directory. @defaultValue "." */
  baseDir: z.string().min(1).default('.'),
  /** Run once and exit (the seed's "manual run"), even when an interval is set. @defaultValue false */
  once: z.boolean().default(false),
  /** Seconds between scheduled runs; unset means run once and exit unless `continuous`. */
  interval: z.number().positive().optional(),
  /** Keep running (event-driven; with `interval` also on a schedule, 300 s when unset). @defaultValue false */
  continuous: z.boolean().default(false),
  /** Examples per evaluation (`--samples`). @defaultValue 100 */
  samples: z.number().int().positive().default(100),
  /** Seconds between safety sweeps of the training queue (data generation). @defaultValue 300 */
  checkInterval: z.number().positive().default(300),
  /** Generate data when fewer files than this wait in `queue/normal/`. @defaultValue 2 */
  minFiles: z.number().int().nonnegative().default(2),
  /** Most correction examples self-correction writes per pass (the seed's cap). @defaultValue 50 */
  errorThreshold: z.number().int().nonnegative().default(50),
  paths: z
    .object({
      /** Status files. @defaultValue `<baseDir>/status` for run "default", `<baseDir>/status/<run>` otherwise */
      statusDir: z.string().optional(),
      /** Where complete checkpoints live. @defaultValue `<baseDir>/current_model` */
      checkpointsDir: z.string().optional(),
      /** Training data queue. @defaultValue `<baseDir>/queue` */
      queueDir: z.string().optional(),
      /** Log files, `<daemon>.log`. @defaultValue `<baseDir>/logs` */
      logsDir: z.string().optional(),
      /** Validation set and generated data. @defaultValue `<baseDir>/data` */
      dataDir: z.string().optional(),
    })
    .default({}),
  redis: z
    .object({
      /**
       * Redis URL: `redis://[user][:password]@host:port[/db]`, or `rediss://…` for TLS (the
       * server's certificate is verified, against the system CAs or `tlsCaFile`). Prefer the
       * environment (`FLYWHEEL_REDIS_URL`) or a file to `--redis-url` for a password: a flag is
       * visible to every user in the process list. @defaultValue "redis://127.0.0.1:6379"
       */
      url: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').default('redis://127.0.0.1:6379'),
      /** PEM file of the CA that signed the Redis server's certificate (a private CA); only with a `rediss://` URL. */
      tlsCaFile: z.string().min(1).optional(),
    })
    .refine((redis) => redis.tlsCaFile === undefined || redis.url.startsWith('rediss://'), {
      // A CA with a plain redis:// URL means the operator believes the link is encrypted: it is not.
      message: 'redis.tlsCaFile is set but redis.url is not a rediss:// URL (the connection would not use TLS)',
      path: ['tlsCaFile'],
    })
    .default({ url: 'redis://127.0.0.1:6379' }),
  queue: z
    .object({
      /** Milliseconds a worker holds a job's lock before it counts as stalled (after a crash). @defaultValue 30000 */
      lockDurationMs: z.number().int().min(1_000).default(30_000),
      /** Milliseconds between checks for stalled jobs. @defaultValue 30000 */
      stalledIntervalMs: z.number().int().min(500).default(30_000),
      /** Times a job may stall (its worker died) before it fails. @defaultValue 2 */
      maxStalledCount: z.number().int().min(0).default(2),
      /**
       * Completed jobs kept per queue (and at most 7 days): an event's job id is its dedup key
       * while the job is kept, and the API reads an evaluation's result from it. @defaultValue 1000
       */
      keepCompletedJobs: z.number().int().min(10).default(1_000),
      /** Failed jobs kept per queue (and at most 30 days), for inspection. @defaultValue 5000 */
      keepFailedJobs: z.number().int().min(10).default(5_000),
      /** Approximate cap on each queue's BullMQ events stream (`<queue>:events`). @defaultValue 10000 */
      eventsMaxLength: z.number().int().min(100).default(10_000),
    })
    .default({ lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 2, keepCompletedJobs: 1_000, keepFailedJobs: 5_000, eventsMaxLength: 10_000 }),
  shutdown: z
    .object({
      /**
       * Seconds a stop (SIGTERM) may take: the active job finishes and connections close within it,
       * else the worker and connections are closed with force (Redis not answering) and the log
       * says so. Well under pm2's (60 s) and compose's kill timeouts. @defaultValue 20
       */
      timeoutSeconds: z.number().positive().default(20),
    })
    .default({ timeoutSeconds: 20 }),
  /** Seconds between heartbeats; a heartbeat expires after three of them. @defaultValue 5 */
  heartbeatSeconds: z.number().positive().default(5),
  checkpoints: z
    .object({
      /** Announce complete checkpoints found in `paths.checkpointsDir` ("local"), or leave it to checkpoint-sync ("off"). @defaultValue "local" */
      announce: z.enum(['local', 'off']).default('local'),
      /** Seconds a checkpoint's files must stay unchanged before it counts as complete. @defaultValue 2 */
      settleSeconds: z.number().nonnegative().default(2),
    })
    .default({ announce: 'local', settleSeconds: 2 }),
  sync: z
    .object({
      /** Training host to pull checkpoints from (`user@host`). */
      remoteHost: z.string().optional(),
      /** Checkpoint folder on the training host. */
      remoteDir: z.string().optional(),
      /** Local folder checkpoints are pulled into. @defaultValue `paths.checkpointsDir` */
      localDir: z.string().optional(),
      /** Checkpoints kept locally. @defaultValue 3 */
      keep: z.number().int().min(1).default(3),
      /** SSH port of the training host. @defaultValue 22 */
      port: z.number().int().min(1).max(65_535).default(22),
      /** Private key for SSH; unset: the agent (SSH_AUTH_SOCK), else ~/.ssh/id_ed25519, ~/.ssh/id_rsa. */
      identityFile: z.string().optional(),
      /** known_hosts file the training host's key is checked against. @defaultValue "~/.ssh/known_hosts" */
      knownHostsFile: z.string().default('~/.ssh/known_hosts'),
      /** Add the host's key to known_hosts when it has none yet (as ssh's accept-new); a changed key is still refused. @defaultValue false */
      acceptNewHostKey: z.boolean().default(false),
      /** Seconds a remote checkpoint's files must stay unchanged before it is pulled. @defaultValue 10 */
      settleSeconds: z.number().nonnegative().default(10),
      /** SFTP channels per connection (sshd's MaxSessions is 10 by default): sftp-server answers one request at a time per channel. @defaultValue 4 */
      channels: z.number().int().min(1).max(9).default(4),
      /** Chunks of a file fetched at once, over all channels. @defaultValue 32 */
      parallelChunks: z.number().int().min(1).max(256).default(32),
      /** Chunk size in KiB (OpenSSH's sftp-server answers reads of up to 128 KiB at once). @defaultValue 128 */
      chunkKiB: z.number().int().min(16).max(4096).default(128),
      /** Compare each file's sha256 with the training host's (when it can run sha256sum); sizes are always compared. @defaultValue true */
      checksums: z.boolean().default(true),
      /** Checkpoints never pruned, comma-separated (a `.pinned` file in a checkpoint folder pins it too). @defaultValue "" */
      pinned: z.string().default(''),
      /**
       * One host (no remoteHost): prune the trainer's own checkpoint folder to `keep` as well,
       * with the same protection, never a checkpoint the evaluator has no result of. Off by
       * default: that folder is the trainer's (its own save limit, e.g. save_total_limit, may
       * be what prunes it). @defaultValue false
       */
      pruneLocal: z.boolean().default(false),
    })
    .default({
      keep: 3, port: 22, knownHostsFile: '~/.ssh/known_hosts', acceptNewHostKey: false, settleSeconds: 10,
      channels: 4, parallelChunks: 32, chunkKiB: 128, checksums: true, pinned: '', pruneLocal: false,
    }),
  regression: z
    .object({
      /** Checkpoints looked at per run, newest last (seed: 5). @defaultValue 5 */
      window: z.number().int().min(2).default(5),
      /** Loss increase over the baseline, in percent, that counts as a regression (seed: 15). @defaultValue 15 */
      thresholdPercent: z.number().positive().default(15),
      /** Increase, in percent, at which a regression is critical rather than a warning. @defaultValue 25 */
      criticalPercent: z.number().positive().default(25),
      /** Bootstrap resamples for the interval when per-example losses exist. @defaultValue 10000 */
      bootstrapIterations: z.number().int().min(100).default(10_000),
    })
    .default({ window: 5, thresholdPercent: 15, criticalPercent: 25, bootstrapIterations: 10_000 })
    .superRefine((value, ctx) => {
      if (value.criticalPercent < value.thresholdPercent) {
        ctx.addIssue({
          code: 'custom',
          path: ['criticalPercent'],
          message: `must be at least thresholdPercent (${value.thresholdPercent})`,
        });
      }
    }),
  analysis: z
    .object({
      /** Earlier checkpoints pooled, example by example, into the baseline a new checkpoint is compared with (not the best of them: that one is lucky). @defaultValue 3 */
      baselineCheckpoints: z.number().int().min(1).default(3),
      /** Level of the intervals the statuses show (`interval_points`); the regression calls spend `runFalsePageRate` instead. @defaultValue 0.05 */
      alpha: z.number().gt(0).lt(0.5).default(0.05),
      /** Bootstrap resamples for intervals. @defaultValue 2000 */
      bootstrapIterations: z.number().int().min(100).default(2_000),
      /**
       * Chance that a run whose checkpoints are all as good as each other ever raises a false
       * regression, per daemon (automated-testing, regression-monitor), over the whole run
       * however long: every look spends a share of it (docs/analysis.md). @defaultValue 0.05
       */
      runFalsePageRate: z.number().gt(0).lt(1).default(0.05),
      /** Checkpoints over which that budget is spread about evenly before it thins out (like 1/t²); it never runs out. @defaultValue 50 */
      runHorizon: z.number().int().min(1).default(50),
    })
    .default({ baselineCheckpoints: 3, alpha: 0.05, bootstrapIterations: 2_000, runFalsePageRate: 0.05, runHorizon: 50 }),
  promotion: z
    .object({
      /** Error rate of the paired test a challenger must pass against the champion (the chance an equal one is promoted). @defaultValue 0.05 */
      alpha: z.number().gt(0).lt(0.5).default(0.05),
      /** Smallest gain of the mean per-example score (0–1) worth a deployment. @defaultValue 0.005 */
      minGain: z.number().min(0).max(1).default(0.005),
      /** Accuracy may not be lower than the champion's by more than this, in points (one-sided bound). @defaultValue 2 */
      accuracyMarginPoints: z.number().min(0).max(100).default(2),
      /** Output quality may not be lower by more than this, in points. @defaultValue 2 */
      qualityMarginPoints: z.number().min(0).max(100).default(2),
      /** The ECE may not rise by more than this. @defaultValue 0.02 */
      eceMargin: z.number().min(0).max(1).default(0.02),
    })
    .default({ alpha: 0.05, minGain: 0.005, accuracyMarginPoints: 2, qualityMarginPoints: 2, eceMargin: 0.02 }),
  testing: z
    .object({
      /** Accuracy drop, in points, below which no regression is called however significant (seed: 5). @defaultValue 5 */
      minDropPoints: z.number().nonnegative().default(5),
      /**
       * Earlier checkpoints automated-testing pools per example: the recent baseline, and the
       * champion with its nearest neighbours (see docs/analysis.md). @defaultValue 8
       */
      baselineCheckpoints: z.number().int().min(1).default(8),
    })
    .default({ minDropPoints: 5, baselineCheckpoints: 8 }),
  comparison: z
    .object({
      /** Weight of accuracy in the composite score. @defaultValue 0.4 */
      weightAccuracy: z.number().nonnegative().default(0.4),
      /** Weight of exp(−golden loss). @defaultValue 0.2 */
      weightLoss: z.number().nonnegative().default(0.2),
      /** Weight of 1 − ECE. @defaultValue 0.2 */
      weightCalibration: z.number().nonnegative().default(0.2),
      /** Weight of output quality (closed think tags, non-empty, not cut off). @defaultValue 0.2 */
      weightQuality: z.number().nonnegative().default(0.2),
      /** Checkpoints ranked (newest). @defaultValue 10 */
      window: z.number().int().min(1).default(10),
    })
    .default({ weightAccuracy: 0.4, weightLoss: 0.2, weightCalibration: 0.2, weightQuality: 0.2, window: 10 }),
  calibration: z
    .object({
      /** Confidence bins over [0, 1] (seed: 5, 0.0–0.2 … 0.8–1.0). @defaultValue 5 */
      bins: z.number().int().min(2).max(50).default(5),
      /** ECE at or below which the model counts as well calibrated. @defaultValue 0.1 */
      eceThreshold: z.number().min(0).max(1).default(0.1),
    })
    .default({ bins: 5, eceThreshold: 0.1 }),
  adversarial: z
    .object({
      /** How hard examples are made: "template" (vary the numbers of procedural tasks) or "llm" (ask the model backend). @defaultValue "template" */
      generator: z.enum(['template', 'llm']).default('template'),
      /** New examples made per failure. @defaultValue 3 */
      perFailure: z.number().int().min(1).max(50).default(3),
      /** The training-side split mined for failures (`data/<exampleSet>/`); never `validation`, which is held out. @defaultValue "mining" */
      exampleSet: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/).refine((s) => s !== 'validation', 'the validation set is held out: mine another split').default('mining'),
    })
    .default({ generator: 'template', perFailure: 3, exampleSet: 'mining' }),
  deploy: z
    .object({
      /** Where served checkpoints are copied; `<servingDir>/current` is the symlink the server reads. @defaultValue `<baseDir>/serving` */
      servingDir: z.string().optional(),
      /** How the server picks up a new checkpoint: "command" (flywheel stops and starts it from `command`), "pm2" (`pm2 restart pm2Name`), "lora" (load it as an adapter at `baseUrl`). @defaultValue "command" */
      strategy: z.enum(['command', 'pm2', 'lora']).default('command'),
      /** "command": argv template, split on spaces (no shell), with {path} {port} {name}. @defaultValue "vllm serve {path} --port {port} --served-model-name {name}" */
      command: z.string().min(1).default('vllm serve {path} --port {port} --served-model-name {name}'),
      /** Port the serving model server listens on ("command"). @defaultValue 8000 */
      port: z.number().int().min(1).max(65_535).default(8000),
      /** The serving server's URL for health and smoke checks; unset: http://127.0.0.1:<port>. */
      baseUrl: z.string().optional(),
      /** "pm2": the process to restart. @defaultValue "inference" */
      pm2Name: z.string().min(1).default('inference'),
      /** Seconds the new server has to answer /health; also bounds GET /v1/models in the check and "lora"'s adapter load. @defaultValue 600 */
      healthTimeoutSeconds: z.number().positive().default(600),
      /** Prompt sent after health; the deploy fails when it gets no completion. @defaultValue "Hello" */
      smokePrompt: z.string().min(1).default('Hello'),
      /** Seconds the deploy lock lives if its holder dies. @defaultValue 1800 */
      lockSeconds: z.number().positive().default(1800),
      /** Staged checkpoints kept in `<servingDir>/checkpoints`: the served one, the one served before (both always kept), then the newest earlier champions up to this count; the rest are removed after each deployment. @defaultValue 3 */
      keepServed: z.number().int().min(1).default(3),
      /** "lora": adapters this deployer loaded that stay loaded after a deployment: the serving one, the one served before, then the newest earlier champions up to this count; the rest are unloaded (`/v1/unload_lora_adapter`) once the new one passed its checks. vLLM holds at most `--max-loras` at once. @defaultValue 2 */
      keepLoadedAdapters: z.number().int().min(1).default(2),
      /** The gateway's URL (without `/v1`): after a deployment the smoke prompt is also sent through it, to its deployed upstream, and must be answered by the deployed checkpoint; unset: not sent. */
      gatewayUrl: z.string().regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL').optional(),
    })
    .default({
      strategy: 'command', command: 'vllm serve {path} --port {port} --served-model-name {name}', port: 8000,
      pm2Name: 'inference', healthTimeoutSeconds: 600, smokePrompt: 'Hello', lockSeconds: 1800, keepServed: 3, keepLoadedAdapters: 2,
    }),
  canary: z
    .object({
      /** Deploy a promoted checkpoint as a canary first: it serves `share` of the gateway's `deployed` traffic until the live comparison with the champion promotes or rolls it back. Needs a server that serves both at once (`deploy.strategy` "lora", or a server with several served model names). @defaultValue false */
      enabled: z.boolean().default(false),
      /** Share of the `deployed` traffic the canary gets while on trial (0–1). @defaultValue 0.1 */
      share: z.number().gt(0).lt(1).default(0.1),
      /** Run-level error rate of each of the two decisions (promoting a canary worse by `margin`, rolling back an equal one), spent over the looks. @defaultValue 0.05 */
      alpha: z.number().gt(0).lt(0.5).default(0.05),
      /** Non-inferiority margin, in live-quality points (0–1 scale): promoted once its quality is shown above the champion's minus this. @defaultValue 0.05 */
      margin: z.number().gt(0).lt(1).default(0.05),
      /** Rolled back once its quality is shown below the champion's minus this (0: shown worse at all). @defaultValue 0 */
      minHarm: z.number().min(0).lt(1).default(0),
      /** Matched pairs between two looks (the first look after this many). @defaultValue 150 */
      pairsPerLook: z.number().int().min(2).default(150),
      /** Looks at most; the last one decides by its bound (promote when non-inferior, else roll back). @defaultValue 15 */
      maxLooks: z.number().int().min(1).max(1000).default(15),
      /** Width of the time buckets within which a canary request is paired with a champion request of the same skill, in seconds. @defaultValue 300 */
      bucketSeconds: z.number().positive().default(300),
    })
    .default({ enabled: false, share: 0.1, alpha: 0.05, margin: 0.05, minHarm: 0, pairsPerLook: 150, maxLooks: 15, bucketSeconds: 300 }),
  generation: z
    .object({
      /** Training examples per generated batch file. @defaultValue 100 */
      batchSize: z.number().int().min(1).default(100),
      /** Share of a batch taken from the adversarial miner's hard examples. @defaultValue 0.1 */
      adversarialShare: z.number().min(0).max(1).default(0.1),
      /** Share of a batch taken from self-correction's correction examples. @defaultValue 0.1 */
      correctionShare: z.number().min(0).max(1).default(0.1),
      /** Share of a batch written by a model through the model backend (`backend.*`, fixed endpoint). @defaultValue 0 */
      llmShare: z.number().min(0).max(1).default(0),
      /** While production-monitor's `status/skill_focus.json` is in force: the share of each batch's lines that are not mixed-in items drawn from its weak skills. @defaultValue 0.3 */
      focusShare: z.number().min(0).max(1).default(0.3),
      /** Hours after which a `status/skill_focus.json` is stale and ignored. @defaultValue 24 */
      focusMaxAgeHours: z.number().positive().default(24),
    })
    .default({ batchSize: 100, adversarialShare: 0.1, correctionShare: 0.1, llmShare: 0, focusShare: 0.3, focusMaxAgeHours: 24 }),
  backend: z
    .object({
      /** Which checkpoint the model server serves: "fixed" (an endpoint you run), "command" (started per checkpoint from `command`), "lora" (adapter hot-loaded into the server at `baseUrl`). @defaultValue "fixed" */
      strategy: z.enum(['fixed', 'command', 'lora']).default('fixed'),
      /** What the server can do: vllm, sglang, tgi, llamacpp, ollama or openai. @defaultValue "vllm" */
      profile: z.enum(['vllm', 'sglang', 'tgi', 'llamacpp', 'ollama', 'openai']).default('vllm'),
      /** OpenAI-compatible server, without `/v1` ("fixed" and "lora"). @defaultValue "http://127.0.0.1:8000" */
      baseUrl: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8000'),
      /** Model name to send; unset: the server's first model ("fixed"), the checkpoint name ("lora", "command"). */
      model: z.string().min(1).optional(),
      /** Bearer key for the server, if it wants one. Set it from the environment. */
      apiKey: z.string().min(1).optional(),
      /** "command": argv template, split on spaces (no shell), with {path} {port} {name}. @defaultValue "vllm serve {path} --port {port} --served-model-name {name}" */
      command: z.string().min(1).default('vllm serve {path} --port {port} --served-model-name {name}'),
      /** "command": port the started server listens on. @defaultValue 8100 */
      commandPort: z.number().int().min(1).max(65_535).default(8100),
      /** "command": seconds to wait for the started server's health check. @defaultValue 600 */
      healthTimeoutSeconds: z.number().positive().default(600),
      /** Requests in flight at once. @defaultValue 8 */
      concurrency: z.number().int().min(1).default(8),
      /** Seconds before a request is abandoned (then retried). @defaultValue 300 */
      timeoutSeconds: z.number().positive().default(300),
      /** Retries on 429, 5xx, timeouts and refused connections, with exponential backoff. @defaultValue 3 */
      retries: z.number().int().min(0).default(3),
    })
    .default({
      strategy: 'fixed', profile: 'vllm', baseUrl: 'http://127.0.0.1:8000',
      command: 'vllm serve {path} --port {port} --served-model-name {name}', commandPort: 8100,
      healthTimeoutSeconds: 600, concurrency: 8, timeoutSeconds: 300, retries: 3,
    }),
  evaluation: z
    .object({
      /** Tokens generated per answer. @defaultValue 256 */
      maxTokens: z.number().int().positive().default(256),
      /** Seconds a daemon waits for the evaluator's answer. @defaultValue 3600 */
      waitSeconds: z.number().positive().default(3600),
      /** Where the regression monitor gets losses: "engine" (the evaluator), "trainer_state" (the checkpoint's eval_loss), "auto" (engine while an evaluator is alive, else trainer_state). @defaultValue "auto" */
      lossSource: z.enum(['auto', 'engine', 'trainer_state']).default('auto'),
      /**
       * Lifetime of the evaluator's Redis copies (results and per-example records): the
       * results stay on disk in status/evals/, so an expired copy is read back from there,
       * never re-inferred. Bounds Redis under noeviction. @defaultValue 604800 (7 days)
       */
      redisTtlSeconds: z.number().int().positive().default(604_800),
      /**
       * Checkpoints whose evaluations stay in status/evals/: the newest this many, and the
       * champion, deployed and pinned ones with their neighbours (the pools read them after the
       * checkpoints are pruned). Bounds the status folder. At least comparison.window and
       * testing.baselineCheckpoints + 2. @defaultValue 50
       */
      keepCheckpoints: z.number().int().min(10).default(50),
      /**
       * Examples per shard when several evaluators share the queue (docs/evaluation.md,
       * "Scale-out"): the evaluator that takes an evaluation queues its examples in shards of
       * this many (smaller near the end) on the `evaluator-shards` queue, which every evaluator works on next to its
       * own model server. 0: no shards, one evaluator infers the whole set. @defaultValue 0
       */
      shardExamples: z.number().int().nonnegative().default(0),
      /** Shards one evaluator works on at once (its model server's limiter is shared by them): 2 keeps the server busy between shards. @defaultValue 2 */
      shardConcurrency: z.number().int().min(1).max(64).default(2),
    })
    .default({ maxTokens: 256, waitSeconds: 3600, lossSource: 'auto', redisTtlSeconds: 604_800, keepCheckpoints: 50, shardExamples: 0, shardConcurrency: 2 }),
  /** The production monitor (seeds 000, 001); see docs/production-monitor.md. */
  monitor: MonitorConfig.prefault({}),
  /** PII, toxicity and refusal scanning of responses (seed 001); see docs/safety-and-cost.md. */
  safety: SafetyConfig.prefault({}),
  /** Price table for cost per query (seed 001); see docs/safety-and-cost.md. */
  cost: CostConfig,
  /** The alert analyst (issue 10, seed 002); see docs/alert-analyst.md. */
  alerts: AlertsConfig.prefault({}),
  api: z
    .object({
      /** Address the API binds to; anything but loopback requires `api.token`. @defaultValue "127.0.0.1" */
      host: z.string().default('127.0.0.1'),
      /** TCP port of the API (the seed's API server port). @defaultValue 5000 */
      port: z.number().int().min(0).max(65_535).default(5000),
      /** Bearer token for mutating routes (also accepted for reads). Set it from the environment. */
      token: z.string().min(16, 'use at least 16 characters').optional(),
      /** Bearer token every read route requires when set (the dashboard's files, `/healthz` and `/readyz` stay open); required for any non-loopback bind. Set it from the environment. */
      readToken: z.string().min(16, 'use at least 16 characters').optional(),
      /** Host names (the `Host` header, without port) the API answers besides localhost, 127.0.0.1, [::1] and a non-wildcard `api.host`; any other gets 421 (DNS rebinding). A list in a file; JSON from the environment or a flag. @defaultValue [] */
      allowedHosts: stringList([]),
      /** Clients one event stream (`/api/events`, `/api/alerts/analysis/stream`) serves at once; more get 503 with Retry-After. @defaultValue 100 */
      maxStreamClients: z.number().int().min(1).default(100),
      /** Bytes an event stream client may leave unread in its socket buffer before it is dropped as too slow. @defaultValue 1048576 */
      maxStreamBufferBytes: z.number().int().min(1024).default(1_048_576),
      /** A status is stale when older than this many daemon intervals. @defaultValue 2 */
      staleFactor: z.number().positive().default(2),
      /** Age in seconds past which a status counts as stale when its writer has no interval (or no heartbeat). @defaultValue 1800 */
      staleAfterSeconds: z.number().positive().default(1800),
      /** The nvidia-smi `/api/gpu` runs: a name looked up on PATH, or an absolute path. @defaultValue "nvidia-smi" */
      nvidiaSmi: z.string().min(1).default('nvidia-smi'),
    })
    .default({
      host: '127.0.0.1', port: 5000, staleFactor: 2, staleAfterSeconds: 1800, nvidiaSmi: 'nvidia-smi', allowedHosts: [],
      maxStreamClients: 100, maxStreamBufferBytes: 1_048_576,
    }),
  gateway: z
    .object({
      /** Address the gateway binds to. @defaultValue "127.0.0.1" */
      host: z.string().default('127.0.0.1'),
      /** TCP port of the gateway's OpenAI-compatible endpoint. @defaultValue 8200 */
      port: z.number().int().min(0).max(65_535).default(8200),
      /** Upstream model servers, in order of preference (the deployed checkpoint's server first): a list of `{ name, baseUrl, model?, costPerMillionTokens?, types? }` in a file; from the environment or a flag, `name=url,name=url` (types after `@`: `img@image=url`, `mix@text+audio=url`) or the same list as JSON. @defaultValue `[]`: one upstream "deployed" at `deploy.baseUrl` (else http://127.0.0.1:<deploy.port>) */
      upstreams: z.preprocess(parseUpstreamList, z.array(GatewayUpstream)).default([]).superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((upstream, index) => {
          if (seen.has(upstream.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `duplicate upstream name "${upstream.name}"` });
          seen.add(upstream.name);
        });
      }),
      /** Other names callers may give as `model`, each for an upstream: `{ "prod": "deployed" }`; from the environment or a flag, `alias=upstream,…` or the same as JSON. @defaultValue `{}` */
      aliases: z.preprocess(parseAliasMap, z.record(z.string().min(1).max(100), z.string().min(1))).default({}),
      /** How the first model is chosen when a request names no criterion (`x-flywheel-criterion`, `metadata.criterion`): "speed" (lowest p50 latency), "accuracy" (success rate × feedback), "cost" (lowest cost per token), "creativity" (mean creativity rating, prior 3), "continuity" (a conversation stays on the model of its earlier turns; new ones by speed). @defaultValue "speed" */
      criterion: GatewayCriterion.default('speed'),
      /** Models tried per request, the first included (fallbacks on connection errors, timeouts, 5xx and 429). @defaultValue 3 */
      maxAttempts: z.number().int().min(1).max(10).default(3),
      /** Consecutive failures after which a model is blacklisted. @defaultValue 3 */
      blacklistFailures: z.number().int().min(1).default(3),
      /** Seconds of the first blacklisting; each further consecutive failure doubles it. @defaultValue 3600 */
      blacklistBaseSeconds: z.number().positive().default(3600),
      /** Seconds an upstream may stay silent (before its answer or between streamed chunks) before the attempt counts as a timeout. @defaultValue 300 */
      timeoutSeconds: z.number().positive().default(300),
      /** Characters of prompt and output kept in each gateway event. @defaultValue 2000 */
      recordChars: z.number().int().nonnegative().default(2000),
      /** The skill tags accepted from callers (`x-flywheel-skill`, `metadata.skill`); empty: any well-formed name (`[a-z][a-z0-9_]*`, ≤ 40 characters). Others are recorded as `other`. @defaultValue [] */
      skills: stringList([]).refine((names) => names.every((name) => /^[a-z][a-z0-9_]{0,39}$/.test(name)), {
        message: 'a skill name is lower-case letters, digits and _, starting with a letter, at most 40 characters',
      }),
      /** Most distinct skill tags accepted when `skills` is empty; later new ones are `other`. @defaultValue 50 */
      maxSkills: z.number().int().min(1).default(50),
      /** Seconds the gateway remembers which model served a conversation (`continuity`), from its last turn. @defaultValue 86400 */
      conversationTtlSeconds: z.number().int().positive().default(86_400),
      /** Most conversations the gateway remembers for `continuity`; past it the least recently served are forgotten. @defaultValue 100000 */
      maxConversations: z.number().int().min(1).default(100_000),
      /** Seconds a request's event stays readable by id (for feedback to join). @defaultValue 86400 */
      requestTtlSeconds: z.number().int().positive().default(86_400),
      /** Approximate cap on the gateway event stream's length (XADD MAXLEN ~). @defaultValue 100000 */
      eventsMaxLength: z.number().int().min(100).default(100_000),
      /** Seconds between writes of the performance snapshot (`status/gateway_performance.json`). @defaultValue 30 */
      saveSeconds: z.number().positive().default(30),
    })
    .superRefine((gateway, ctx) => {
      // Without a list the gateway has one upstream, "deployed" (upstreamsFromConfig).
      const names = gateway.upstreams.length ? gateway.upstreams.map((u) => u.name) : ['deployed'];
      for (const [alias, target] of Object.entries(gateway.aliases)) {
        if (!names.includes(target)) ctx.addIssue({ code: 'custom', path: ['aliases', alias], message: `names no upstream ("${target}"; the upstreams are ${names.join(', ')})` });
      }
    })
    .default({
      host: '127.0.0.1', port: 8200, upstreams: [], aliases: {}, criterion: 'speed', maxAttempts: 3, blacklistFailures: 3,
      blacklistBaseSeconds: 3600, timeoutSeconds: 300, recordChars: 2000, skills: [], maxSkills: 50, conversationTtlSeconds: 86_400, maxConversations: 100_000, requestTtlSeconds: 86_400,
      eventsMaxLength: 100_000, saveSeconds: 30,
    }),
  /**
   * Bounds of the files that are only ever appended to (issue 17): `status/deployments.jsonl`,
   * `status/feedback/ratings.jsonl`, `status/alert_analyses.jsonl`, the daemons' `<logsDir>/<name>.log`
   * and the served model's `<servingDir>/server.log`. A file about to pass its byte size is renamed
   * to `<file>.1` (older copies shift up, the oldest is dropped); see docs/runbook.md "What is bounded".
   */
  retention: z
    .object({
      /**
       * A JSONL file is rotated before an append would take it past this many bytes. Readers read
       * at most (jsonlRotatedFiles + 1) × this, so a line longer than that is never read: the
       * minimum keeps room for an alert analysis (prompt, evidence and answer, a few KiB).
       * @defaultValue 10485760 (10 MiB)
       */
      jsonlMaxBytes: z.number().int().min(65_536).default(RETENTION_DEFAULTS.jsonlMaxBytes),
      /** Rotated copies of a JSONL file kept (`<file>.1` … `<file>.N`); readers look in them too. @defaultValue 3 */
      jsonlRotatedFiles: z.number().int().min(0).max(100).default(RETENTION_DEFAULTS.jsonlRotatedFiles),
      /** A log file is rotated before a line would take it past this many bytes (server.log: once past it, at each checkpoint-auto-deploy pass). @defaultValue 10485760 (10 MiB) */
      logMaxBytes: z.number().int().min(1024).default(RETENTION_DEFAULTS.logMaxBytes),
      /** Rotated copies of a log file kept. @defaultValue 3 */
      logRotatedFiles: z.number().int().min(0).max(100).default(RETENTION_DEFAULTS.logRotatedFiles),
    })
    .default({ ...RETENTION_DEFAULTS }),
  log: z
    .object({
      /** pino level. @defaultValue "info" */
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    })
    .default({ level: 'info' }),
  debug: z
    .object({
      /** Milliseconds every job sleeps before it starts: for crash-recovery drills only. @defaultValue 0 */
      holdJobMs: z.number().int().nonnegative().default(0),
    })
    .default({ holdJobMs: 0 }),
}).superRefine((config, ctx) => {
  // A model grading its own answers rates them too kindly: the judge must be another model unless asked for.
  if (config.monitor.judge.allowSelfJudging) return;
  // A judge section that did not parse has no sampling rate yet (its default follows baseUrl): its own error says why, no second one here.
  if (typeof config.monitor.judge.samplingRate !== 'number') return;
  const served = selfJudgingTarget(config);
  if (served) {
    ctx.addIssue({
      code: 'custom',
      path: ['monitor', 'judge', 'baseUrl'],
      message: `the judge (monitor.judge.baseUrl, monitor.judge.model) is the served model (${served}): point it at another model, or set monitor.judge.allowSelfJudging=true`,
    });
  }
});
export type FlywheelConfigInput = z.input<typeof FlywheelConfig>;

/** The validated config with every path made absolute. */
export type FlywheelConfig = z.output<typeof FlywheelConfig> & {
  paths: Required<z.output<typeof FlywheelConfig>['paths']>;
  sync: z.output<typeof FlywheelConfig>['sync'] & { localDir: string };
  deploy: z.output<typeof FlywheelConfig>['deploy'] & { servingDir: string };
  baseDir: string;
};

