import { JUDGE_SCORES_MAX, type DaemonJob, type StatusIssue } from '@flywheel/contracts';
import type { FlywheelConfig } from '@flywheel/config';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import type { ModelBackend } from '@flywheel/model-backend';
import type { Redis } from 'ioredis';
import { redactPii } from '@flywheel/response-safety';
import { judgeCandidates } from './judge-candidates.js';
import type { Logger } from 'pino';
import { readFineTuneInputs } from './fine-tune-inputs.js';
import { readGpuFigure } from './gpu-usage.js';
import { hostUsage } from './host-usage.js';
import { attachScores, quarantineReplies, readJudgeScores, saveJudgeScores } from './judge-store.js';
import { runMonitorPass, type LlmHealthBody } from './monitor-pass.js';
import { runJudge } from './run-judge.js';
import { judgeSafety, safetyScorers } from './safety-scan.js';
import { createMonitorState, ingestEntries, type IngestOutcome, type MonitorState } from './monitor-state.js';
import { loadCursor, readAfter, readRange, saveCursor, streamKeys } from './stream-io.js';
import type { MonitoredStream } from './stream-entry.js';

const STREAMS: MonitoredStream[] = ['gateway', 'feedback'];

/**
 * Puts a fresh process's state where the last one left off: the cursor, totals and last
 * trigger from Redis, and the windows refilled from the stream entries up to the cursor that
 * still fall in the horizon (window + reference). Those were counted before: they are not
 * counted again. Without a saved cursor, reading starts at the horizon.
 */
async function restoreState(state: MonitorState, redis: Redis, config: FlywheelConfig, logger: Logger): Promise<void> {
  const { monitor } = config;
  // Stream ids are times on Redis's clock, not this host's: the horizon is measured on Redis's
  // clock (TIME), so a host whose clock is off does not skip entries or read stale ones.
  const [seconds, micros] = await redis.time();
  const redisNowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const horizonStart = Math.max(0, redisNowMs - (monitor.windowSeconds + monitor.referenceSeconds) * 1000);
  const saved = await loadCursor(redis, config.run);
  const keys = streamKeys(config.run);
  // Requests older than the horizon are stale: a fresh monitor does not run them.
  state.fineTuneRequestsCursor = saved?.fine_tune_requests ?? `${horizonStart}-0`;
  if (!saved) {
    for (const stream of STREAMS) state.cursor[stream] = `${horizonStart}-0`;
    logger.info({ from: new Date(horizonStart).toISOString() }, 'no saved cursor: reading the streams from the horizon');
    return;
  }
  state.totals = { events: saved.events_total, feedback: saved.feedback_total, malformed: saved.malformed_total };
  state.lastTriggeredAtMs = saved.last_triggered_at === null ? null : Date.parse(saved.last_triggered_at);
  for (const stream of STREAMS) {
    const upTo = saved[stream];
    if (upTo !== '0-0' && !upTo.startsWith('0-')) {
      const entries = await readRange(redis, keys[stream], String(horizonStart), upTo, monitor.readBatch);
      ingestEntries(state, stream, entries, monitor, { count: false });
    }
    state.cursor[stream] = upTo;
  }
  // The judge's scores outlive the process: the refilled requests get theirs back.
  const scores = await readJudgeScores(redis, config.run, { count: JUDGE_SCORES_MAX, sinceMs: horizonStart });
  const rejudged = attachScores(state.requests.between(horizonStart - 1, Number.MAX_SAFE_INTEGER), scores);
  logger.info({ cursor: state.cursor, totals: state.totals, judged: rejudged }, 'resumed from the saved cursor');
}

/** Reads every new entry of both streams (XREAD from the cursor, batch by batch). */
async function consumeStreams(state: MonitorState, redis: Redis, config: FlywheelConfig, logger: Logger, clean: (text: string) => string): Promise<IngestOutcome> {
  const keys = streamKeys(config.run);
  const all: IngestOutcome = { requests: [], ratings: 0, problems: [] };
  for (const stream of STREAMS) {
    for (;;) {
      const entries = await readAfter(redis, keys[stream], state.cursor[stream], config.monitor.readBatch);
      if (entries.length === 0) break;
      const outcome = ingestEntries(state, stream, entries, config.monitor);
      all.requests.push(...outcome.requests);
      all.ratings += outcome.ratings;
      all.problems.push(...outcome.problems);
      if (entries.length < config.monitor.readBatch) break;
    }
  }
  for (const problem of all.problems) logger.warn({ ...problem, message: clean(problem.message) }, 'malformed stream entry skipped');
  return all;
}

