import type { TrainingLine } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { admitLine, countAdmission, emptyCounts } from './admit-line.js';
import { buildContaminationIndex } from './contamination.js';

const guard = { index: buildContaminationIndex([{ id: 'v1', text: 'What is 12 + 6?' }]), redact: true };
const line = (q: string, a: string, source: string): TrainingLine => ({ messages: [{ role: 'user', content: q }, { role: 'assistant', content: a }], source } as TrainingLine);

describe('admitLine', () => {
  it('refuses held-out questions, wrong goldens, unverified generated lines; redacts', () => {
    const results = [
      admitLine(line('What is 12 + 6?', '18', 'pool'), guard),
      admitLine(line('What is 45 × 12?', '45', 'adversarial'), guard),
      admitLine(line('What is 45 × 12?', '540', 'adversarial'), guard),
      admitLine(line('In what year did Apollo 11 land?', '1969', 'llm:sim'), guard),
      admitLine(line('In what year did Apollo 11 land?', '1969', 'pool'), guard),
      admitLine(line('Mail jane.doe@example.com about the order', 'Done.', 'feedback'), guard),
    ];
    expect(results.map((r) => (r.admitted ? 'ok' : r.kind))).toEqual(['contaminated', 'golden_wrong', 'ok', 'unverified', 'ok', 'ok']);
    expect(results[5]!.line.messages[0]!.content).toBe('Mail [REDACTED:email] about the order');
    const counts = results.reduce(countAdmission, emptyCounts());
    expect(counts).toEqual({ checked: 6, admitted: 3, redacted: 1, refused: { contaminated: 1, contamination_check_unavailable: 0, golden_wrong: 1, unverified: 1 }, unverified_reasons: { no_checker: 1 } });
  });
  it('checks a correction line by its golden key, not the explanation', () => {
    const correction = { ...line('What is 7 × 8?', 'A previous answer was "54". The number is wrong. The correct answer is: 56', 'correction'), golden: '56' } as TrainingLine;
    expect(admitLine(correction, guard).admitted).toBe(true);
    expect(admitLine({ ...correction, golden: '54' } as TrainingLine, guard).admitted).toBe(false);
  });
});
