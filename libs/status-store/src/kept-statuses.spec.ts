import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { readChampionAndDeployed } from './kept-statuses.js';
import { createStatusStore } from './status-store.js';

const NOW = new Date('2026-05-01T00:00:00.000Z');

describe('readChampionAndDeployed', () => {
  it('reads the champion and what serves (serving before the attempted checkpoint), null when not written', async () => {
    const { dir, remove } = await tempDir('kept');
    try {
      const store = createStatusStore({ statusDir: dir, run: 'kept', now: () => NOW });
      expect(await readChampionAndDeployed(store)).toEqual({ champion: null, deployed: null, rejected: [] });
      await store.write('deployment', { checkpoint: 'checkpoint-300', deployed_at: NOW.toISOString(), score: 0.7, success: false, serving: 'checkpoint-200' });
      await store.write('champion', {
        champion: 'checkpoint-200', step: 200, score: 0.7, promoted_at: NOW.toISOString(), previous: null, how: 'first', evidence: null, reason: 'first', history: [], rejected: ['checkpoint-300'],
      });
      expect(await readChampionAndDeployed(store)).toEqual({ champion: 'checkpoint-200', deployed: 'checkpoint-200', rejected: ['checkpoint-300'] });
    } finally {
      await remove();
    }
  });
});
