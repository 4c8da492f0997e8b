// Generative models of a training run's validation outcomes, for the decision-quality bench.
// Item-response models of our own (not the project's simulator): each example has a
// difficulty, each checkpoint an ability, and each (checkpoint, example) its own noise; the
// golden answer's loss follows the same latent margin with noise of its own. They differ in
// the spread of difficulty (how much checkpoints agree on which examples are hard), the noise
// between checkpoints, and the shape of the noise.
import { normalCdf } from '@flywheel/statistics';
import { answerMargin, DEFAULT_SKILL_CURVE, goldenTokenProbability, pCorrect } from '@flywheel/simulation';
import type { Difficulty } from '@flywheel/contracts';

/** One checkpoint's outcomes on the suite: right/wrong and the golden answer's mean token loss, per example. */
export interface SimulatedCheckpoint {
  name: string;
  step: number;
  correct: boolean[];
  loss: number[];
}

/** A run's generator: `accuracyDrop` (points, 0–100) lowers the checkpoint's expected accuracy by that much. */
export interface RunModel {
  name: string;
  describe: string;
  /** A fresh run: draws the examples, then makes checkpoints on demand. */
  newRun(seed: number, examples: number): (index: number, accuracyDrop: number) => SimulatedCheckpoint;
}

function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** A uniform [0, 1) generator (mulberry32), independent per seed. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The ability at which the expected accuracy over these examples is `target` (bisection; `pRight` is monotone in ability). */
function abilityFor(target: number, pRight: (ability: number, i: number) => number, examples: number): number {
  let lo = -10;
  let hi = 10;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    let sum = 0;
    for (let i = 0; i < examples; i++) sum += pRight(mid, i);
    if (sum / examples < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const softplus = (x: number) => (x > 30 ? x : Math.log1p(Math.exp(x)));

/**
 * Normal-ogive item response: correct when ability − difficulty + noise·ε > 0, ε ~ N(0, 1).
 * The golden loss is softplus(−1.5·margin + 0.5·η), η ~ N(0, 1) of its own.
 */
function normalOgive(name: string, describe: string, difficultySd: number, noiseSd: number, baseAccuracy: number): RunModel {
  return {
    name,
    describe,
    newRun(seed, examples) {
      const random = rng(seed);
      const normal = gaussian(random);
      const difficulty = Array.from({ length: examples }, () => difficultySd * normal());
      const pRight = (ability: number, i: number) => normalCdf((ability - difficulty[i]!) / noiseSd);
      const ability = abilityPerDrop(baseAccuracy, pRight, examples);
      return (index, drop) => {
        const a = ability(drop);
        const correct: boolean[] = [];
        const loss: number[] = [];
        for (let i = 0; i < examples; i++) {
          const margin = a - difficulty[i]! + noiseSd * normal();
          correct.push(margin > 0);
          loss.push(softplus(-1.5 * margin + 0.5 * normal()));
        }
        return { name: `checkpoint-${(index + 1) * 100}`, step: (index + 1) * 100, correct, loss };
      };
    },
  };
}

/**
 * Two-parameter logistic item response with heavy tails: each example also has a
 * discrimination (log-normal), noise is logistic, and one example in ten is "flaky" (its
 * outcome is a coin flip at every checkpoint, as with ambiguous references).
 */
function flakyLogistic(name: string, describe: string, baseAccuracy: number): RunModel {
  return {
    name,
    describe,
    newRun(seed, examples) {
      const random = rng(seed);
      const normal = gaussian(random);
      const difficulty = Array.from({ length: examples }, () => normal());
      const discrimination = Array.from({ length: examples }, () => Math.exp(0.5 * normal()));
      const flaky = Array.from({ length: examples }, () => random() < 0.1);
      const pRight = (ability: number, i: number) => (flaky[i] ? 0.5 : 1 / (1 + Math.exp(-discrimination[i]! * (ability - difficulty[i]!))));
      const ability = abilityPerDrop(baseAccuracy, pRight, examples);
      return (index, drop) => {
        const a = ability(drop);
        const correct: boolean[] = [];
        const loss: number[] = [];
        for (let i = 0; i < examples; i++) {
          const u = Math.min(1 - 1e-12, Math.max(1e-12, random()));
          const logistic = Math.log(u / (1 - u));
          const margin = flaky[i] ? logistic : discrimination[i]! * (a - difficulty[i]!) + logistic;
          correct.push(margin > 0);
          loss.push(softplus(-margin + 0.5 * normal()));
        }
        return { name: `checkpoint-${(index + 1) * 100}`, step: (index + 1) * 100, correct, loss };
      };
    },
  };
}

/** The project's own simulator (its skill model, outcomes correlated per example), for comparison. */
const projectSimulator: RunModel = {
  name: 'project simulator',
  describe: "libs/simulation's skill curve at step 1000, 100 difficulty-balanced examples",
  newRun(seed, examples) {
    const suite = Array.from({ length: examples }, (_, i) => ({
      id: `suite-${i}`,
      difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!,
      skill: ['math', 'geo', 'code', 'logic'][i % 4]!,
    }));
    return (index, drop) => {
      const name = `checkpoint-${(index + 1) * 100}`;
      const correct: boolean[] = [];
      const loss: number[] = [];
      for (const e of suite) {
        const p = Math.max(0, pCorrect(DEFAULT_SKILL_CURVE, 1000, e.difficulty, e.skill) - drop / 100);
        const margin = answerMargin(`run-${seed}`, name, e.id, p, DEFAULT_SKILL_CURVE.exampleCorrelation);
        correct.push(margin > 0);
        loss.push(-Math.log(goldenTokenProbability(normalCdf(margin))));
      }
      return { name, step: (index + 1) * 100, correct, loss };
    };
  },
};

export const RUN_MODELS: readonly RunModel[] = [
  normalOgive('steady', 'wide difficulty (sd 1.5), little noise between checkpoints (sd 0.6): checkpoints agree on most examples', 1.5, 0.6, 0.65),
  normalOgive('noisy', 'narrow difficulty (sd 0.5), much noise between checkpoints (sd 1.0): checkpoints often disagree', 0.5, 1.0, 0.65),
  flakyLogistic('flaky 2PL', 'logistic, per-example discrimination, one example in ten a coin flip', 0.65),
  projectSimulator,
];

/** The ability that gives `baseAccuracy − drop` points of expected accuracy, worked out once per drop. */
function abilityPerDrop(baseAccuracy: number, pRight: (ability: number, i: number) => number, examples: number): (drop: number) => number {
  const abilities = new Map<number, number>();
  return (drop) => {
    if (!abilities.has(drop)) abilities.set(drop, abilityFor(baseAccuracy - drop / 100, pRight, examples));
    return abilities.get(drop)!;
  };
}
