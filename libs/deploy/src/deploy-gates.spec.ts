import { describe, expect, it } from '@jest/globals';
import { deployGates } from './deploy-gates.js';

const complete = async () => ({ complete: true });
const comparison = { best_checkpoint: 'checkpoint-2', rankings: [{ checkpoint: 'checkpoint-2', score: 0.8, score_interval: [0.75, 0.85] as [number, number] }, { checkpoint: 'checkpoint-1', score: 0.7 }] };

describe('deployGates', () => {
  it('passes a better, unflagged, complete checkpoint', async () => {
    const result = await deployGates({ comparison, testing: null, regression: null, deployed: 'checkpoint-1', complete });
    expect(result).toMatchObject({ candidate: 'checkpoint-2', pass: true, score: 0.8 });
  });
  it('names the gate that refuses', async () => {
    const failed = async (over: object) => (await deployGates({ comparison, testing: null, regression: null, deployed: 'checkpoint-1', complete, ...over })).checks.filter((c) => !c.pass).map((c) => c.gate);
    expect(await failed({ testing: { checkpoint: 'checkpoint-2', regression_detected: true } })).toEqual(['no regression (automated-testing)']);
    expect(await failed({ regression: { checkpoint: 'checkpoint-2', regression_detected: true } })).toEqual(['no regression (regression-monitor)']);
    expect(await failed({ deployed: 'checkpoint-2' })).toContain('new');
    expect(await failed({ complete: async () => ({ complete: false, reason: 'no weights' }) })).toEqual(['complete']);
    // 0.75 (lower end of the best's interval) is not above 0.78.
    expect(await failed({ comparison: { ...comparison, rankings: [comparison.rankings[0]!, { checkpoint: 'checkpoint-1', score: 0.78 }] } })).toEqual(['better']);
  });
});
