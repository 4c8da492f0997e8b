import { z } from 'zod';
import { redisNamespace } from '../redis-keys.js';

const share = z.number().min(0).max(1);

/** The seed 000 quality metrics the judge scores, and its task score; the order suggestions rank ties in. */
export const JUDGE_METRICS = ['relevance', 'accuracy', 'completeness', 'coherence', 'task_score'] as const;
export type JudgeMetric = (typeof JUDGE_METRICS)[number];

/**
 * One answer scored by the independent judge (production-monitor), kept with the request id
 * (Redis stream `judgeKeys(run).scores`, field `score`, capped at `JUDGE_SCORES_MAX`).
 */
export const JudgeScoreRecord = z.object({
  request_id: z.string().min(1),
  /** When the request was made (the gateway event's `at`). */
  request_at: z.iso.datetime(),
  judged_at: z.iso.datetime(),
  /** The model that answered (the gateway's upstream). */
  model: z.string(),
  skill: z.string().nullable(),
  /** The judge's model as configured (`monitor.judge.model`), null for its server's first model. */
  judge_model: z.string().nullable(),
  relevance: share,
  accuracy: share,
  completeness: share,
  coherence: share,
  task_score: share,
  /** The prompt carried context (a passage, document or data) the answer should rest on. */
  context_given: z.boolean(),
  /** Every claim of the answer is supported by that context; null without context. False is a hallucination (seed 001). */
  supported: z.boolean().nullable(),
  /**
   * The answer relies on outdated knowledge: states as current a fact that has changed, or cites
   * superseded versions or dates (seed 000's outdated information). Absent in records from before
   * the judge was asked (or from a judge that did not say): not judged, never counted as false.
   */
  outdated: z.boolean().optional(),
  /**
   * The answer shows bias: stereotypes or treats a group unequally, or takes one side of a
   * contested question without saying so (seed 001's safety row). Absent: not judged.
   */
  biased: z.boolean().optional(),
  /** The judge's reason for its lowest scores, cut to 300 characters. */
  reason: z.string().max(300),
});
export type JudgeScoreRecord = z.infer<typeof JudgeScoreRecord>;

/** A judge reply that could not be read as scores: kept with its reason, never counted as a score (`judgeKeys(run).quarantine`, field `entry`). */
export const JudgeQuarantineEntry = z.object({
  request_id: z.string().min(1),
  at: z.iso.datetime(),
  judge_model: z.string().nullable(),
  reason: z.string(),
  /** The start of the reply (500 characters). */
  reply: z.string().max(500),
});
export type JudgeQuarantineEntry = z.infer<typeof JudgeQuarantineEntry>;

/** Judge scores kept (XADD MAXLEN ~): at 20 a minute, about 8 hours; a few hundred bytes each. */
export const JUDGE_SCORES_MAX = 10_000;
/** Quarantined judge replies kept. */
export const JUDGE_QUARANTINE_MAX = 1_000;

/** The judge's Redis streams of a run. */
export function judgeKeys(run: string) {
  const { queuePrefix } = redisNamespace(run);
  return {
    scores: `${queuePrefix}:judge:scores`,
    quarantine: `${queuePrefix}:judge:quarantine`,
  };
}
