import type { Example, TrainingLine } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '@flywheel/statistics';
import { admitLine, buildContaminationIndex } from '@flywheel/training-data';
import { templateVariant } from './hard-examples.js';

/**
 * Property tests over hostile prompts: whatever the miner's template or the queue's admission
 * is given, no line with a golden an independent oracle does not confirm comes out. The oracle
 * here is a different implementation: the test builds each calculation from known numbers and
 * operators and computes it itself (JavaScript numbers, compared to 1e-9), and knows which
 * prompts are not pure calculations (a year, a list number, units, options, glued numbers).
 */
const OPS: [string, (a: number, b: number) => number][] = [
  ['+', (a, b) => a + b], ['-', (a, b) => a - b], ['−', (a, b) => a - b], ['*', (a, b) => a * b], ['×', (a, b) => a * b],
  ['⋅', (a, b) => a * b], ['/', (a, b) => a / b], ['÷', (a, b) => a / b],
];
/** `right`: the golden the oracle confirms (null: none, the question is not one a checker may answer). */
type Case = { prompt: string; golden: string; pure: boolean; answer: number | null; right: string | null };

function makeCase(random: () => number): Case {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const [a, b] = [int(2, 999), int(2, 99)];
  const [op, f] = OPS[int(0, OPS.length - 1)]!;
  const expression = `${a} ${op} ${b}`;
  const answer = f(a, b);
  const first = String(a); // the old template's golden: the first number in the prompt
  // Written exactly when it has at most 3 decimals; else rounded (and so wrong).
  const exact = op === '/' || op === '÷' ? (a * 1000) % b === 0 : true;
  const right = exact ? String(answer) : answer.toFixed(3);
  const golden = random() < 0.5 ? right : first;
  const no = { pure: false, answer: null, right: null };
  switch (int(0, 8)) {
    case 0: return { prompt: `What is ${expression}?`, golden, pure: true, answer, right: exact ? right : null };
    case 1: return { prompt: `In ${int(1900, 2030)}, what is ${expression}?`, golden: String(int(1900, 2030)), ...no };
    case 2: return { prompt: `${int(1, 9)}. What is ${expression}?`, golden, ...no };
    case 3: return { prompt: `What is ${a} km ${op} ${b} km?`, golden, ...no };
    // Options: a multiple-choice checker may confirm the letter of the one right option.
    case 4: return { prompt: `What is ${expression}?\nA. ${first}\nB. ${right}\nC. ${b}`, golden: random() < 0.5 ? 'A' : 'B', pure: false, answer, right: exact ? 'B' : null };
    case 5: return { prompt: `What is x${a} ${op} ${b}?`, golden, ...no };
    case 6: return { prompt: `What is ${a}² ${op} ${b}?`, golden, ...no };
    case 7: return { prompt: `How many ${b}-page books fit in a box of ${a}?`, golden: first, ...no };
    default: return { prompt: `Solve for x: x ${op} ${b} = ${a}`, golden, ...no };
  }
}

/** The oracle's value of a variant of case 0's shape, from its own numbers. */
function oracle(prompt: string): number | null {
  const m = /^What is (\d+) (\S) (\d+)\?$/.exec(prompt);
  if (!m) return null;
  const f = OPS.find(([o]) => o === m[2])?.[1];
  return f ? f(Number(m[1]), Number(m[3])) : null;
}

describe('hostile prompts', () => {
  const random = seededRandom(16);
  const cases = Array.from({ length: 4000 }, () => makeCase(random));

  it('the template varies only pure calculations with a right golden, and every variant is right', () => {
    let variants = 0;
    for (const [i, c] of cases.entries()) {
      const example: Example = { id: `h-${i}`, prompt: c.prompt, golden: c.golden, difficulty: 'medium', skill: 'arithmetic' };
      for (let v = 0; v < 3; v++) {
        const out = templateVariant(example, v);
        if ('reason' in out) continue;
        variants++;
        // Only a pure calculation whose own golden is right may be varied …
        expect([c.prompt, c.pure && c.golden === c.right]).toEqual([c.prompt, true]);
        // … and the variant's golden is what the oracle computes.
        const want = oracle(out.prompt);
        expect(want).not.toBeNull();
        expect(Math.abs(Number(out.golden) - want!)).toBeLessThan(1e-9);
      }
    }
    expect(variants).toBeGreaterThan(400); // the property is not empty
  });

  it('the queue admits no generated line whose golden the oracle does not confirm', () => {
    const guard = { index: buildContaminationIndex([]), redact: true };
    let admitted = 0;
    for (const c of cases) {
      for (const source of ['adversarial', 'procedural:arithmetic', 'llm:sim']) {
        const line = { messages: [{ role: 'user', content: c.prompt }, { role: 'assistant', content: c.golden }], source } as TrainingLine;
        if (!admitLine(line, guard).admitted) continue;
        admitted++;
        expect([c.prompt, c.golden]).toEqual([c.prompt, c.right]);
      }
    }
    expect(admitted).toBeGreaterThan(100);
  });
});