/**
 * With `safety.redact` on, PII in the status's free text (problem messages quote entries,
 * judge errors quote replies, command output may print anything) becomes `[REDACTED:<kind>]`.
 */
function redactBody(body: LlmHealthBody, clean: (text: string) => string): LlmHealthBody {
  const tail = <T extends { output_tail: string | null } | null | undefined>(run: T): T => (run ? { ...run, output_tail: run.output_tail === null ? null : clean(run.output_tail) } : run);
  return {
    ...body,
    errors: body.errors.map((e) => ({ ...e, message: clean(e.message) })),
    ingest: { ...body.ingest, problems: body.ingest.problems.map((p) => ({ ...p, message: clean(p.message) })) },
    fine_tune: { ...body.fine_tune, last: tail(body.fine_tune.last), manual_last: tail(body.fine_tune.manual_last) },
  };
}

/** A model backend for a judge, created on first use (loaded lazily: a monitor without judges never pays for the HTTP client). */
function lazyJudgeBackend(config: FlywheelConfig, model: string | undefined, name: string, logger: Logger): () => Promise<ModelBackend> {
  let backend: Promise<ModelBackend> | null = null;
  return () => {
    backend ??= (async () => {
      const { createModelBackend, createServingStrategy } = await import('@flywheel/model-backend');
      const served = await createServingStrategy({ ...config.backend, strategy: 'fixed', model: model ?? config.backend.model }, logger).serve({ name, path: '' });
      return createModelBackend(served.endpoint, { concurrency: 2, timeoutMs: config.backend.timeoutSeconds * 1000, retries: config.backend.retries });
    })();
    // A failed start is retried on the next use.
    backend.catch(() => (backend = null));
    return backend;
  };
}

