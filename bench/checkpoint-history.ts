// A run's history written before the demo starts, so the checkpoint-latency bench can measure
// with 100 or 1,000 checkpoints kept and ranked without landing (and inferring) them all:
// checkpoint folders as the simulated trainer writes them, and for each its validation
// evaluation in status/evals/<checkpoint>/<key>.json under the very key the evaluator and every
// daemon compute (checkpoint fingerprint × example set × params), so each ask is a cache hit.
// The records are synthetic (a weaker model than the simulator's, so landed checkpoints rank
// above them); what they say does not change the work done per checkpoint, their number does.
import type { FlywheelConfig } from '@flywheel/config';
import { EvaluationRequest, type EvalRecord, type EvaluationResult, type Example } from '@flywheel/contracts';
import { checkpointIdentity, evalResultFile, evaluationKey, loadExampleSet, recordCacheKey, summarizeRecords, validationRequest } from '@flywheel/evaluation';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_SET } from './bench-examples.js';

/** up.sh's `--save-steps`: checkpoint-<n × 50>. */
export const SAVE_STEPS = 50;

/** A simulated checkpoint at `step`, as the trainer writes it (atomically: staged, then renamed). */
export async function landCheckpoint(checkpointsDir: string, step: number, maxSteps: number): Promise<string> {
  return writeSimulatedCheckpoint(checkpointsDir, {
    step,
    evalLoss: 0.5 + 1.5 * Math.exp(-step / 2_000),
    trainLoss: [{ step, loss: 0.6 + 1.5 * Math.exp(-step / 2_000), learningRate: 2e-5 }],
    epoch: 1,
    maxSteps,
    effectiveStep: step,
  });
}

/** The validation evaluation key of the checkpoint at `folder`, as every asker computes it. */
export async function validationKey(config: FlywheelConfig, folder: string, setId: string): Promise<string> {
  return evaluationKey(await checkpointIdentity(folder), setId, validationParams(config, folder));
}

/** The validation request's params, parsed as the evaluator and every client parse them (defaults filled in). */
const validationParams = (config: FlywheelConfig, folder: string) =>
  EvaluationRequest.parse(validationRequest(config, { name: path.basename(folder), path: folder }, 'evaluator')).params;

function syntheticRecords(index: number, examples: readonly Example[], checkpointId: string, params: EvaluationResult['params']): EvalRecord[] {
  return examples.map((example, i) => {
    const hash = ((i * 2_654_435_761 + index * 40_503) >>> 0) / 2 ** 32;
    return {
      exampleId: example.id,
      difficulty: example.difficulty,
      skill: example.skill,
      prediction: 'a synthetic history answer',
      correct: hash < 0.35,
      think: { present: true, closed: true, length: 40 + (i % 60) },
      confidence: 0.3 + 0.4 * hash,
      golden: { nll: 6, tokens: 4, meanNll: 1.5, isGreedy: false },
      outputTokens: 20 + (i % 40),
      latencyMs: 30,
      backend: 'bench-history',
      cacheKey: recordCacheKey(checkpointId, example, params),
    };
  });
}

/**
 * Checkpoints at steps 50, 100, …, count × 50 in `baseDir`/current_model and their validation
 * evaluations in `baseDir`/status/evals (the demo's validation set, the demo's params).
 */
export async function writeHistory(baseDir: string, count: number, maxSteps: number, config: FlywheelConfig): Promise<void> {
  const set = await loadExampleSet(DEMO_SET, 'validation');
  const checkpointsDir = path.join(baseDir, 'current_model');
  const evalsDir = path.join(baseDir, 'status', 'evals');
  await mkdir(checkpointsDir, { recursive: true });
  for (let index = 0; index < count; index++) {
    const folder = await landCheckpoint(checkpointsDir, (index + 1) * SAVE_STEPS, maxSteps);
    const name = path.basename(folder);
    const params = validationParams(config, folder);
    const checkpointId = await checkpointIdentity(folder);
    const records = syntheticRecords(index, set.examples, checkpointId, params);
    const result: EvaluationResult = {
      checkpoint: name,
      checkpointId,
      exampleSet: 'validation',
      exampleSetId: set.id,
      params,
      backend: 'bench-history',
      summary: summarizeRecords(records, 0, 0),
      problems: [],
      records,
      evaluatedAt: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
    };
    const file = evalResultFile(evalsDir, name, evaluationKey(checkpointId, set.id, params));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(result) + '\n');
  }
}
