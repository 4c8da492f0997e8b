import { describe, expect, it } from '@jest/globals';
import type { CanaryStatus } from '@flywheel/contracts';
import { createCanarySplit } from './canary-split.js';

const canary = (state: CanaryStatus['state']): CanaryStatus => ({
  last_update: '2026-01-01T00:00:00Z', schema_version: 1, state, canary: 'checkpoint-200', champion: 'checkpoint-100',
  canary_model: 'checkpoint-200', champion_model: 'checkpoint-100', share: 0.25, started_at: '2026-01-01T00:00:00Z', decided_at: null,
  pairs: 0, looks: 0, last_verdict: null, history: [],
});

/** A split over a fixed state, with draws taken in turn from `draws`. */
async function split(state: { canary: CanaryStatus | null; champion: string | null }, draws: number[] = [0.1]) {
  let i = 0;
  const s = createCanarySplit({ upstream: 'deployed', read: async () => state, random: () => draws[i++ % draws.length]! });
  await s.refresh();
  s.stop();
  return s;
}

describe('createCanarySplit', () => {
  it('sends a draw below the share to the canary, the rest to the champion, and only for the deployed upstream', async () => {
    const s = await split({ canary: canary('running'), champion: 'checkpoint-100' }, [0.2499, 0.25, 0.9]);
    expect(s.choose('deployed')).toEqual({ arm: 'canary', model: 'checkpoint-200', checkpoint: 'checkpoint-200' });
    expect(s.choose('deployed')).toEqual({ arm: 'champion', model: 'checkpoint-100', checkpoint: 'checkpoint-100' });
    expect(s.choose('deployed')).toMatchObject({ arm: 'champion' });
    expect(s.choose('fallback')).toBeNull();
  });

  it('sends everything to the winner once decided, while the winner is the champion', async () => {
    expect((await split({ canary: canary('promoted'), champion: 'checkpoint-200' }, [0.9])).choose('deployed')).toMatchObject({ arm: 'canary', model: 'checkpoint-200' });
    expect((await split({ canary: canary('rolled_back'), champion: 'checkpoint-100' }, [0.0])).choose('deployed')).toMatchObject({ arm: 'champion', model: 'checkpoint-100' });
    // A later deployment made another champion: the old canary.json no longer routes anything.
    expect((await split({ canary: canary('promoted'), champion: 'checkpoint-300' })).choose('deployed')).toBeNull();
  });

  it('routes nothing without canary.json, and keeps the last state when a read fails', async () => {
    expect((await split({ canary: null, champion: 'checkpoint-100' })).choose('deployed')).toBeNull();
    let fail = false;
    const errors: unknown[] = [];
    const s = createCanarySplit({
      upstream: 'deployed', random: () => 0,
      read: async () => {
        if (fail) throw new Error('redis gone');
        return { canary: canary('running'), champion: 'checkpoint-100' };
      },
      onError: (e) => errors.push(e),
    });
    await s.refresh();
    fail = true;
    await s.refresh();
    s.stop();
    expect(errors).toHaveLength(1);
    expect(s.choose('deployed')).toMatchObject({ arm: 'canary' });
  });
});
