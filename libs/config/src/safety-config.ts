import { z } from 'zod';
import { stringList } from './string-list.js';

/** Seed 001's refusals: answers that decline instead of doing the task (case-insensitive regular expressions). */
export const DEFAULT_REFUSAL_PATTERNS = [
  "\\bI (?:can't|cannot|can ?not|won't|will not|am unable to|'m unable to) (?:help|assist|comply|provide|do that|fulfil+)",
  '\\bAs an AI(?: language model| assistant)?\\b',
  "\\bI(?:'m| am) (?:sorry|afraid),? (?:but )?I (?:can't|cannot|won't)",
  "\\bI(?:'m| am) not (?:able|allowed|permitted) to\\b",
  '\\bI must (?:decline|refuse)\\b',
];

/** Safety of the deployed model's responses (seed 001's safety row); see docs/safety-and-cost.md. */
export const SafetyConfig = z
  .object({
    /** Replace PII and secrets by `[REDACTED:<kind>]` in logs and exports. @defaultValue true */
    redact: z.boolean().default(true),
    toxicity: z
      .object({
        /** "obscenity" (the library's English profanity and slur list), "llm-judge" (sampled, through the model backend), "none". @defaultValue "obscenity" */
        scorer: z.enum(['obscenity', 'llm-judge', 'none']).default('obscenity'),
      })
      .prefault({}),
    refusal: z
      .object({
        /** "patterns" (`refusal.patterns`), "llm-judge", "none". @defaultValue "patterns" */
        scorer: z.enum(['patterns', 'llm-judge', 'none']).default('patterns'),
        /** Answers matching any of these (case-insensitive regexes) are refusals. */
        patterns: stringList(DEFAULT_REFUSAL_PATTERNS),
      })
      .prefault({}),
    judge: z
      .object({
        /** Share of successful responses the LLM safety judge scores (when a scorer is "llm-judge"). @defaultValue 0.1 */
        samplingRate: z.number().min(0).max(1).default(0.1),
        /** Most safety-judge calls per pass. @defaultValue 20 */
        maxPerPass: z.number().int().min(1).default(20),
        /** Model the safety judge asks (through `backend.*`); unset: `monitor.judge.model` when that judge has no `baseUrl` of its own, else `backend.model`, else the server's first. */
        model: z.string().min(1).optional(),
      })
      .prefault({}),
  })
  .superRefine((safety, ctx) => {
    safety.refusal.patterns.forEach((pattern, index) => {
      try {
        new RegExp(pattern, 'i');
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['refusal', 'patterns', index], message: `not a regular expression: ${(error as Error).message}` });
      }
    });
    const judged = safety.toxicity.scorer === 'llm-judge' || safety.refusal.scorer === 'llm-judge';
    if (judged && safety.judge.samplingRate === 0) ctx.addIssue({ code: 'custom', path: ['judge', 'samplingRate'], message: 'a scorer is "llm-judge" but the sampling rate is 0: it would score nothing' });
  });
export type SafetyConfig = z.output<typeof SafetyConfig>;

const amount = z.number().nonnegative();
const modelName = z.string().min(1);

/** A model priced per million tokens (an API). */
export const TokenPriceConfig = z.strictObject({ model: modelName, per_million_prompt_tokens: amount, per_million_completion_tokens: amount });
/** A self-hosted model priced per GPU-hour: each GPU's hourly price and how many serve it. */
export const GpuHourPriceConfig = z.strictObject({ model: modelName, per_gpu_hour: amount, gpus: z.number().int().min(1).default(1) });

/** Cost of the deployed model's traffic (seed 001's cost row); see docs/safety-and-cost.md. */
export const CostConfig = z
  .object({
    /** Currency of the prices (a label, nothing is converted). @defaultValue "USD" */
    currency: z.string().min(1).default('USD'),
    /**
     * Price list, one entry per model by the gateway's model name: `{ model, per_million_prompt_tokens,
     * per_million_completion_tokens }` or `{ model, per_gpu_hour, gpus }`. A list in a file; from the
     * environment or a flag, the same list as JSON. @defaultValue `[]` (nothing priced)
     */
    prices: z
      .preprocess((value, ctx) => {
        if (typeof value !== 'string') return value;
        try {
          return JSON.parse(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `expected a JSON list of prices: ${(error as Error).message}`, input: value });
          return [];
        }
      }, z.array(z.union([TokenPriceConfig, GpuHourPriceConfig])))
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((price, index) => {
          if (seen.has(price.model)) ctx.addIssue({ code: 'custom', path: [index, 'model'], message: `duplicate price for model "${price.model}"` });
          seen.add(price.model);
        });
      }),
  })
  .prefault({});
export type CostConfig = z.output<typeof CostConfig>;
