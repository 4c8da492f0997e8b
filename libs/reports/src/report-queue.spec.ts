import { describe, expect, it } from '@jest/globals';
import { createReportQueue, ReportsBusyError } from './report-queue.js';
import { MAX_REPORT_STEPS, reportStepProblem } from './report-window.js';

/** A report that finishes when the test says so. */
function held() {
  let finish!: (value: string) => void;
  const promise = new Promise<string>((resolve) => (finish = resolve));
  return { promise, finish };
}

describe('hostile input: PDF reports one at a time (createReportQueue)', () => {
  it('runs one report at a time, in order, and refuses the one past the queue limit', async () => {
    const queue = createReportQueue(2);
    const order: string[] = [];
    const a = held();
    const b = held();
    const c = held();
    const first = queue.run(async () => (order.push('a start'), a.promise));
    const second = queue.run(async () => (order.push('b start'), b.promise));
    const third = queue.run(async () => (order.push('c start'), c.promise));
    // One running, two waiting: a fourth is refused at once.
    await expect(queue.run(async () => 'd')).rejects.toEqual(new ReportsBusyError(2));
    expect(queue.size).toBe(3);
    await Promise.resolve();
    expect(order).toEqual(['a start']);
    a.finish('A');
    await expect(first).resolves.toBe('A');
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(['a start', 'b start']);
    b.finish('B');
    c.finish('C');
    await expect(Promise.all([second, third])).resolves.toEqual(['B', 'C']);
    await new Promise((r) => setImmediate(r));
    expect(queue.size).toBe(0);
  });

  it('a failed report frees its place and does not fail the next', async () => {
    const queue = createReportQueue(0);
    await expect(queue.run(async () => { throw new Error('no redis'); })).rejects.toThrow('no redis');
    await new Promise((r) => setImmediate(r));
    await expect(queue.run(async () => 'ok')).resolves.toBe('ok');
  });
});

describe('reportStepProblem', () => {
  it('accepts the defaults and up to the bound, refuses finer steps naming the smallest that fits', () => {
    expect(reportStepProblem(86_400, 1_800)).toBeNull();
    // 24 h at 30 s is exactly 2,880 passes.
    expect(reportStepProblem(86_400, 30)).toBeNull();
    expect(MAX_REPORT_STEPS).toBe(2_880);
    // 31 d at 1 ms (the request): 2,678,400,000 passes; the smallest step is 2,678,400 / 2,880 = 930 s.
    expect(reportStepProblem(31 * 86_400, 0.001)).toBe(
      'step: 2678400 s / 0.001 s is 2678400000 passes, more than the 2880 a report replays; use a step of at least 930 s',
    );
    expect(reportStepProblem(60, 120)).toBe('step (120 s) must not exceed since (60 s)');
  });
});
