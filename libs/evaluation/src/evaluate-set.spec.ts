// The whole chain over real HTTP: the vLLM client against the simulated model server, with
// scripted answers (p = 1 for easy, 0 for hard), so every figure is worked out by hand.
import type { Example } from '@flywheel/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { backendProfile, createModelBackend } from '@flywheel/model-backend';
import { startSimulatorServer, type SimulatorServer } from '@flywheel/simulation';
import { tempDir } from '@flywheel/testing';
import { createEvalCache } from './eval-cache.js';
import { evaluateSet } from './evaluate-set.js';
import { fingerprintExamples } from './example-set.js';

const examples: Example[] = [
  { id: 'e1', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math', grader: { type: 'numeric', tolerance: 0 } },
  { id: 'h1', prompt: 'Capital of Mongolia?\n', golden: 'Ulaanbaatar', difficulty: 'hard', skill: 'geo' },
  { id: 'e2', messages: [{ role: 'user', content: 'Capital of France?' }], golden: 'Paris', difficulty: 'easy', skill: 'geo' },
  { id: 'h2', prompt: 'What is 8 + 9?\n', golden: '17', difficulty: 'hard', skill: 'math', grader: { type: 'numeric', tolerance: 0 } },
];
const curve = { start: { easy: 1, medium: 0.5, hard: 0 }, ceiling: { easy: 1, medium: 0.5, hard: 0 }, skillSpread: 0 };

let sim: SimulatorServer;
let dir: { dir: string; remove(): Promise<void> };
beforeAll(async () => {
  sim = await startSimulatorServer({ examples, curve, calibration: 'overconfident', thinkTags: true });
  dir = await tempDir('evalset');
});
afterAll(async () => {
  await sim.close();
  await dir.remove();
});

describe('evaluateSet against the simulator', () => {
  it('gives the accuracy, confidence and golden loss worked out by hand', async () => {
    await sim.close();
    sim = await startSimulatorServer({ examples, curve, calibration: 'overconfident', thinkTags: true, baseModel: 'checkpoint-300' });
    const backend = createModelBackend({ baseUrl: sim.url, model: 'checkpoint-300', profile: backendProfile('vllm') }, { concurrency: 4, timeoutMs: 5_000, retries: 0 });
    const result = await evaluateSet({
      backend,
      checkpoint: 'checkpoint-300',
      checkpointId: 'ckpt-id',
      exampleSet: { name: 'validation', dir: dir.dir, examples, rejected: [], id: fingerprintExamples(examples) },
      params: { maxTokens: 64, temperature: 0, stop: [] },
      cache: createEvalCache({ run: 'r', redis: null, dir: dir.dir }),
    });
    const byId = Object.fromEntries(result.records.map((r) => [r.exampleId, r]));
    // Easy: p = 1, right, c = 1. Hard: p = 0, wrong ("I am not sure", "18"), c = 0 + 1 · 0.7 = 0.7.
    expect(byId['e1']).toMatchObject({ prediction: '<think>Let me work this out.</think>\n4', correct: true, confidence: 1 });
    expect(byId['h1']).toMatchObject({ prediction: '<think>Let me work this out.</think>\nI am not sure', correct: false });
    expect(byId['h2']).toMatchObject({ correct: false, think: { present: true, closed: true, length: 21 } });
    expect(byId['h1']!.confidence).toBeCloseTo(0.7, 12);
    // Golden tokens: "4" (1), "Ulaanbaatar" (1), "Paris" (1), "1" "7" (2). Each costs −ln g,
    // g = 0.2 + 0.75 p: easy −ln 0.95 = 0.0512933, hard −ln 0.2 = 1.6094379.
    expect(byId['e1']!.golden).toEqual({ nll: -Math.log(0.95), tokens: 1, meanNll: -Math.log(0.95), isGreedy: true });
    expect(byId['h2']!.golden).toEqual({ nll: -2 * Math.log(0.2), tokens: 2, meanNll: -Math.log(0.2), isGreedy: false });
    expect(byId['e2']!.golden).toMatchObject({ tokens: 1, isGreedy: true });
    // accuracy 2/4; mean confidence (1 + 0.7 + 1 + 0.7) / 4 = 0.85;
    // loss (2 · 0.0512933 + 3 · 1.6094379) / 5 = 4.9309003 / 5 = 0.9861801.
    expect(result.summary).toMatchObject({ examples: 4, correct: 2, accuracy: 0.5, goldenTokens: 5, cachedRecords: 0, skippedLines: 0 });
    expect(result.summary.meanConfidence).toBeCloseTo(0.85, 12);
    expect(result.summary.goldenLoss).toBeCloseTo(0.9861801, 6);
    expect(result.backend).toBe('vllm:checkpoint-300');
  });

  it('reports the golden loss as unsupported on a backend without echo', async () => {
    const backend = createModelBackend({ baseUrl: sim.url, model: 'checkpoint-300', profile: backendProfile('llamacpp') }, { concurrency: 2, timeoutMs: 5_000, retries: 0 });
    const result = await evaluateSet({
      backend, checkpoint: 'checkpoint-300', checkpointId: 'other', params: { maxTokens: 64, temperature: 0, stop: [] },
      exampleSet: { name: 'validation', dir: dir.dir, examples, rejected: [], id: 'x' },
      cache: createEvalCache({ run: 'r', redis: null, dir: dir.dir }),
    });
    expect(result.summary.goldenLoss).toBeNull();
    expect(result.summary.unsupported).toEqual({ goldenLoss: 'llamacpp gives no prompt logprobs (echo)' });
    expect(result.summary.accuracy).toBe(0.5);
  });
});
