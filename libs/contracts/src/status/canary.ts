import { z } from 'zod';
import { StatusStamp, Timestamp } from './stamp.js';

/** Which side of a canary served a request: the new checkpoint on trial, or the champion. */
export const CanaryArm = z.enum(['canary', 'champion']);
export type CanaryArm = z.infer<typeof CanaryArm>;

/** One look of the live comparison: the numbers it saw and what it decided. */
export const CanaryLook = z.looseObject({
  look: z.number().int().positive(),
  at: Timestamp,
  /** Matched (canary, champion) pairs the look tested. */
  pairs: z.number().int().nonnegative(),
  /** Mean live quality of each arm over those pairs (0–1). */
  canary_quality: z.number().nullable(),
  champion_quality: z.number().nullable(),
  /** Mean of canary − champion over the pairs, with its one-sided bounds at this look's alpha. */
  difference: z.number().nullable(),
  lower_bound: z.number().nullable(),
  upper_bound: z.number().nullable(),
  /** The share of the run-level alpha this look spent (per boundary). */
  alpha: z.number().nonnegative(),
  verdict: z.enum(['continue', 'promote', 'rollback']),
  reason: z.string(),
});
export type CanaryLook = z.infer<typeof CanaryLook>;

/**
 * `status/canary.json`, written by checkpoint-auto-deploy, read by the gateway to split its
 * `deployed` traffic: while `state` is `running`, a `share` of the requests go to
 * `canary_model` and the rest to `champion_model` (both served by the same server: two LoRA
 * adapters, or two served model names); once decided, all of them go to the winner's model.
 */
export const CanaryStatus = z.looseObject({
  ...StatusStamp,
  state: z.enum(['running', 'promoted', 'rolled_back']),
  canary: z.string(),
  champion: z.string(),
  /** The model names to send the serving server for each arm. */
  canary_model: z.string().min(1),
  champion_model: z.string().min(1),
  /** Share of the `deployed` traffic the canary gets while running (0–1). */
  share: z.number().min(0).max(1),
  started_at: Timestamp,
  decided_at: Timestamp.nullable(),
  pairs: z.number().int().nonnegative(),
  looks: z.number().int().nonnegative(),
  /** The newest look, and the newest looks before it (at most 50, newest last). */
  last_verdict: CanaryLook.nullable(),
  history: z.array(CanaryLook),
});
export type CanaryStatus = z.infer<typeof CanaryStatus>;

/** The model name the gateway sends for a request to the deployed server, given canary.json and a uniform draw in [0, 1). */
export function canaryRoute(status: Pick<CanaryStatus, 'state' | 'share' | 'canary_model' | 'champion_model'>, draw: number): { arm: CanaryArm; model: string } {
  if (status.state === 'promoted') return { arm: 'canary', model: status.canary_model };
  if (status.state === 'rolled_back') return { arm: 'champion', model: status.champion_model };
  return draw < status.share ? { arm: 'canary', model: status.canary_model } : { arm: 'champion', model: status.champion_model };
}
