import type { EvalRecord, TrainingLine } from '@flywheel/contracts';
import { gradePrediction } from '@flywheel/evaluation';
import { describe, expect, it } from '@jest/globals';
import { correctionLine, errorPattern, graderFor, isCorrection, lineAsExample } from './self-correction.js';

const line = (q: string, a: string, extra: Record<string, unknown> = {}) =>
  ({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a }], ...extra }) as TrainingLine;
const record = (prediction: string): EvalRecord => ({
  exampleId: 'x', difficulty: 'easy', skill: 's', prediction, correct: false, think: { present: false, closed: false, length: 0 },
  confidence: 0.5, golden: { nll: 1, tokens: 1, meanNll: 1, isGreedy: false }, outputTokens: 1, latencyMs: 1, backend: 'vllm:m', cacheKey: 'x',
} as EvalRecord);

describe('self-correction graders', () => {
  it('takes the line\'s own grader, else infers one from the answer type', () => {
    expect(graderFor(line('q', 'x', { grader: { type: 'regex', pattern: '^x$' } }), 'q', 'x')).toEqual({ type: 'regex', pattern: '^x$', flags: '' });
    expect(graderFor(line('What is 6 × 7?', '42'), 'What is 6 × 7?', '42')).toEqual({ type: 'numeric', tolerance: 0 });
    expect(graderFor(line('Pick: A. 1 B. 2', 'B'), 'Pick: A. 1 B. 2', 'B')).toEqual({ type: 'choice' });
    expect(graderFor(line('Capital of Peru?', 'Lima'), 'Capital of Peru?', 'Lima')).toEqual({ type: 'exact' });
  });
  it('so "42." is 42, and "The answer is 42" too', () => {
    const example = lineAsExample(line('What is 6 × 7?', '42'), 'text');
    expect(gradePrediction('42.', example.golden, example.grader)).toBe(true);
    expect(gradePrediction('The answer is 42', example.golden, example.grader)).toBe(true);
    expect(gradePrediction('41', example.golden, example.grader)).toBe(false);
    expect(gradePrediction('42.', '42')).toBe(false); // the exact grader the queued lines used to get
  });
  it('names error patterns by the answer type', () => {
    expect(errorPattern(record('41'), '42')).toBe('wrong_number');
    expect(errorPattern(record('I do not know'), '42')).toBe('not_a_number');
    expect(errorPattern(record('C'), 'B')).toBe('wrong_choice');
  });
  it('never corrects a correction; a correction carries its golden and source', () => {
    const example = lineAsExample(line('What is 6 × 7?', '42'), 'text');
    const correction = correctionLine(example, record('41'), 'wrong_number', 'checkpoint-3') as TrainingLine & Record<string, unknown>;
    expect(correction).toMatchObject({ source: 'correction', golden: '42', source_id: example.id, model_failed: 'checkpoint-3' });
    expect(isCorrection(correction)).toBe(true);
    expect(isCorrection(line('q', 'a', { source: 'feedback' }))).toBe(true);
    expect(isCorrection(line('q', 'a', { source: 'procedural:arithmetic' }))).toBe(false);
  });
});
