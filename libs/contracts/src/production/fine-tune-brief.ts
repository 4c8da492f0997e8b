import { z } from 'zod';

const share = z.number().min(0).max(1);

/** One answer a user corrected, as a fine-tune brief quotes it: PII redacted, each text cut to 300 characters. */
export const BriefExample = z.object({
  request_id: z.string(),
  skill: z.string().nullable(),
  prompt: z.string().max(300),
  answer: z.string().max(300),
  correction: z.string().max(300),
});
export type BriefExample = z.infer<typeof BriefExample>;

/** One weak skill's accuracy now (live) and the champion's (offline), and the gap between them. */
export const SkillGap = z.object({
  skill: z.string(),
  /** Share of the window's requests that were of this skill (its weight in the estimate). */
  traffic_share: share,
  /** Live accuracy: the judge's mean accuracy on the skill's answers, else 1 − the share rated bad; null without either. */
  live_accuracy: share.nullable(),
  live_source: z.enum(['judge', 'ratings']).nullable(),
  live_samples: z.number().int().nonnegative(),
  /** The champion's offline accuracy on the skill's validation examples (its newest evaluation); null when it has none of that skill. */
  champion_accuracy: share.nullable(),
  champion_examples: z.number().int().nonnegative(),
  /** champion − live, in accuracy points (0–100); null without both. */
  gap_points: z.number().nullable(),
});
export type SkillGap = z.infer<typeof SkillGap>;

/**
 * What the fine-tune trigger asks to be trained: the weak skills, example failures with their
 * corrections, a prompt for the data generator, and an improvement estimate with its basis.
 * In `llm_health.json` (`fine_tune.last.brief`, `fine_tune.manual_last.brief`) and
 * `status/skill_focus.json` (`brief`, which data-generation's model generator reads).
 */
export const FineTuneBrief = z.object({
  weak_skills: z.array(z.string()),
  /** Newest first, at most 3 per weak skill. */
  examples: z.array(BriefExample),
  /** Instructions for the data generator's model: what to write questions about and why. */
  generator_prompt: z.string(),
  estimate: z.object({
    /** The champion the gaps are measured to; null when there is none. */
    champion: z.string().nullable(),
    /** Expected accuracy gain on the weak skills' traffic, in points: the traffic-weighted mean of the positive gaps; null when no skill has both figures. */
    points: z.number().nullable(),
    /** The estimate's basis in words and numbers. */
    basis: z.string(),
    skills: z.array(SkillGap),
  }),
});
export type FineTuneBrief = z.infer<typeof FineTuneBrief>;
