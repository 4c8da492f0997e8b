import type { EvalRecord, EvaluationResult } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { evaluatorLossSource } from './evaluator-loss-source.js';
import { regressionCheck } from './regression-check.js';
import type { CheckpointRef, LossSource } from './loss-source.js';

const record = (exampleId: string, nll: number, tokens: number): EvalRecord => ({
  exampleId, difficulty: 'easy', skill: 's', prediction: '', correct: true, think: { present: false, closed: false, length: 0 },
  confidence: 0.5, golden: { nll, tokens, meanNll: nll / tokens, isGreedy: true }, outputTokens: 1, latencyMs: 1, backend: 'vllm:m', cacheKey: exampleId,
});
const result = (checkpoint: string, records: EvalRecord[], goldenLoss: number | null, unsupported: Record<string, string> = {}): EvaluationResult => ({
  checkpoint, checkpointId: 'id', exampleSet: 'validation', exampleSetId: 'set', params: { maxTokens: 8, temperature: 0, stop: [] }, backend: 'vllm:m',
  summary: { examples: records.length, correct: 0, accuracy: 0, meanConfidence: null, goldenLoss, goldenTokens: 0, unsupported, skippedLines: 0, cachedRecords: 0 },
  problems: [], records, evaluatedAt: '2026-01-01T00:00:00.000Z',
});
const ref = (step: number): CheckpointRef => ({ name: `checkpoint-${step}`, step, path: `/ckpt/checkpoint-${step}` });

describe('evaluatorLossSource', () => {
  it("takes the summary's golden loss and each example's mean token loss", async () => {
    const source = evaluatorLossSource(async (c) => result(c.name, [record('a', 3, 2), record('b', 1, 4)], 4 / 6));
    const reading = await source.lossOf(ref(100));
    expect(reading.observed).toMatchObject({ checkpoint: 'checkpoint-100', step: 100, loss: 4 / 6, source: 'evaluator', examples: 2 });
    expect([...reading.observed.perExample!]).toEqual([['a', 1.5], ['b', 0.25]]);
  });
  it('is unavailable, with the reason, when the backend cannot score or the evaluation fails', async () => {
    const unsupported = evaluatorLossSource(async (c) => result(c.name, [], null, { goldenLoss: 'ollama gives no prompt logprobs (echo)' }));
    expect((await unsupported.lossOf(ref(1))).observed).toMatchObject({
      loss: null, source: 'unavailable', unavailableReason: 'evaluator could not measure the golden loss: ollama gives no prompt logprobs (echo)',
    });
    const failing = evaluatorLossSource(async () => {
      throw new Error('model server at http://127.0.0.1:9 is not reachable');
    });
    const reading = await failing.lossOf(ref(1));
    expect(reading.problem).toEqual({ source: '/ckpt/checkpoint-1', message: 'evaluation failed: model server at http://127.0.0.1:9 is not reachable' });
  });
});

describe('regressionCheck with several sources', () => {
  const rules = { thresholdPercent: 15, criticalPercent: 25, bootstrapIterations: 200, baselineCheckpoints: 3, runFalsePageRate: 0.05, runHorizon: 50 };
  const fixed = (name: string, losses: Record<number, number | null>): LossSource => ({
    name,
    async lossOf(c) {
      const loss = losses[c.step] ?? null;
      return { observed: { checkpoint: c.name, step: c.step, loss, examples: null, source: loss === null ? 'unavailable' : 'trainer_state' } };
    },
  });
  it('judges the window with the first source that measures the newest checkpoint, never mixing sources', async () => {
    // The engine cannot measure step 300, so trainer_state judges: 1.0 → 1.2 is +20%, a warning.
    const engine = fixed('engine', { 100: 0.5, 200: 0.5, 300: null });
    const trainer = fixed('trainer_state', { 100: 1.0, 200: 1.1, 300: 1.2 });
    const status = await regressionCheck({ checkpoints: [ref(100), ref(200), ref(300)], window: 5, rules, lossSources: [engine, trainer] });
    expect(status).toMatchObject({ baseline_loss: 1.0, current_loss: 1.2, increase_percent: 20, regression_detected: true, alert_level: 'warning' });
    const engineWins = await regressionCheck({
      checkpoints: [ref(100), ref(200), ref(300)], window: 5, rules, lossSources: [fixed('engine', { 100: 0.5, 300: 0.5 }), trainer],
    });
    expect(engineWins).toMatchObject({ baseline_loss: 0.5, current_loss: 0.5, increase_percent: 0, regression_detected: false });
  });
});
