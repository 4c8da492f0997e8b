import type { EvalRecord, Example } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { compositeScore, scoreParts } from './composite-score.js';
import { calibrationStatus } from './confidence-calibrator.daemon.js';
import { mineHardExamples } from './adversarial-miner.daemon.js';
import { parseGenerated, promptKey, templateVariant } from './hard-examples.js';
import { modelComparisonStatus } from './model-comparison.daemon.js';
import { selectSuite } from './test-suite.js';

const record = (exampleId: string, correct: boolean, over: Partial<EvalRecord> = {}): EvalRecord => ({
  exampleId, difficulty: 'easy', skill: 's', prediction: correct ? '4' : '5', correct, think: { present: false, closed: false, length: 0 },
  confidence: 0.5, golden: { nll: 1, tokens: 1, meanNll: 1, isGreedy: correct }, outputTokens: 1, latencyMs: 1, backend: 'vllm:m', cacheKey: exampleId,
  ...over,
});

describe('composite score', () => {
  it('weights accuracy, exp(−loss), 1 − ECE and quality, dropping what was not measured', () => {
    // 4 examples: 3 right; nll 0.5 each over 1 token → loss 0.5; confidence 0.75 everywhere → one bin,
    // accuracy .75 → ECE 0; one answer cut off (8 tokens of max 8) → quality 3/4.
    const records = [record('a', true, { golden: { nll: 0.5, tokens: 1, meanNll: 0.5, isGreedy: true }, confidence: 0.75 }),
      record('b', true, { golden: { nll: 0.5, tokens: 1, meanNll: 0.5, isGreedy: true }, confidence: 0.75 }),
      record('c', true, { golden: { nll: 0.5, tokens: 1, meanNll: 0.5, isGreedy: true }, confidence: 0.75, outputTokens: 8 }),
      record('d', false, { golden: { nll: 0.5, tokens: 1, meanNll: 0.5, isGreedy: false }, confidence: 0.75 })];
    const parts = scoreParts(records, 8, 5);
    expect(parts).toEqual({ accuracy: 0.75, loss: 0.5, ece: 0, quality: 0.75 });
    // (0.4·0.75 + 0.2·e^−0.5 + 0.2·1 + 0.2·0.75) / 1 = 0.3 + 0.1213061 + 0.2 + 0.15 = 0.7713061
    expect(compositeScore(parts, { accuracy: 0.4, loss: 0.2, calibration: 0.2, quality: 0.2 })).toBeCloseTo(0.7713061, 6);
    // Without loss and ECE: (0.4·0.75 + 0.2·0.75) / 0.6 = 0.75
    expect(compositeScore({ ...parts, loss: null, ece: null }, { accuracy: 0.4, loss: 0.2, calibration: 0.2, quality: 0.2 })).toBeCloseTo(0.75, 12);
  });

  it('ranks checkpoints, best first, and says when the best is not distinguishable', () => {
    const good = Array.from({ length: 30 }, (_, i) => record(`e${i}`, i % 10 !== 0));
    const worse = Array.from({ length: 30 }, (_, i) => record(`e${i}`, i % 2 === 0));
    const tie = good.map((r) => ({ ...r }));
    const result = (records: EvalRecord[], checkpoint: string) => ({ checkpoint, step: 0, result: { records } as never });
    const settings = {
      weights: { accuracy: 1, loss: 0, calibration: 0, quality: 0 }, maxTokens: 8, bins: 5, bootstrapIterations: 300,
      promotion: { alpha: 0.05, minGain: 0, accuracyMarginPoints: 2, qualityMarginPoints: 2, eceMargin: 0.02 },
    };
    const status = modelComparisonStatus([result(worse, 'checkpoint-1'), result(good, 'checkpoint-2')], settings);
    expect(status.rankings.map((r) => [r.checkpoint, r.score])).toEqual([['checkpoint-2', 0.9], ['checkpoint-1', 0.5]]);
    expect(status.best_checkpoint).toBe('checkpoint-2');
    expect(status['best_distinguishable']).toBe(true);
    const tied = modelComparisonStatus([result(good, 'checkpoint-1'), result(tie, 'checkpoint-2')], settings);
    expect(tied['best_distinguishable']).toBe(false);
  });
});

describe('calibrationStatus', () => {
  it("keeps the seed's bins and adds Brier and the temperature", () => {
    const records = [record('a', false, { confidence: 0.1 }), record('b', true, { confidence: 0.3 }), record('c', false, { confidence: 0.35 }),
      record('d', true, { confidence: 0.9 }), record('e', true, { confidence: 0.95 })];
    const status = calibrationStatus('checkpoint-9', records, 5, 0.1);
    expect(status.bins.map((b) => b.range)).toEqual(['0.0-0.2', '0.2-0.4', '0.4-0.6', '0.6-0.8', '0.8-1.0']);
    // As in the statistics table: ECE .12, Brier .127; .12 > .1 → not well calibrated.
    expect(status).toMatchObject({ ece: 0.12, brier: 0.127, well_calibrated: false, examples: 5 });
  });
  it('says why there is no ECE when the backend gives no confidences', () => {
    const status = calibrationStatus('c', [record('a', true, { confidence: { unsupported: 'no logprobs' } })], 5, 0.1);
    expect(status).toMatchObject({ ece: null, well_calibrated: false, unsupported: 'no logprobs' });
  });
});

