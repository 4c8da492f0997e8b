import { afterAll, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseServeCli } from './serve-cli.js';

const dirs: { remove(): Promise<void> }[] = [];
afterAll(() => Promise.all(dirs.map((d) => d.remove())));

describe('parseServeCli', () => {
  it('reads the flags and the examples, listing bad lines with file and line', async () => {
    const dir = await tempDir('serve');
    dirs.push(dir);
    const file = path.join(dir.dir, 'v.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'a', prompt: 'Q', golden: 'A', difficulty: 'easy', skill: 's' }),
      '{oops',
      JSON.stringify({ id: 'b', prompt: 'Q', golden: 'A', difficulty: 'easy' }),
    ].join('\n'));
    const options = parseServeCli(['serve', '--examples', dir.dir, '--port', '8123', '--calibration', 'overconfident', '--regress-at-step', '600', '--max-concurrency', '8', '--token-ms', '2']);
    expect(options).toMatchObject({
      port: 8123, calibration: 'overconfident', curve: { regressAtStep: 600, regressionFactor: 0.6 },
      serviceTime: { maxConcurrency: 8, baseMs: 0, promptTokenMs: 0, tokenMs: 2 },
    });
    if (options === 'help') throw new Error('unexpected help');
    expect(options.examples.map((e) => e.id)).toEqual(['a']);
    expect(options.skipped).toHaveLength(2);
    expect(options.skipped[0]).toMatch(new RegExp(`^${file}:2: not JSON`));
    expect(options.skipped[1]).toMatch(new RegExp(`^${file}:3: `));
    // No --decay-steps: the curve keeps the default pace (the server fills it from DEFAULT_SKILL_CURVE).
    expect((options.curve as Record<string, unknown>)['decaySteps']).toBeUndefined();
    const slow = parseServeCli(['serve', '--examples', dir.dir, '--decay-steps', '6000']);
    expect(slow !== 'help' && slow.curve).toEqual({ regressAtStep: undefined, regressionFactor: 0.6, decaySteps: 6000 });
    expect(() => parseServeCli(['serve', '--examples', dir.dir, '--decay-steps', '0'])).toThrow(/--decay-steps: expected a number from 1/);
  });
  it('names the flag that is wrong', () => {
    expect(() => parseServeCli(['serve'])).toThrow(/--examples is required/);
    expect(() => parseServeCli(['serve', '--examples', '/nonexistent'])).toThrow('--examples: cannot read /nonexistent (ENOENT)');
    expect(() => parseServeCli(['serve', '--examples', '.', '--calibration', 'perfect'])).toThrow(/--calibration: expected/);
    expect(() => parseServeCli(['serve', '--examples', '.', '--regression-factor', '2'])).toThrow(/--regression-factor: expected a number from 0 to 1/);
  });
});
