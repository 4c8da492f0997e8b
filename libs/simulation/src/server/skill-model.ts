import { readFileSync } from 'node:fs';
import path from 'node:path';
import { normalQuantile } from '@flywheel/statistics';
import type { Difficulty, Example } from '@flywheel/contracts';

// Math's functions are taken once: looked up on the global per call they are ~100× slower
// inside Jest's VM contexts, which turned seconds of bootstrap into minutes.
const { imul } = Math;

/**
 * The latent skill of a simulated checkpoint: for each difficulty, the probability of a
 * correct answer rises from `start` towards `ceiling` as training goes on,
 *   p(step) = start + (ceiling − start) · (1 − e^(−step / decaySteps)) + skillOffset(skill),
 * clipped to [0, 1], and multiplied by `regressionFactor` from `regressAtStep` on.
 */
export interface SkillCurve {
  start: Record<Difficulty, number>;
  ceiling: Record<Difficulty, number>;
  decaySteps: number;
  /** Half-width of the per-skill offset: offset = (hash01("skill:" + skill) − 0.5) · 2 · skillSpread. */
  skillSpread: number;
  regressAtStep?: number;
  regressionFactor: number;
  /**
   * How much of an example's outcome is the example itself rather than the checkpoint: real
   * checkpoints of one run fail mostly on the same examples. ρ of a Gaussian copula.
   */
  exampleCorrelation: number;
}

export const DEFAULT_SKILL_CURVE: SkillCurve = {
  start: { easy: 0.3, medium: 0.15, hard: 0.05 },
  ceiling: { easy: 0.95, medium: 0.8, hard: 0.55 },
  // The same pace as the simulated trainer's loss curve (DEFAULT_LOSS_CURVE.decaySteps).
  decaySteps: 400,
  skillSpread: 0.05,
  regressionFactor: 0.6,
  exampleCorrelation: 0.8,
};

export type Calibration = 'calibrated' | 'overconfident';

/** A number in [0, 1) from a string, stable across runs and machines (FNV-1a). */
export function hash01(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = imul(hash, 0x01000193) >>> 0;
  }
  // One more avalanche round: FNV's low bits alone are poorly mixed for short strings.
  hash = imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = (hash ^ (hash >>> 13)) >>> 0;
  return hash / 2 ** 32;
}

export function pCorrect(curve: SkillCurve, step: number, difficulty: Difficulty, skill: string): number {
  const { start, ceiling } = { start: curve.start[difficulty], ceiling: curve.ceiling[difficulty] };
  const offset = curve.skillSpread === 0 ? 0 : (hash01(`skill:${skill}`) - 0.5) * 2 * curve.skillSpread;
  const learned = start + (ceiling - start) * (1 - Math.exp(-step / curve.decaySteps)) + offset;
  const clipped = Math.min(1, Math.max(0, learned));
  const regressed = curve.regressAtStep !== undefined && step >= curve.regressAtStep;
  return regressed ? clipped * curve.regressionFactor : clipped;
}

/**
 * How clearly the model at `model` gets `exampleId` right (> 0) or wrong (< 0):
 *   margin = Φ⁻¹(p) − (√ρ · z_example + √(1 − ρ) · e_model,example),
 * with z = Φ⁻¹(hash01(seed|example)) shared by every checkpoint and e = Φ⁻¹(hash01(seed|model|example))
 * its own. Both are standard normal, so P(margin > 0) = p exactly, and two checkpoints of
 * equal p agree on an example far more often than chance.
 */
export function answerMargin(seed: string, model: string, exampleId: string, p: number, correlation: number): number {
  if (p >= 1) return Infinity;
  if (p <= 0) return -Infinity;
  const z = normalQuantile(clampUnit(hash01(`${seed}|${exampleId}`)));
  const e = normalQuantile(clampUnit(hash01(`${seed}|${model}|${exampleId}`)));
  return normalQuantile(p) - (Math.sqrt(correlation) * z + Math.sqrt(1 - correlation) * e);
}

const clampUnit = (u: number) => Math.min(1 - 1e-12, Math.max(1e-12, u));

/** The probability each generated token gets: exp(mean logprob) of the answer equals it. */
export function answerConfidenceFor(p: number, calibration: Calibration): number {
  const c = calibration === 'calibrated' ? p : p + (1 - p) * 0.7;
  // Keep logprobs finite: a probability of exactly 0 has no logarithm.
  return Math.min(1, Math.max(1e-6, c));
}

/**
 * The probability of each golden token under teacher forcing, g = 0.2 + 0.75 · q, where
 * q = Φ(margin): the more clearly the model knows the answer, the likelier its tokens.
 */
export function goldenTokenProbability(p: number): number {
  return 0.2 + 0.75 * p;
}

/** Logprob of every prompt token that is not part of a golden answer (the first has none). */
export const PROMPT_TOKEN_LOGPROB = Math.log(0.5);

/**
 * A wrong answer an exact-match grader rejects: a number is off by one, an option letter
 * moves to the next, anything else is a fixed wrong phrase.
 */
export function wrongAnswer(golden: string): string {
  const trimmed = golden.trim();
  if (/^-?\d+$/.test(trimmed)) return String(Number(trimmed) + 1);
  if (/^[A-E]$/.test(trimmed)) return String.fromCharCode(((trimmed.charCodeAt(0) - 65 + 1) % 5) + 65);
  return 'I am not sure';
}

/** The step a served model name stands for: `checkpoint-<step>` anywhere in it, else 0 (the base model). */
export function stepOfModel(name: string): number {
  const match = /checkpoint-(\d+)/.exec(name);
  return match ? Number(match[1]) : 0;
}

export function simulatedAnswer(example: Example, correct: boolean, thinkTags: boolean): string {
  const answer = correct ? example.golden : wrongAnswer(example.golden);
  return thinkTags ? `<think>Let me work this out.</think>\n${answer}` : answer;
}

/**
 * The step a simulated checkpoint's answers stand for: `simulator_effective_step` of its
 * trainer_state.json (written by the simulated trainer, whose learning speed depends on the
 * data mix), or null when the folder has none (then the step in its name counts).
 */
export function effectiveStepAt(checkpointPath: string): number | null {
  try {
    const value = (JSON.parse(readFileSync(path.join(checkpointPath, 'trainer_state.json'), 'utf8')) as { simulator_effective_step?: unknown }).simulator_effective_step;
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}