describe('hard examples', () => {
  const arithmetic: Example = { id: 'arith-1', prompt: 'What is (174 - 78) * 3?\nAnswer with the number only.\n', golden: '288', difficulty: 'hard', skill: 'arithmetic' };
  it('varies the numbers of a calculation and recomputes the golden exactly', () => {
    const v = templateVariant(arithmetic, 0) as { prompt: string; golden: string };
    const numbers = v.prompt.match(/\d+/g)!.map(Number);
    expect(numbers).toHaveLength(3);
    expect(v.golden).toBe(String((numbers[0]! - numbers[1]!) * numbers[2]!));
    expect(v.prompt.endsWith('?\nAnswer with the number only.\n')).toBe(true);
    expect(templateVariant(arithmetic, 0)).toEqual(v);
  });
  it('makes no variant it cannot verify, and says why', () => {
    const reason = (prompt: string, golden: string) => (templateVariant({ ...arithmetic, prompt, golden }, 0) as { reason?: string }).reason;
    expect(reason('Capital of France?', 'Paris')).toBe('not_a_calculation');
    expect(reason('What is 45 × 12?', '45')).toBe('golden_disagrees'); // the source's own golden is wrong: the question is not what the checker reads
    expect(reason('In 1969, what is 2 + 3?', '5')).toBe('not_a_calculation');
    expect(reason('What is 3 × 7?\nA. 20\nB. 21', 'B')).toBe('multiple_choice');
    expect(reason('What is 5 km + 3 km?', '8 km')).toBe('not_a_calculation');
  });
  it('varies Unicode operators, decimals and number words', () => {
    const v = templateVariant({ ...arithmetic, prompt: 'What is 45 × 12?', golden: '540' }, 1) as { prompt: string; golden: string };
    const [a, b] = v.prompt.match(/\d+/g)!.map(Number);
    expect(v.prompt).toMatch(/^What is \d\d × \d\d\?$/);
    expect(v.golden).toBe(String(a! * b!));
    const d = templateVariant({ ...arithmetic, prompt: 'What is 2.5 + 1.25?', golden: '3.75' }, 0) as { prompt: string; golden: string };
    const [x, y] = d.prompt.match(/\d+\.\d+/g)!;
    expect(Math.round((Number(x) + Number(y)) * 100) / 100).toBe(Number(d.golden));
    const w = templateVariant({ ...arithmetic, prompt: 'What is five plus seven?', golden: '12' }, 0) as { prompt: string; golden: string };
    const [p, q] = w.prompt.match(/\d+/g)!.map(Number);
    expect(w.prompt).toMatch(/^What is \d plus \d\?$/);
    expect(w.golden).toBe(String(p! + q!));
  });
  it('reads an LLM generator answer', () => {
    expect(parseGenerated('Q: What is 9 * 7?\nA: 63')).toEqual({ prompt: 'What is 9 * 7?', golden: '63' });
    expect(parseGenerated('[simulator] unknown prompt')).toBeNull();
  });
  it('groups failures into patterns and never writes a known prompt twice', async () => {
    const fact: Example = { id: 'geo-1', prompt: 'Capital of Mongolia?', golden: 'Ulaanbaatar', difficulty: 'hard', skill: 'geography' };
    const known = new Set([promptKey(arithmetic.prompt!)]);
    const input = { checkpoint: 'checkpoint-5', failures: [arithmetic, fact], tested: 10, known, perFailure: 2, generator: 'template' as const,
      generate: async (e: Example, i: number) => templateVariant(e, i), outputFile: '/x.jsonl' };
    const first = await mineHardExamples(input);
    expect(first.status).toMatchObject({
      failures_found: 2, hard_examples_written: 2, patterns: { 'arithmetic/hard': 1, 'geography/hard': 1 },
      failures_without_new_examples: 1, failures_without_new_examples_by_reason: { not_a_calculation: 1 },
    });
    expect(first.lines[0]).toMatchObject({ model_failed: 'checkpoint-5', pattern: 'arithmetic/hard', source_id: 'arith-1' });
    const again = await mineHardExamples(input);
    expect(again.lines.map((l) => l.prompt)).not.toContain(first.lines[0]!.prompt);
  });
});

describe('selectSuite', () => {
  it('balances difficulties and is stable', () => {
    const ids = Array.from({ length: 90 }, (_, i) => ({ id: `x${i}`, difficulty: (i < 60 ? 'easy' : i < 80 ? 'medium' : 'hard') as Example['difficulty'] }));
    const suite = selectSuite(ids, 30);
    const count = (d: string) => ids.filter((e) => e.difficulty === d && suite.has(e.id)).length;
    expect([count('easy'), count('medium'), count('hard')]).toEqual([10, 10, 10]);
    expect([...selectSuite(ids, 30)]).toEqual([...suite]);
    // Only 10 hard exist: a 60-example suite takes all 10, and fills with the others evenly.
    const big = selectSuite(ids, 60);
    expect([big.size, ids.filter((e) => e.difficulty === 'hard' && big.has(e.id)).length]).toEqual([60, 10]);
  });
});
