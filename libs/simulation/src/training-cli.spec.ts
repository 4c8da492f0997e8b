import { describe, expect, it } from '@jest/globals';
import { parseTrainingCli } from './training-cli.js';

describe('parseTrainingCli', () => {
  it('derives folders from --base-dir and reads the numbers', () => {
    const options = parseTrainingCli(['train', '--base-dir', 'runs/a', '--save-steps', '20', '--regress-at-step', '100'], '/srv');
    expect(options).toMatchObject({
      checkpointsDir: '/srv/runs/a/current_model',
      statusDir: '/srv/runs/a/status',
      saveSteps: 20,
      loggingSteps: 10,
      maxSteps: 1000,
      everySeconds: 5,
      curve: { regressAtStep: 100, regressionFactor: 1.3, decaySteps: 400 },
    });
    const slow = parseTrainingCli(['train', '--base-dir', 'runs/a', '--decay-steps', '6000'], '/srv');
    expect(slow !== 'help' && slow.curve).toEqual({ initial: 2.2, floor: 0.45, decaySteps: 6000, regressAtStep: undefined, regressionFactor: 1.3 });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseTrainingCli(['train', '--base-dir', 'x', '--every', 'soon'])).toThrow(/--every: expected a number/);
    expect(() => parseTrainingCli(['train'])).toThrow(/--base-dir is required/);
    expect(() => parseTrainingCli(['serve', '--base-dir', 'x'])).toThrow(/expected the command "train"/);
  });
});
