import { describe, expect, it } from '@jest/globals';
import { PINS_FILE } from '@flywheel/contracts';
import { readProtection } from '@flywheel/sync';
import { tempDir } from '@flywheel/testing';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createPinsStore } from './pins-store.js';

describe('createPinsStore', () => {
  it('writes the pins file the sync daemon reads, stamped, and leaves it alone when nothing changes', async () => {
    const { dir, remove } = await tempDir('pins');
    try {
      const pins = createPinsStore(dir, () => new Date('2026-06-01T00:00:00.000Z'));
      expect(await pins.list()).toEqual([]);
      expect(await pins.set('checkpoint-5', false)).toEqual({ changed: false, pins: [] });
      expect(await pins.set('checkpoint-5', true)).toEqual({ changed: true, pins: ['checkpoint-5'] });
      expect(JSON.parse(await readFile(path.join(dir, PINS_FILE), 'utf8'))).toEqual({ pinned: ['checkpoint-5'], updated_at: '2026-06-01T00:00:00.000Z' });
      expect(await readProtection(dir, '')).toEqual({ champion: null, deployed: null, best: null, pinned: ['checkpoint-5'], unreadable: [] });
    } finally {
      await remove();
    }
  });

  it('refuses to work from a pins file it cannot read, naming it (pruning on a misread list could delete a pinned checkpoint)', async () => {
    const { dir, remove } = await tempDir('pins-bad');
    try {
      const file = path.join(dir, PINS_FILE);
      await writeFile(file, '{"pinned": "checkpoint-5"}');
      await expect(createPinsStore(dir).set('checkpoint-6', true)).rejects.toThrow(`${PINS_FILE}: "pinned" must be an array of checkpoint names`);
      // The sync daemon does not throw: it lists the file as unreadable and prunes nothing.
      expect((await readProtection(dir, '')).unreadable).toEqual([`${PINS_FILE}: "pinned" must be an array of checkpoint names`]);
      await writeFile(file, '{"pinned": [');
      expect((await readProtection(dir, '')).unreadable).toEqual([expect.stringMatching(`^${PINS_FILE}: not valid JSON`)]);
    } finally {
      await remove();
    }
  });
});
