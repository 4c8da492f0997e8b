import { describe, expect, it } from '@jest/globals';
import type { GatewayEvent } from '@flywheel/contracts';
import { judgeCandidates } from './judge-candidates.js';

const request = (id: string, kind: GatewayEvent['kind'], outcome: GatewayEvent['outcome'] = 'success') => ({ event: { id, kind, outcome } });

describe('judgeCandidates', () => {
  it('takes answered chat and completion requests only, the newest maxPerPass', () => {
    const requests = [request('a', 'chat'), request('b', 'image'), request('c', 'completion'), request('d', 'chat', 'error'), request('e', 'audio'), request('f', 'video'), request('g', 'chat')];
    // Rate 1 samples every id: a, c and g are the answered text requests; the newest two of them.
    expect(judgeCandidates(requests, 1, 10).map((r) => r.event.id)).toEqual(['a', 'c', 'g']);
    expect(judgeCandidates(requests, 1, 2).map((r) => r.event.id)).toEqual(['c', 'g']);
    expect(judgeCandidates(requests, 0, 10)).toEqual([]);
  });
});
