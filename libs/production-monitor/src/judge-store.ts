import { JUDGE_QUARANTINE_MAX, JUDGE_SCORES_MAX, judgeKeys, type GatewayEvent, type JudgeQuarantineEntry, type JudgeScoreRecord } from '@flywheel/contracts';
export { readJudgeScores } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { JudgeScores, RequestSample } from './samples.js';

/** The stored form of one judgement. */
export function judgeRecord(event: Pick<GatewayEvent, 'id' | 'at' | 'model' | 'skill'>, scores: JudgeScores, judgeModel: string | null, judgedAtMs: number): JudgeScoreRecord {
  return {
    request_id: event.id, request_at: event.at, judged_at: new Date(judgedAtMs).toISOString(), model: event.model, skill: event.skill, judge_model: judgeModel,
    relevance: scores.relevance, accuracy: scores.accuracy, completeness: scores.completeness, coherence: scores.coherence, task_score: scores.task,
    context_given: scores.contextGiven, supported: scores.supported,
    ...(scores.outdated === null ? {} : { outdated: scores.outdated }), ...(scores.biased === null ? {} : { biased: scores.biased }),
    reason: scores.reason.slice(0, 300),
  };
}

/** A stored judgement as the monitor's sample carries it. */
export function scoresOf(record: JudgeScoreRecord): JudgeScores {
  return {
    relevance: record.relevance, accuracy: record.accuracy, completeness: record.completeness, coherence: record.coherence, task: record.task_score,
    contextGiven: record.context_given, supported: record.supported, outdated: record.outdated ?? null, biased: record.biased ?? null, reason: record.reason,
  };
}

/** Appends judgements to the scores stream, trimmed to about `JUDGE_SCORES_MAX` entries. */
export async function saveJudgeScores(redis: Redis, run: string, records: readonly JudgeScoreRecord[]): Promise<void> {
  if (records.length === 0) return;
  const pipeline = redis.pipeline();
  for (const record of records) pipeline.xadd(judgeKeys(run).scores, 'MAXLEN', '~', JUDGE_SCORES_MAX, '*', 'score', JSON.stringify(record));
  await pipeline.exec();
}

/** Keeps unreadable judge replies with their reason, trimmed to about `JUDGE_QUARANTINE_MAX` entries. */
export async function quarantineReplies(redis: Redis, run: string, entries: readonly JudgeQuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const pipeline = redis.pipeline();
  for (const entry of entries) pipeline.xadd(judgeKeys(run).quarantine, 'MAXLEN', '~', JUDGE_QUARANTINE_MAX, '*', 'entry', JSON.stringify(entry));
  await pipeline.exec();
}

/** Puts stored judgements back on the window's samples (after a restart). Resolves to how many found their request. */
export function attachScores(samples: readonly RequestSample[], records: readonly JudgeScoreRecord[]): number {
  const byId = new Map(records.map((r) => [r.request_id, r]));
  let attached = 0;
  for (const sample of samples) {
    const record = byId.get(sample.id);
    if (record && !sample.judged) {
      sample.judged = scoresOf(record);
      attached += 1;
    }
  }
  return attached;
}
