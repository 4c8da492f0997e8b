import type { TrainingLine } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { buildContaminationIndex } from './contamination.js';
import { rejectContaminated } from './reject-contaminated.js';

const value = (q: string) => ({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: 'a' }] }) as TrainingLine;

describe('rejectContaminated', () => {
  it('moves queued lines with a held-out question to the rejected ones, with the reason, in line order', () => {
    const index = buildContaminationIndex([{ id: 'v1', text: 'What is the capital of France?' }]);
    const scan = {
      file: '/q/normal/b.jsonl', lines: 3, notes: [],
      valid: [{ line: 1, value: value('What is the capital of Peru?'), text: 't1' }, { line: 3, value: value('what is the capital of France'), text: 't3' }],
      rejected: [{ file: '/q/normal/b.jsonl', line: 2, reason: 'not JSON', raw: '{', encoding: 'utf8' as const }],
    };
    expect(rejectContaminated(scan, index)).toBe(1);
    expect(scan.valid.map((v) => v.line)).toEqual([1]);
    expect(scan.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, 'not JSON'],
      [3, 'held-out contamination: shares "what is the capital of france" with held-out example v1 (13-gram check)'],
    ]);
  });
});
