// Does the curriculum bandit find the simulator's best strategy? Side by side in one run:
// the bandit (curriculum-optimizer's own status function choosing each next strategy) and an
// even split (the five strategies in turn), each over 10 simulated training runs of 15
// checkpoints. Each checkpoint trains on a batch data-generation's own generator writes in the
// chosen strategy's difficulty mix; the simulated trainer learns at the speed that mix gives
// (simulatedLearningSpeed: random_mix, a third each, is the fastest), and its accuracy is
// measured as the evaluator would, on a validation set of the simulator's skill model.
// Goal: the bandit names the best strategy in ≥ 8 of 10 runs by checkpoint 15, with a
// 12,000-example set. Printed too, for the record: the same with 3,000 examples, where the
// checkpoint-to-checkpoint noise of accuracy (±0.01) is as large as the strategies' difference.
import { curriculumStatus } from '@flywheel/analysis';
import type { Difficulty } from '@flywheel/contracts';
import { answerMargin, DEFAULT_SKILL_CURVE, pCorrect, simulatedLearningSpeed, type BatchMix } from '@flywheel/simulation';
import { generateBatch, improvementReward, STRATEGIES, strategyMix, type Strategy, type StrategyObservation } from '@flywheel/training-data';
import { printResult } from './bench-examples.js';

const RUNS = 10;
const CHECKPOINTS = 15;
/** Nominal steps between checkpoints, and the skill curve's pace: the demo's save interval on a slower run. */
const SAVE_STEPS = Number(process.env['BENCH_SAVE_STEPS'] ?? 100);
const CURVE = { ...DEFAULT_SKILL_CURVE, decaySteps: Number(process.env['BENCH_DECAY_STEPS'] ?? 4000) };
const BEST: Strategy = 'random_mix';
const suite = (size: number) => Array.from({ length: size }, (_, i) => ({ id: `v${i}`, difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!, skill: ['arithmetic', 'logic', 'word_problem'][i % 7 % 3]! }));
type Suite = ReturnType<typeof suite>;

function mixOf(lines: readonly { difficulty?: Difficulty }[]): BatchMix {
  const n = lines.length || 1;
  const count = (d: Difficulty) => lines.filter((l) => l.difficulty === d).length / n;
  return { easy: count('easy'), medium: count('medium'), hard: count('hard') };
}

interface RunOutcome { best: Strategy | null; onBest: number; accuracy: number }

function simulateRun(SUITE: Suite, run: number, choose: (observations: StrategyObservation[], k: number, accuracy: number | null) => Strategy): RunOutcome {
  const world = `curriculum-${run}`;
  const accuracyAt = (effective: number, name: string) =>
    SUITE.filter((e) => answerMargin(world, name, e.id, pCorrect(CURVE, effective, e.difficulty, e.skill), CURVE.exampleCorrelation) > 0).length / SUITE.length;
  let effective = 0;
  let previous = accuracyAt(0, 'checkpoint-0');
  const observations: StrategyObservation[] = [];
  const pulls: Strategy[] = [];
  for (let k = 1; k <= CHECKPOINTS; k++) {
    const strategy = choose(observations, k, previous);
    pulls.push(strategy);
    const batch = generateBatch({ strategy, mix: strategyMix(strategy, { batchIndex: k - 1, recentLossChange: null }), size: 100, seed: run * 1000 + k, mixedIn: [], pools: [], exclude: new Set() });
    effective += SAVE_STEPS * simulatedLearningSpeed(mixOf(batch));
    const now = accuracyAt(effective, `checkpoint-${k * SAVE_STEPS}`);
    observations.push({ reward: improvementReward(previous, now), weights: { [strategy]: 1 } });
    previous = now;
  }
  return { best: curriculumStatus(observations, previous).best_strategy as Strategy | null, onBest: pulls.filter((s) => s === BEST).length / pulls.length, accuracy: previous };
}

function compare(size: number) {
  const SUITE = suite(size);
  const bandit = Array.from({ length: RUNS }, (_, run) => simulateRun(SUITE, run, (obs, _k, acc) => curriculumStatus(obs, acc)['current_strategy'] as Strategy));
  const even = Array.from({ length: RUNS }, (_, run) => simulateRun(SUITE, run, (_obs, k) => STRATEGIES[(k - 1) % STRATEGIES.length]!));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const found = (xs: RunOutcome[]) => xs.filter((r) => r.best === BEST).length;
  printResult(`curriculum bandit vs even split (${RUNS} runs × ${CHECKPOINTS} checkpoints, ${size} validation examples; simulator's best: ${BEST})`, {
    'bandit: best strategy named at checkpoint 15': `${found(bandit)} of ${RUNS} runs`,
    'even split: best strategy named at checkpoint 15': `${found(even)} of ${RUNS} runs`,
    'bandit: batches on the best strategy': `${(mean(bandit.map((r) => r.onBest)) * 100).toFixed(0)}%`,
    'even split: batches on the best strategy': `${(mean(even.map((r) => r.onBest)) * 100).toFixed(0)}%`,
    'accuracy at checkpoint 15, bandit / even split': `${mean(bandit.map((r) => r.accuracy)).toFixed(3)} / ${mean(even.map((r) => r.accuracy)).toFixed(3)} (ratio ${(mean(bandit.map((r) => r.accuracy)) / mean(even.map((r) => r.accuracy))).toFixed(3)})`,
    'bandit: named best per run': bandit.map((r) => r.best ?? '-').join(' '),
  });
  return { banditFound: found(bandit), evenFound: found(even) };
}

export async function curriculumBanditBench(): Promise<{ banditFound: number; evenFound: number }> {
  const goal = compare(12_000);
  compare(3_000);
  return goal;
}

if (import.meta.url === `file://${process.argv[1]}`) await curriculumBanditBench();
