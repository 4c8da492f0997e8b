import type { DaemonJob, EvalRecord, StatusBody } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { runLook } from '@flywheel/checkpoints';
import { readChampionAndDeployed } from '@flywheel/status-store';
import { accuracyVerdict, testingRules, type AccuracyRules, type CheckpointOutcomes } from './accuracy-verdict.js';
import { recentEvaluations, type EvaluatedCheckpoint } from './recent-evaluations.js';
import { recordsIn, selectSuite } from './test-suite.js';

const accuracy = (records: readonly EvalRecord[]) => (records.length ? round(records.filter((r) => r.correct).length / records.length) : null);
const round = (x: number) => Math.round(x * 10_000) / 10_000;

/** Accuracy per value of `key`, with counts. */
function accuracyBy(records: readonly EvalRecord[], key: 'difficulty' | 'skill') {
  const groups = new Map<string, EvalRecord[]>();
  for (const r of records) groups.set(r[key], [...(groups.get(r[key]) ?? []), r]);
  return Object.fromEntries([...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, rs]) => [k, { accuracy: accuracy(rs), count: rs.length }]));
}

/** Where the newest checkpoint stands in the run: its look, and the champion's name. */
export interface TestingContext {
  look: number;
  champion: string | null;
}

/**
 * automated_testing.json from the suite's records of the newest checkpoint, the ones before
 * it and the champion (`evaluated` oldest first; the champion may be any of them).
 */
export function automatedTestingStatus(
  evaluated: readonly EvaluatedCheckpoint[],
  suiteSize: number,
  rules: AccuracyRules,
  context: TestingContext,
): StatusBody<'testing'> {
  const current = evaluated.at(-1);
  if (!current) {
    return { checkpoint: null, overall_accuracy: null, by_difficulty: { easy: null, medium: null, hard: null }, regression_detected: false, baseline: null };
  }
  const suite = selectSuite(current.result.records.map((r) => ({ id: r.exampleId, difficulty: r.difficulty })), suiteSize);
  const records = recordsIn(current.result.records, suite);
  const outcomes = (e: EvaluatedCheckpoint): CheckpointOutcomes => {
    const inSuite = recordsIn(e.result.records, suite);
    const losses = inSuite.flatMap((r) => ('meanNll' in r.golden && Number.isFinite(r.golden.meanNll) ? [[r.exampleId, r.golden.meanNll] as const] : []));
    return {
      checkpoint: e.checkpoint,
      correct: new Map(inSuite.map((r) => [r.exampleId, r.correct])),
      // Only a full set of golden losses is a signal: `pairedDrop` uses them where every checkpoint has them.
      ...(losses.length === inSuite.length ? { goldenLoss: new Map(losses) } : {}),
    };
  };
  const champion = context.champion ? evaluated.find((e) => e.checkpoint === context.champion) : undefined;
  // An older champion comes first in `evaluated`, before the recent pool's window.
  const verdict = accuracyVerdict(outcomes(current), evaluated.slice(0, -1).map(outcomes), rules, { look: context.look, champion: champion ? outcomes(champion) : null });
  const championNote = context.champion && !champion ? ` Champion ${context.champion} has no records: no cumulative test.` : '';
  const byDifficulty = accuracyBy(records, 'difficulty');
  return {
    checkpoint: current.checkpoint,
    overall_accuracy: accuracy(records),
    by_difficulty: {
      easy: byDifficulty['easy']?.accuracy ?? null,
      medium: byDifficulty['medium']?.accuracy ?? null,
      hard: byDifficulty['hard']?.accuracy ?? null,
    },
    regression_detected: verdict?.regression_detected ?? false,
    baseline: verdict?.compared_with ?? null,
    champion: context.champion,
    by_skill: accuracyBy(records, 'skill'),
    counts: { examples: records.length, correct: records.filter((r) => r.correct).length, by_difficulty: byDifficulty },
    evidence: verdict ? { ...verdict, reason: verdict.reason + championNote } : { reason: 'No earlier checkpoint to compare with yet.' + championNote },
  };
}

/** automated-testing (seed 004 §7): the fixed suite on the newest checkpoint against a pooled baseline. */
export async function automatedTestingProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const rules = testingRules(config);
  const { champion } = await readChampionAndDeployed(context.statusStore);
  const { evaluated, problems } = await recentEvaluations(context, rules.baselineCheckpoints + 2, 'automated-testing', { kept: champion ? [champion] : [], aroundKept: rules.baselineCheckpoints - 1, withPruned: true });
  if (evaluated.length === 0 && problems.length > 0) {
    for (const p of problems) logger.warn({ problem: p }, 'nothing to test');
    return;
  }
  const newest = evaluated.at(-1);
  const look = newest ? await runLook(config.paths.checkpointsDir, config.paths.statusDir, newest.step) : 1;
  const status = automatedTestingStatus(evaluated, config.samples, rules, { look, champion });
  await context.statusStore.write('testing', { ...status, errors: problems });
  const summary = { trigger: job.kind, checkpoint: status.checkpoint, accuracy: status.overall_accuracy, regression: status.regression_detected };
  if (status.regression_detected) logger.warn(summary, 'accuracy regression');
  else logger.info(summary, 'tested');
}

export const automatedTesting: DaemonSpec = {
  name: 'automated-testing',
  processor: automatedTestingProcessor,
  subscribe: ['checkpoint.ready'],
  readsNewestState: true,
};
