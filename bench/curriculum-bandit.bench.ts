// Does the curriculum bandit find the simulator's best strategy? Side by side in one run:
// the bandit (curriculum-optimizer's choice drives data-generation) and an even split (the
// five strategies in turn, batch by batch), each over 10 simulated training runs of 15
// checkpoints. Both go through the loop the daemons run, with the same functions:
// - data-generation keeps `minFiles` batches waiting (default 2), each made by its own
//   generator in the strategy in force (`strategyInForceFrom` the optimizer's status, with its
//   `loss_trend` for adaptive), so a choice reaches training `minFiles` checkpoints later;
// - the trainer takes the oldest batch per checkpoint interval and records it in
//   `consumed_batches` ({file, strategy, lines, taken_at, first_step, last_step}, the trainer
//   protocol of docs/data-loop.md); it learns at the speed that batch's mix gives
//   (simulatedLearningSpeed: random_mix, a third each, is the fastest);
// - each checkpoint is evaluated as the evaluator would on a validation set of the simulator's
//   skill model (accuracy, and the golden loss from the simulator's golden-token probability),
//   and the optimizer credits it by `rememberCheckpoints` (→ `creditBatches` over the record),
//   builds `observationsFrom` its memory and writes `curriculumStatus` + `lossTrend`.
// There is no checkpoint 0: as in the daemon, the first checkpoint has nothing to be compared
// with, so 15 checkpoints give 14 observations.
//
// "Finds" for the bandit: its `best_strategy` at checkpoint 15 is the simulator's best. The
// even split names a best too (the same posterior over its own observations; pure exploration
// is what identifies an arm best), so the comparison that matters is what each run reached by
// checkpoint 15: validation accuracy and golden loss, and the share of batches on the best.
// Goal: the bandit names the best strategy in ≥ 8 of 10 runs by checkpoint 15, with a
// 12,000-example set. Printed too, for the record: the same with 3,000 examples, where the
// checkpoint-to-checkpoint noise of accuracy (±0.01) is as large as the strategies' difference
// (the reward is the golden loss's, the less noisy of the two; docs/data-loop.md has figures).
// BENCH_FIRST_RUN=10 runs ten other seeds.
import { curriculumStatus, lossTrend, observationsFrom, rememberCheckpoints, type EvaluatedCheckpoint } from '@flywheel/analysis';
import type { ConsumedBatchRecord, CurriculumCheckpoint, Difficulty, EvaluationResult } from '@flywheel/contracts';
import { answerMargin, DEFAULT_SKILL_CURVE, goldenTokenProbability, pCorrect, simulatedLearningSpeed, type BatchMix } from '@flywheel/simulation';
import { normalCdf } from '@flywheel/statistics';
import { generateBatch, STRATEGIES, strategyInForceFrom, strategyMix, type Strategy } from '@flywheel/training-data';
import { printResult } from './bench-examples.js';

const RUNS = 10;
/** The first run's number (worlds `curriculum-<n>`): another 10 to check the figures are not those of one set of seeds. */
const FIRST_RUN = Number(process.env['BENCH_FIRST_RUN'] ?? 0);
const CHECKPOINTS = 15;
/** Nominal steps between checkpoints, and the skill curve's pace: the demo's save interval on a slower run. */
const SAVE_STEPS = Number(process.env['BENCH_SAVE_STEPS'] ?? 100);
const CURVE = { ...DEFAULT_SKILL_CURVE, decaySteps: Number(process.env['BENCH_DECAY_STEPS'] ?? 4000) };
/** data-generation's `--min-files` (its default): batches waiting in queue/normal/. */
const QUEUE_FILES = Number(process.env['BENCH_MIN_FILES'] ?? 2);
const BATCH_LINES = 100;
const BEST: Strategy = 'random_mix';
const suite = (size: number) => Array.from({ length: size }, (_, i) => ({ id: `v${i}`, difficulty: (['easy', 'medium', 'hard'] as Difficulty[])[i % 3]!, skill: ['arithmetic', 'logic', 'word_problem'][i % 7 % 3]! }));
type Suite = ReturnType<typeof suite>;

/** As `batchMixOf` reads a batch file: shares of easy, medium and hard lines. */
function mixOf(lines: readonly { difficulty?: Difficulty }[]): BatchMix {
  const n = lines.length || 1;
  const count = (d: Difficulty) => lines.filter((l) => l.difficulty === d).length / n;
  return { easy: count('easy'), medium: count('medium'), hard: count('hard') };
}

/** What the evaluator reports of a checkpoint that has learned `effective` nominal steps: accuracy, and the golden loss (one golden token per example). */
function evaluate(SUITE: Suite, world: string, name: string, effective: number): EvaluationResult {
  let correct = 0;
  let nll = 0;
  for (const e of SUITE) {
    const margin = answerMargin(world, name, e.id, pCorrect(CURVE, effective, e.difficulty, e.skill), CURVE.exampleCorrelation);
    if (margin > 0) correct++;
    nll -= Math.log(goldenTokenProbability(normalCdf(margin)));
  }
  return { summary: { accuracy: correct / SUITE.length, goldenLoss: nll / SUITE.length } } as unknown as EvaluationResult;
}