/** production-monitor's processor with its state; one per process. */
export function createProductionMonitor(): DaemonSpec {
  let state: MonitorState | null = null;
  let judgeBackend: Promise<ModelBackend> | null = null;
  let safetyJudgeFailures: string[] = [];

  function newState(config: FlywheelConfig, logger: Logger): MonitorState {
    // The safety judge asks the backend's server: the quality judge's model name belongs to another server when it has a baseUrl.
    const model = config.safety.judge.model ?? (config.monitor.judge.baseUrl === undefined ? config.monitor.judge.model : undefined);
    const backend = lazyJudgeBackend(config, model, 'safety-judge', logger);
    const ask = async (messages: { role: 'system' | 'user'; content: string }[]) =>
      (await (await backend()).generate({ messages }, { temperature: 0, maxTokens: 40, stop: [] })).text;
    const scorers = safetyScorers(config.safety, { ask, model: model ?? config.backend.model ?? 'served', onError: (error) => safetyJudgeFailures.push(error.message) });
    return createMonitorState(config.monitor, scorers);
  }

  async function judge(outcome: IngestOutcome, config: FlywheelConfig, redis: Redis | null, errors: StatusIssue[], logger: Logger, now: () => Date, clean: (text: string) => string): Promise<void> {
    const { judge: settings } = config.monitor;
    if (settings.samplingRate <= 0 || !state) return;
    const picked = judgeCandidates(outcome.requests, settings.samplingRate, settings.maxPerPass);
    if (picked.length === 0) return;
    judgeBackend ??= (async () => {
      // Loaded on first use: a monitor without a judge never pays for the HTTP client.
      const { createModelBackend, createServingStrategy } = await import('@flywheel/model-backend');
      const own = settings.baseUrl !== undefined;
      const endpoint = own
        ? { ...config.backend, strategy: 'fixed' as const, profile: 'openai' as const, baseUrl: settings.baseUrl!, model: settings.model, apiKey: settings.apiKey }
        : { ...config.backend, strategy: 'fixed' as const, model: settings.model ?? config.backend.model };
      const served = await createServingStrategy(endpoint, logger).serve({ name: 'judge', path: '' });
      return createModelBackend(served.endpoint, { concurrency: 2, timeoutMs: config.backend.timeoutSeconds * 1000, retries: config.backend.retries });
    })();
    let backend: ModelBackend;
    try {
      backend = await judgeBackend;
    } catch (error) {
      judgeBackend = null;
      state.judgeErrors += picked.length;
      errors.push({ source: 'judge', message: `model backend unavailable: ${(error as Error).message}` });
      return;
    }
    const round = await runJudge(backend, picked, settings.model ?? null, () => now().getTime());
    state.judgeErrors += round.failed;
    state.judgeQuarantined += round.quarantined.length;
    errors.push(...round.errors);
    // A judge may quote the answer: with safety.redact, what is kept in Redis and logged is redacted.
    const records = round.records.map((r) => ({ ...r, reason: clean(r.reason).slice(0, 300) }));
    const quarantined = round.quarantined.map((q) => ({ ...q, reason: clean(q.reason), reply: clean(q.reply).slice(0, 500) }));
    for (const q of quarantined) logger.warn({ request_id: q.request_id, reason: q.reason }, 'judge reply quarantined');
    if (!redis) return;
    try {
      await saveJudgeScores(redis, config.run, records);
      await quarantineReplies(redis, config.run, quarantined);
    } catch (error) {
      errors.push({ source: 'judge', message: `scores not kept in Redis: ${(error as Error).message}` });
    }
  }

  async function processor(job: DaemonJob, context: DaemonContext): Promise<void> {
    const { config, logger, redis, statusStore } = context;
    const errors: StatusIssue[] = [];
    const fresh = state === null;
    state ??= newState(config, logger);
    const clean = config.safety.redact ? redactPii : (text: string) => text;
    let outcome: IngestOutcome = { requests: [], ratings: 0, problems: [] };
    let manualRequests: Awaited<ReturnType<typeof readFineTuneInputs>> = [];
    if (redis) {
      try {
        if (fresh) await restoreState(state, redis, config, logger);
        outcome = await consumeStreams(state, redis, config, logger, clean);
        manualRequests = await readFineTuneInputs(redis, config.run, state, errors, logger);
        // Saved before the command runs: a crash mid-run must not run the request again (at most
        // once), and the cooldown starts now, so a restarted monitor does not fire the automatic
        // trigger straight after a manual training it cannot see finish.
        if (manualRequests.length > 0) {
          state.lastTriggeredAtMs = context.now().getTime();
          await saveCursor(redis, config.run, state);
        }
      } catch (error) {
        // A failed restore starts over next pass: the windows may hold only part of what the cursor covers.
        if (fresh) state = null;
        throw error;
      }
    } else {
      errors.push({ source: 'redis', message: 'unreachable: no gateway events or feedback read' });
    }
    // The pass's time is read once the streams are read: an event this pass consumed is never
    // in its future (and so outside the window it reports), however long the reading took.
    const nowMs = context.now().getTime();
    await judge(outcome, config, redis ?? null, errors, logger, context.now, clean);
    if (state) {
      safetyJudgeFailures = [];
      const asked = await judgeSafety(outcome.requests, state.scorers, config.safety.judge);
      if (safetyJudgeFailures.length > 0) errors.push({ source: 'safety judge', message: `${safetyJudgeFailures.length} of ${asked} safety judgements failed; last: ${safetyJudgeFailures.at(-1)}` });
    }
    const host = hostUsage(state?.cpu ?? null);
    if (!state) return;
    state.cpu = host.snapshot;
    const gpu = await readGpuFigure(config.api.nvidiaSmi);
    const body = await runMonitorPass(state, {
      nowMs, monitor: config.monitor, statusDir: config.paths.statusDir, baseDir: config.baseDir, run: config.run, host: host.usage, errors, logger,
      redact: config.safety.redact, redactText: redactPii, cost: config.cost, gpu, manualRequests,
    });
    // The cursor first: a crash between the two leaves a stale status, never events counted twice
    // by a restart that resumes from an older cursor than the status reports.
    if (redis) await saveCursor(redis, config.run, state);
    await statusStore.write('llm_health', config.safety.redact ? redactBody(body, clean) : body);
    const summary = {
      trigger: job.kind, level: body.level, health: body.health_score, grade: body.grade, requests: body.window.requests,
      newEvents: outcome.requests.length, newRatings: outcome.ratings, malformed: outcome.problems.length, drift: body.drift.detected,
    };
    if (body.fine_tune.triggered) logger.warn({ ...summary, recommendation: body.recommendation }, `fine-tune triggered: ${body.recommendation.reason}`);
    else if (body.level === 'WARNING' || body.level === 'CRITICAL') logger.warn(summary, body.recommendation.reason);
    else logger.info(summary, body.recommendation.reason);
  }

  return { name: 'production-monitor', processor };
}
