import { z } from 'zod';
import { StatusStamp, Timestamp } from './stamp.js';

/** One promotion (or an adoption / explicit rollback) in the champion's history. */
export const ChampionChange = z.looseObject({
  champion: z.string(),
  step: z.number().int().nonnegative().nullable(),
  /** The composite score the paired test saw for it (on the examples it shared with the one it replaced). */
  score: z.number().nullable(),
  at: Timestamp,
  /** The champion it replaced. */
  previous: z.string().nullable(),
  /** `promoted` (won the paired test), `first` (nothing to beat yet), `adopted` (was serving before champion records existed), `rollback` (explicitly set back). */
  how: z.enum(['promoted', 'first', 'adopted', 'rollback']),
  reason: z.string(),
});
export type ChampionChange = z.infer<typeof ChampionChange>;

/**
 * `status/champion.json`, written by checkpoint-auto-deploy: the checkpoint that last won
 * promotion, with the evidence it won by. Never forgotten: model-comparison always ranks it,
 * automated-testing and the regression monitor compare with it, checkpoint-sync never prunes it.
 */
export const ChampionStatus = z.looseObject({
  ...StatusStamp,
  champion: z.string().nullable(),
  step: z.number().int().nonnegative().nullable(),
  score: z.number().nullable(),
  promoted_at: Timestamp.nullable(),
  previous: z.string().nullable(),
  how: ChampionChange.shape.how.nullable(),
  /** The promotion test it passed (model_comparisons.json's `promotion`), when it won one. */
  evidence: z.unknown().nullable(),
  reason: z.string(),
  /** Newest last, at most 100. */
  history: z.array(ChampionChange),
  /** Checkpoints an explicit rollback went back from: never promoted again. */
  rejected: z.array(z.string()).optional(),
});
export type ChampionStatus = z.infer<typeof ChampionStatus>;