interface RunOutcome { best: Strategy | null; onBest: number; accuracy: number; goldenLoss: number; observations: number }
/** Learning speed of every batch trained on, per strategy, over all runs: how far apart the arms truly are. */
const speeds = new Map<Strategy, number[]>();
/** Picks the strategy of the next batch from the optimizer's status and the batch's number. */
type Policy = (status: Record<string, unknown> | null, batchIndex: number) => Strategy;

function simulateRun(SUITE: Suite, run: number, policy: Policy): RunOutcome {
  const world = `curriculum-${run}`;
  const memory = new Map<string, CurriculumCheckpoint>();
  const evaluated: EvaluatedCheckpoint[] = [];
  const consumed: ConsumedBatchRecord[] = [];
  const queue: { file: string; strategy: Strategy; lines: ReturnType<typeof generateBatch> }[] = [];
  let status: Record<string, unknown> | null = null;
  let made = 0;
  let effective = 0;
  const refill = () => {
    while (queue.length < QUEUE_FILES) {
      const strategy = policy(status, made);
      const lines = generateBatch({ strategy, mix: strategyMix(strategy, { batchIndex: made, recentLossChange: strategyInForceFrom(status).lossTrend }), size: BATCH_LINES, seed: run * 1000 + made, mixedIn: [], pools: [], exclude: new Set() });
      queue.push({ file: `batch_${made}_${strategy}_sim.jsonl`, strategy, lines });
      made++;
    }
  };
  refill();
  for (let k = 1; k <= CHECKPOINTS; k++) {
    const step = k * SAVE_STEPS;
    const batch = queue.shift()!;
    consumed.push({ file: batch.file, strategy: batch.strategy, lines: batch.lines.length, taken_at: new Date(k * 60_000).toISOString(), first_step: step - SAVE_STEPS + 1, last_step: step });
    refill(); // data-generation sees the queue drain while the trainer trains
    const speed = simulatedLearningSpeed(mixOf(batch.lines));
    speeds.set(batch.strategy, [...(speeds.get(batch.strategy) ?? []), speed]);
    effective += SAVE_STEPS * speed;
    const name = `checkpoint-${step}`;
    evaluated.push({ checkpoint: name, step, result: evaluate(SUITE, world, name, effective) });
    // curriculum-optimizer's pass on checkpoint.ready
    rememberCheckpoints(evaluated.slice(-50), memory, consumed, null);
    const observations = observationsFrom(memory);
    status = { ...curriculumStatus(observations, evaluated.at(-1)!.result.summary.accuracy, world), loss_trend: lossTrend(memory) };
  }
  const trained = consumed.map((c) => c.strategy);
  const last = evaluated.at(-1)!.result.summary;
  return { best: status!['best_strategy'] as Strategy | null, onBest: trained.filter((s) => s === BEST).length / trained.length, accuracy: last.accuracy!, goldenLoss: last.goldenLoss!, observations: status!['observations'] as number };
}

function compare(size: number) {
  const SUITE = suite(size);
  speeds.clear();
  const bandit = Array.from({ length: RUNS }, (_, i) => simulateRun(SUITE, FIRST_RUN + i, (status) => strategyInForceFrom(status).strategy));
  const even = Array.from({ length: RUNS }, (_, i) => simulateRun(SUITE, FIRST_RUN + i, (_status, batchIndex) => STRATEGIES[batchIndex % STRATEGIES.length]!));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const found = (xs: RunOutcome[]) => xs.filter((r) => r.best === BEST).length;
  const wins = bandit.filter((b, i) => b.accuracy > even[i]!.accuracy).length;
  printResult(`curriculum bandit vs even split (${RUNS} runs × ${CHECKPOINTS} checkpoints, ${size} validation examples, ${QUEUE_FILES} batches queued; simulator's best: ${BEST})`, {
    'bandit: best strategy named at checkpoint 15': `${found(bandit)} of ${RUNS} runs`,
    'even split: best strategy named at checkpoint 15': `${found(even)} of ${RUNS} runs`,
    'observations per run (credited checkpoints)': `${bandit[0]!.observations} / ${even[0]!.observations}`,
    'bandit: batches on the best strategy': `${(mean(bandit.map((r) => r.onBest)) * 100).toFixed(0)}%`,
    'even split: batches on the best strategy': `${(mean(even.map((r) => r.onBest)) * 100).toFixed(0)}%`,
    'accuracy at checkpoint 15, bandit / even split': `${mean(bandit.map((r) => r.accuracy)).toFixed(4)} / ${mean(even.map((r) => r.accuracy)).toFixed(4)} (bandit higher in ${wins} of ${RUNS} runs)`,
    'golden loss at checkpoint 15, bandit / even split': `${mean(bandit.map((r) => r.goldenLoss)).toFixed(4)} / ${mean(even.map((r) => r.goldenLoss)).toFixed(4)}`,
    'true learning speed of the batches per strategy': STRATEGIES.map((s) => `${s} ${speeds.get(s)?.length ? mean(speeds.get(s)!).toFixed(3) : '-'}`).join(', '),
    'bandit: named best per run': bandit.map((r) => r.best ?? '-').join(' '),
    'even split: named best per run': even.map((r) => r.best ?? '-').join(' '),
  });
  return { banditFound: found(bandit), evenFound: found(even) };
}

export async function curriculumBanditBench(): Promise<{ banditFound: number; evenFound: number }> {
  const goal = compare(12_000);
  compare(3_000);
  return goal;
}

if (import.meta.url === `file://${process.argv[1]}`) await curriculumBanditBench();
