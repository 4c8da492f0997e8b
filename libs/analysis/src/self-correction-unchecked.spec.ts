// self-correction on real folders when the held-out split is too large to index: the queued
// lines cannot be checked for contamination, and the status says so (rather than reporting 0
// contaminated as if they had been checked); the lines stay queued.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { createLogger } from '@flywheel/logging';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { selfCorrectionProcessor } from './self-correction.daemon.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
/** 4,000,004 tokens: 4,000,001 four-token positions, one past the index's bound. */
const OVERFLOW = 'not checked for contamination: the held-out split (1 questions, 4000001 4-token positions) is larger than the index holds (4000000 positions, 1048575 questions); shrink data/validation';

describe('selfCorrectionProcessor without a contamination check', () => {
  it('reports the check unavailable, with the reason, and leaves the queue alone', async () => {
    const { dir, remove } = await tempDir('self-correction-unchecked');
    try {
      const config = loadConfig({ argv: ['--base-dir', dir], env: {}, cwd: dir });
      const logger = createLogger({ name: 'self-correction', logsDir: config.paths.logsDir, level: 'info', stdout: false });
      const context = { config, logger, statusStore: createStatusStore({ statusDir: config.paths.statusDir, run: config.run, logger }), redis: null, jobId: 't', now: () => NOW };
      const validation = path.join(config.paths.dataDir, 'validation');
      const normal = path.join(config.paths.queueDir, 'normal');
      for (const d of [validation, normal, config.paths.statusDir]) await mkdir(d, { recursive: true });
      await writeFile(path.join(validation, 'huge.jsonl'), JSON.stringify({ id: 'huge', prompt: 'w '.repeat(4_000_004), golden: 'x' }) + '\n');
      const queued = JSON.stringify({ messages: [{ role: 'user', content: 'What is 2 + 2?' }, { role: 'assistant', content: '4' }], source: 'pool' }) + '\n';
      await writeFile(path.join(normal, 'batch_a.jsonl'), queued);

      await selfCorrectionProcessor({ kind: 'manual', requestedBy: 'test' }, context);

      const status = JSON.parse(await readFile(path.join(config.paths.statusDir, 'self_correction.json'), 'utf8')) as Record<string, any>;
      expect(status['contamination']).toEqual({ held_out: 'data/validation', held_out_examples: 1, n: 13, available: false, unavailable_reason: OVERFLOW });
      expect(status['contaminated']).toBe(0);
      expect(status['errors']).toContainEqual({ source: validation, message: OVERFLOW });
      expect(await readdir(normal)).toEqual(['batch_a.jsonl']);
      expect(await readFile(path.join(normal, 'batch_a.jsonl'), 'utf8')).toBe(queued);
    } finally {
      await remove();
    }
  }, 60_000);
});
