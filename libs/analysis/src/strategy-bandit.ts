import { normalQuantile, seededRandom } from '@flywheel/statistics';
import { STRATEGIES, type Strategy } from '@flywheel/training-data';

/** One checkpoint's outcome: how its accuracy moved, and which strategies made the data it trained on. */
export interface StrategyObservation {
  /** `lossReward` of the checkpoint over the previous one when both have a golden loss, else `improvementReward`. */
  reward: number;
  /** Which of the two it is (absent: accuracy). */
  basis?: RewardBasis;
  /** Share of the batches behind it per strategy (sums to 1). */
  weights: Partial<Record<Strategy, number>>;
}

export interface ArmPosterior {
  /** Effective pulls: the sum of the weights it got. */
  pulls: number;
  mean: number;
  sd: number;
}

/** Prior and noise of rewards (shares of the remaining errors fixed per checkpoint). */
export const BANDIT_PRIOR = { mean: 0, sd: 0.1, noiseSd: 0.04 };

/**
 * The reward of a checkpoint: the share of the previous checkpoint's errors it fixed,
 * (acc − prev) / (1 − prev). Raw accuracy gains shrink as training converges, which would make
 * whatever strategy ran early look best; the share of what was left to gain does not.
 */
export function improvementReward(previousAccuracy: number, accuracy: number): number {
  return (accuracy - previousAccuracy) / Math.max(0.05, 1 - previousAccuracy);
}

export type RewardBasis = 'golden_loss' | 'accuracy';

/**
 * The reward of a checkpoint from the validation golden loss: the share of the previous
 * checkpoint's loss it removed, (prev − loss) / prev, on the same scale as `improvementReward`
 * (a share of what was left). Preferred to accuracy where the evaluator measures it: a loss
 * averages a continuous number per example where accuracy counts 0/1 flips, so the same
 * validation set gives a less noisy reward and the bandit tells close strategies apart sooner
 * (the curriculum benchmark's figures are in docs/data-loop.md).
 */
export function lossReward(previousLoss: number, loss: number): number {
  return (previousLoss - loss) / previousLoss;
}

/**
 * Gaussian posteriors of each strategy's mean reward (normal prior, known noise): an
 * observation counts for an arm in proportion to its weight, so a checkpoint trained on mixed
 * batches teaches every strategy in it a little.
 */
export function banditPosteriors(observations: readonly StrategyObservation[], prior = BANDIT_PRIOR): Record<Strategy, ArmPosterior> {
  const out = {} as Record<Strategy, ArmPosterior>;
  for (const strategy of STRATEGIES) {
    let pulls = 0;
    let weighted = 0;
    for (const o of observations) {
      const w = o.weights[strategy] ?? 0;
      pulls += w;
      weighted += w * o.reward;
    }
    const precision = 1 / prior.sd ** 2 + pulls / prior.noiseSd ** 2;
    const mean = (prior.mean / prior.sd ** 2 + weighted / prior.noiseSd ** 2) / precision;
    out[strategy] = { pulls, mean, sd: Math.sqrt(1 / precision) };
  }
  return out;
}

/** Thompson sampling: draw each arm's mean from its posterior, pick the highest. Seeded. */
export function thompsonChoice(posteriors: Record<Strategy, ArmPosterior>, seed: number): Strategy {
  const random = seededRandom(seed);
  let best: Strategy = STRATEGIES[0];
  let bestDraw = -Infinity;
  for (const strategy of STRATEGIES) {
    const p = posteriors[strategy];
    const draw = p.mean + p.sd * normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, random())));
    if (draw > bestDraw) {
      bestDraw = draw;
      best = strategy;
    }
  }
  return best;
}

/**
 * The seed of a pass's Thompson draw: the run's name and the number of observations
 * (FNV-1a), so a pass that sees what the last one saw draws the same, and two runs do not
 * share one sequence of draws (seeded by the count alone, every run explored in lockstep).
 */
export function thompsonSeed(run: string, round: number): number {
  let h = 0x811c9dc5;
  for (const c of `${run}#${round}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

/** The arm with the best posterior mean among those tried, or null before any observation. */
export function bestStrategy(posteriors: Record<Strategy, ArmPosterior>): Strategy | null {
  const tried = STRATEGIES.filter((s) => posteriors[s].pulls > 0);
  if (tried.length === 0) return null;
  return tried.reduce((a, b) => (posteriors[b].mean > posteriors[a].mean ? b : a));
}
