// Gateway traffic recorded by a real tracker and saved the way apps/gateway saves it, for the
// performance routes' and /metrics' tests. The figures each test expects are worked out in
// the comments below from these calls alone.
import {
  createPerformanceTracker,
  performanceFilePath,
  writeTrackerSnapshot,
  type BlacklistPolicy,
  type PerformanceTracker,
  type Upstream,
} from '@flywheel/gateway';

/** The gateway's clock when it saves the snapshot. */
export const SAVED_AT = new Date('2026-11-25T10:00:00.000Z');
export const POLICY: BlacklistPolicy = { failures: 3, baseMs: 3_600_000 };
/** As in config `gateway.upstreams`: the deployed server first; "base" is cheaper. */
export const UPSTREAMS: Upstream[] = [
  { name: 'deployed', baseUrl: 'http://127.0.0.1:8391', costPerMillionTokens: 2 },
  { name: 'base', baseUrl: 'http://127.0.0.1:8000', costPerMillionTokens: 0.5 },
];

/**
 * - deployed: chat, 1 failure then 4 successes of 250 ms, each 10 prompt + 20 completion
 *   tokens in 200 ms → 5 requests, success rate 4/5 = 0.8, p50 = p95 = p99 = 250 ms (one
 *   value), 80 tokens in 0.8 s = 100 tokens/s, not blacklisted; rated good (1) and bad (0,
 *   corrected) → feedback mean 0.5.
 * - base: completion 2 successes of 40 ms, chat 1 success of 40 ms then 3 failures at
 *   SAVED_AT → 6 requests, success rate 3/6 = 0.5, every quantile 40 ms, blacklisted until
 *   SAVED_AT + 1 h (3 consecutive failures); one unrated score 0.75.
 */
export function recordTraffic(tracker: PerformanceTracker): void {
  tracker.recordAttempt({ model: 'deployed', kind: 'chat', outcome: 'failure', latencyMs: 5 });
  for (let i = 0; i < 4; i++) {
    tracker.recordAttempt({ model: 'deployed', kind: 'chat', outcome: 'success', latencyMs: 250, promptTokens: 10, completionTokens: 20, generationMs: 200 });
  }
  tracker.recordAttempt({ model: 'base', kind: 'completion', outcome: 'success', latencyMs: 40 });
  tracker.recordAttempt({ model: 'base', kind: 'completion', outcome: 'success', latencyMs: 40 });
  tracker.recordAttempt({ model: 'base', kind: 'chat', outcome: 'success', latencyMs: 40 });
  for (let i = 0; i < 3; i++) tracker.recordAttempt({ model: 'base', kind: 'chat', outcome: 'failure', latencyMs: 300 });
  // Seed 003's dimensions on deployed's ratings: relevance 5 and 2 (mean 3.5), creativity 4.
  tracker.recordFeedback({ model: 'deployed', request_id: 'r1', score: 1, rating: 'good', corrected: false, at: '2026-11-25T09:59:00.000Z', dimensions: { relevance: 5, creativity: 4 } });
  tracker.recordFeedback({ model: 'deployed', request_id: 'r2', score: 0, rating: 'bad', corrected: true, at: '2026-11-25T09:59:30.000Z', dimensions: { relevance: 2 } });
  tracker.recordFeedback({ model: 'base', request_id: 'r3', score: 0.75, rating: null, corrected: false, at: '2026-11-25T09:58:00.000Z' });
}

/** A live gateway tracker with `recordTraffic`, its clock `clock()` (epoch ms). */
export function liveTracker(clock: () => number = () => SAVED_AT.getTime()): PerformanceTracker {
  const tracker = createPerformanceTracker({ policy: POLICY, now: clock });
  recordTraffic(tracker);
  return tracker;
}

/** Saves `recordTraffic` at SAVED_AT to `<statusDir>/gateway_performance.json` with libs/gateway's writer. */
export async function writeGatewaySnapshot(statusDir: string): Promise<string> {
  const file = performanceFilePath(statusDir);
  await writeTrackerSnapshot(file, liveTracker().snapshot());
  return file;
}
