import { describe, expect, it } from '@jest/globals';
import { modelsToTry } from './model-ranking.js';
import { createPerformanceTracker } from './performance-tracker.js';
import { typesOf, upstreamsFor, upstreamsFromConfig, type Upstream } from './upstreams.js';

const HOUR = 3_600_000;
// deployed: text by default; painter: image; mixer: text and audio; voice: audio; studio: image and video.
const upstreams: Upstream[] = [
  { name: 'deployed', baseUrl: 'http://a' },
  { name: 'painter', baseUrl: 'http://b', types: ['image'] },
  { name: 'mixer', baseUrl: 'http://c', types: ['text', 'audio'], costPerMillionTokens: 5 },
  { name: 'voice', baseUrl: 'http://d', types: ['audio'], costPerMillionTokens: 1 },
  { name: 'studio', baseUrl: 'http://e', types: ['image', 'video'] },
];
const names = (list: readonly Upstream[]) => list.map((u) => u.name);

describe('routing by conversation type', () => {
  it('an upstream without types serves text only; the deployed fallback too', () => {
    expect(typesOf(upstreams[0]!)).toEqual(['text']);
    expect(typesOf(upstreams[4]!)).toEqual(['image', 'video']);
    const [deployed] = upstreamsFromConfig({ gateway: { upstreams: [] } as never, deploy: { port: 8000 } as never });
    expect(typesOf(deployed!)).toEqual(['text']);
  });

  it('takes an upstream\'s per-token price from cost.prices by its name; a GPU-hour price is no per-token price', () => {
    const config = {
      gateway: { upstreams: [{ name: 'api', baseUrl: 'http://a/' }, { name: 'gpu', baseUrl: 'http://g' }, { name: 'other', baseUrl: 'http://o' }] } as never,
      deploy: { port: 8000 } as never,
      cost: { currency: 'USD', prices: [{ model: 'api', per_million_prompt_tokens: 1, per_million_completion_tokens: 3 }, { model: 'gpu', per_gpu_hour: 2, gpus: 1 }] },
    };
    expect(upstreamsFromConfig(config)).toEqual([
      { name: 'api', baseUrl: 'http://a', tokenPrice: { per_million_prompt_tokens: 1, per_million_completion_tokens: 3 } },
      { name: 'gpu', baseUrl: 'http://g' },
      { name: 'other', baseUrl: 'http://o' },
    ]);
  });

  it('takes as candidates only the upstreams serving the kind’s type, in the configured order', () => {
    expect(names(upstreamsFor(upstreams, 'chat'))).toEqual(['deployed', 'mixer']);
    expect(names(upstreamsFor(upstreams, 'completion'))).toEqual(['deployed', 'mixer']);
    expect(names(upstreamsFor(upstreams, 'image'))).toEqual(['painter', 'studio']);
    expect(names(upstreamsFor(upstreams, 'audio'))).toEqual(['mixer', 'voice']);
    expect(names(upstreamsFor(upstreams, 'video'))).toEqual(['studio']);
    expect(names(upstreamsFor(upstreams.slice(0, 3), 'video'))).toEqual([]);
  });

  it('ranks by the criterion within the candidates, and falls back only among them', () => {
    const clock = { now: 0 };
    const tracker = createPerformanceTracker({ policy: { failures: 1, baseMs: HOUR }, now: () => clock.now });
    // cost: voice (1) before mixer (5); the text-only deployed (0, cheapest of all) is no candidate.
    expect(modelsToTry(tracker, upstreamsFor(upstreams, 'audio'), 'cost', 'audio', undefined, 3)).toEqual(['voice', 'mixer']);
    // speed on audio figures: mixer 100 ms, voice 300 ms → mixer first; mixer's 1 ms chats say nothing of audio.
    tracker.recordAttempt({ model: 'voice', kind: 'audio', outcome: 'success', latencyMs: 300 });
    tracker.recordAttempt({ model: 'mixer', kind: 'audio', outcome: 'success', latencyMs: 100 });
    tracker.recordAttempt({ model: 'voice', kind: 'chat', outcome: 'success', latencyMs: 1 });
    expect(modelsToTry(tracker, upstreamsFor(upstreams, 'audio'), 'speed', 'audio', undefined, 3)).toEqual(['mixer', 'voice']);
    // Image: studio is slower than nothing known of painter → studio (with data) first, painter after.
    tracker.recordAttempt({ model: 'studio', kind: 'image', outcome: 'success', latencyMs: 900 });
    expect(modelsToTry(tracker, upstreamsFor(upstreams, 'image'), 'speed', 'image', undefined, 3)).toEqual(['studio', 'painter']);
    // A remembered text model (continuity) is no candidate for an image: ignored.
    expect(modelsToTry(tracker, upstreamsFor(upstreams, 'image'), 'speed', 'image', 'deployed', 3)).toEqual(['studio', 'painter']);
    // Blacklisted (one failure, policy 1): studio drops out of image, leaving painter alone.
    tracker.recordAttempt({ model: 'studio', kind: 'image', outcome: 'failure', latencyMs: 5 });
    expect(modelsToTry(tracker, upstreamsFor(upstreams, 'image'), 'speed', 'image', undefined, 3)).toEqual(['painter']);
    // Video's only candidate is blacklisted: tried anyway rather than refuse, as with any kind.
    expect(modelsToTry(tracker, upstreamsFor(upstreams, 'video'), 'speed', 'video', undefined, 3)).toEqual(['studio']);
  });
});
