import { tempDir } from '@flywheel/testing';
import { describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { quantile } from './latency-histogram.js';
import { performanceFilePath, readTrackerSnapshot, writeTrackerSnapshot } from './performance-file.js';
import { createPerformanceTracker } from './performance-tracker.js';

const HOUR = 3_600_000;

function trackerAt(start = 1_000_000) {
  const clock = { now: start };
  return { clock, tracker: createPerformanceTracker({ policy: { failures: 3, baseMs: HOUR }, now: () => clock.now }) };
}

describe('performance tracker', () => {
  it('counts per model and kind; client errors touch neither success rate nor blacklist', () => {
    const { tracker } = trackerAt();
    tracker.recordAttempt({ model: 'a', kind: 'chat', outcome: 'success', latencyMs: 100, promptTokens: 10, completionTokens: 50, generationMs: 500 });
    tracker.recordAttempt({ model: 'a', kind: 'chat', outcome: 'success', latencyMs: 300, promptTokens: 10, completionTokens: 150, generationMs: 1500 });
    tracker.recordAttempt({ model: 'a', kind: 'chat', outcome: 'failure', latencyMs: 5 });
    tracker.recordAttempt({ model: 'a', kind: 'completion', outcome: 'client_error', latencyMs: 2 });
    const chat = tracker.stats('a', 'chat');
    expect(chat).toMatchObject({ requests: 3, successes: 2, failures: 1, clientErrors: 0, promptTokens: 20, completionTokens: 200, timedTokens: 200, generationMs: 2000 });
    // Only successful attempts are timed: p50 of {100, 300} is 100 (nearest rank), within 1 %.
    expect(Math.abs(quantile(chat.latency, 0.5)! - 100)).toBeLessThanOrEqual(1);
    expect(tracker.stats('a', 'completion')).toMatchObject({ requests: 1, clientErrors: 1, successes: 0, failures: 0 });
    expect(tracker.stats('a')).toMatchObject({ requests: 4, successes: 2, failures: 1, clientErrors: 1 });
    expect(tracker.health('a').consecutiveFailures).toBe(1);
    expect(tracker.stats('unknown').requests).toBe(0);
  });

  it('blacklists after 3 failures in a row on its clock and lets the model back when the hour is over', () => {
    const { clock, tracker } = trackerAt();
    for (let i = 0; i < 3; i++) tracker.recordAttempt({ model: 'a', kind: 'chat', outcome: 'failure', latencyMs: 1 });
    expect(tracker.isBlacklisted('a')).toBe(true);
    clock.now += HOUR;
    expect(tracker.isBlacklisted('a')).toBe(false);
    tracker.recordAttempt({ model: 'a', kind: 'completion', outcome: 'success', latencyMs: 1 });
    expect(tracker.health('a')).toEqual({ consecutiveFailures: 0, blacklistedUntil: null });
  });

  it('keeps feedback as a mean and the newest evaluations first, and refuses a score outside [0, 1]', () => {
    const { clock, tracker } = trackerAt();
    tracker.recordFeedback({ model: 'a', request_id: 'r1', score: 1, rating: 'good', corrected: false });
    clock.now += 1000;
    tracker.recordFeedback({ model: 'a', request_id: 'r2', score: 0, rating: 'bad', corrected: true });
    expect(tracker.feedback('a')).toEqual({ count: 2, mean: 0.5 });
    expect(tracker.evaluations('a').map((e) => e.request_id)).toEqual(['r2', 'r1']);
    expect(tracker.feedback('b')).toEqual({ count: 0, mean: null });
    expect(() => tracker.recordFeedback({ model: 'a', request_id: null, score: 5, rating: null, corrected: false })).toThrow('[0, 1]');
  });

  it('sums each dimension apart, and reads a snapshot from before dimensions existed', () => {
    const { tracker } = trackerAt();
    tracker.recordFeedback({ model: 'a', request_id: '1', score: 1, rating: 'good', corrected: false, dimensions: { relevance: 5, creativity: 4 } });
    tracker.recordFeedback({ model: 'a', request_id: '2', score: 0, rating: 'bad', corrected: false, dimensions: { relevance: 2 } });
    tracker.recordFeedback({ model: 'b', request_id: '3', score: 0, rating: 'bad', corrected: false, dimensions: { relevance: 1, overall: 1 } });
    tracker.recordFeedback({ model: 'b', request_id: '4', score: 1, rating: 'good', corrected: false });
    // a: relevance (5 + 2) / 2 = 3.5, creativity 4; all: relevance (5 + 2 + 1) / 3, overall 1.
    expect(tracker.dimensionFeedback('a')).toEqual({ relevance: { count: 2, mean: 3.5 }, creativity: { count: 1, mean: 4 } });
    expect(tracker.dimensionFeedback()).toEqual({ relevance: { count: 3, mean: 8 / 3 }, creativity: { count: 1, mean: 4 }, overall: { count: 1, mean: 1 } });
    expect(tracker.dimensionFeedback('nobody')).toEqual({});
    const old = tracker.snapshot();
    for (const model of Object.values(old.models)) delete model.dimensions;
    const { tracker: restored } = trackerAt();
    restored.restore(old);
    expect(restored.dimensionFeedback()).toEqual({});
    expect(restored.feedback('b')).toEqual({ count: 2, mean: 0.5 });
  });

  it('survives a restart through the status folder file', async () => {
    const { dir, remove } = await tempDir('gateway-tracker');
    try {
      const { tracker } = trackerAt();
      tracker.recordAttempt({ model: 'a', kind: 'chat', outcome: 'success', latencyMs: 42, completionTokens: 3, generationMs: 30 });
      for (let i = 0; i < 3; i++) tracker.recordAttempt({ model: 'b', kind: 'completion', outcome: 'failure', latencyMs: 1 });
      tracker.recordFeedback({ model: 'a', request_id: 'r', score: 0.75, rating: 'good', corrected: false });
      tracker.recordFeedback({ model: 'a', request_id: 's', score: 0.5, rating: 'good', corrected: false, dimensions: { creativity: 2, helpfulness: 4 } });
      tracker.setFeedbackCursor('1700000000000-0');
      const file = performanceFilePath(dir);
      expect(path.basename(file)).toBe('gateway_performance.json');
      await writeTrackerSnapshot(file, tracker.snapshot());

      const { tracker: restarted } = trackerAt();
      expect(await readTrackerSnapshot(path.join(dir, 'missing.json'))).toBeNull();
      restarted.restore((await readTrackerSnapshot(file))!);
      expect(restarted.snapshot()).toEqual(tracker.snapshot());
      expect(restarted.isBlacklisted('b')).toBe(true);
      expect(restarted.feedbackCursor()).toBe('1700000000000-0');
      expect(restarted.dimensionFeedback('a')).toEqual({ helpfulness: { count: 1, mean: 4 }, creativity: { count: 1, mean: 2 } });
    } finally {
      await remove();
    }
  });

  it('names the file and the field of a bad snapshot', async () => {
    const { dir, remove } = await tempDir('gateway-tracker');
    try {
      const file = path.join(dir, 'gateway_performance.json');
      await writeFile(file, '{"version":1,');
      await expect(readTrackerSnapshot(file)).rejects.toThrow(`${file}: not JSON`);
      await writeFile(file, JSON.stringify({ version: 1, saved_at: 'x', feedback_cursor: '0', models: { a: { consecutive_failures: -1 } } }));
      await expect(readTrackerSnapshot(file)).rejects.toThrow(`${file}: models.a.consecutive_failures:`);
    } finally {
      await remove();
    }
  });

  it('counts the image, audio and video kinds apart, and reads a file from before they existed', async () => {
    const { dir, remove } = await tempDir('gateway-tracker');
    try {
      const { tracker } = trackerAt();
      tracker.recordAttempt({ model: 'art', kind: 'image', outcome: 'success', latencyMs: 800 });
      tracker.recordAttempt({ model: 'art', kind: 'image', outcome: 'failure', latencyMs: 5 });
      tracker.recordAttempt({ model: 'art', kind: 'video', outcome: 'client_error', latencyMs: 2 });
      tracker.recordAttempt({ model: 'art', kind: 'audio', outcome: 'success', latencyMs: 300 });
      expect(tracker.stats('art', 'image')).toMatchObject({ requests: 2, successes: 1, failures: 1, clientErrors: 0 });
      expect(tracker.stats('art', 'video')).toMatchObject({ requests: 1, successes: 0, failures: 0, clientErrors: 1 });
      expect(tracker.stats('art', 'chat')).toMatchObject({ requests: 0 });
      // Overall: 4 requests, 2 answered (800 and 300 ms).
      expect(tracker.stats('art')).toMatchObject({ requests: 4, successes: 2, failures: 1, clientErrors: 1 });
      expect(tracker.stats('art').latency.count).toBe(2);

      // A file written before the new kinds: chat and completion only.
      const file = path.join(dir, 'gateway_performance.json');
      const saved = tracker.snapshot();
      const { image: _i, audio: _a, video: _v, ...textKinds } = saved.models['art']!.kinds;
      await writeFile(file, JSON.stringify({ ...saved, models: { art: { ...saved.models['art'], kinds: textKinds } } }));
      const { tracker: restarted } = trackerAt();
      restarted.restore((await readTrackerSnapshot(file))!);
      expect(restarted.stats('art', 'image')).toMatchObject({ requests: 0, successes: 0 });
      expect(restarted.stats('art', 'chat')).toMatchObject({ requests: 0 });
      restarted.recordAttempt({ model: 'art', kind: 'audio', outcome: 'success', latencyMs: 10 });
      expect(restarted.stats('art', 'audio')).toMatchObject({ requests: 1, successes: 1 });
    } finally {
      await remove();
    }
  });
});
