import type { Difficulty } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { seededRandom } from '@flywheel/statistics';
import { arithmetic, syllogism, wordProblem } from './procedural-generators.js';

const levels: Difficulty[] = ['easy', 'medium', 'hard'];

describe('procedural generators: goldens recomputed from the task', () => {
  it('arithmetic', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 300; i++) {
      const t = arithmetic(levels[i % 3]!, random);
      // Recompute from the prompt text itself: replace × and − and evaluate the numbers.
      const [a, b, c, d] = (t.prompt.match(/\d+/g) ?? []).map(Number);
      const expected = t.params['op'] === 'add' ? a! + b! : t.params['op'] === 'mul' ? a! * b! : (a! - b!) * c! + d!;
      expect(t.golden).toBe(String(expected));
    }
  });
  it('word problems', () => {
    const random = seededRandom(2);
    for (let i = 0; i < 300; i++) {
      const t = wordProblem(levels[i % 3]!, random);
      const { start, got, gave, groups } = t.params as Record<string, number>;
      const expected = t.difficulty === 'easy' ? start! + got! : t.difficulty === 'medium' ? start! + got! - gave! : ((start! + got! - gave!) * groups!) / (groups! * 2);
      expect(Number(t.golden)).toBeCloseTo(expected, 10);
      expect(Number(t.golden)).toBeGreaterThan(0);
    }
  });
  it('syllogisms: yes exactly when the chain leads from subject to object', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 300; i++) {
      const t = syllogism(levels[i % 3]!, random);
      // Recompute from the premises: follow "All X are Y" links from the subject.
      const links = new Map([...t.prompt.matchAll(/All (\w+) are (\w+)\./g)].map((m) => [m[1]!, m[2]!]));
      const ask = /all (\w+) are (\w+)\? /.exec(t.prompt)!;
      let at: string | undefined = ask[1];
      let reaches = false;
      while (at && links.has(at)) {
        at = links.get(at);
        if (at === ask[2]) reaches = true;
      }
      expect(t.golden).toBe(reaches ? 'yes' : 'no');
    }
  });
});
