// A pass in which every candidate line is refused, on real folders: the held-out split is
// larger than the contamination index holds, so no line can be checked. No batch file is
// written (an empty one would count towards --min-files), the refusals are kept with their
// reason under their own kind, data_generation.json says so per batch, and the next pass —
// once data/validation is small enough — writes a batch again and tells an overlap apart.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { STATUS_FILES } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataGenerationProcessor } from './data-generation.daemon.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
/** One held-out question of 4,000,004 tokens: 4,000,001 four-token positions, one more than the index's 4,000,000. */
const HUGE = { id: 'huge', prompt: 'w '.repeat(4_000_004), golden: 'x' };
const OVERFLOW = 'not checked for contamination: the held-out split (1 questions, 4000001 4-token positions) is larger than the index holds (4000000 positions, 1048575 questions); shrink data/validation';

describe('dataGenerationProcessor when every candidate is refused', () => {
  it('writes no batch, keeps and counts the refusals as contamination_check_unavailable, and the next pass works', async () => {
    const { dir, remove } = await tempDir('datagen-all-refused');
    try {
      const config = loadConfig({ argv: ['--base-dir', dir, '--min-files', '1', '--set', 'generation.batchSize=5', '--set', 'generation.adversarialShare=0.2'], env: {}, cwd: dir });
      const logger = createLogger({ name: 'data-generation', logsDir: config.paths.logsDir, level: 'info', stdout: false });
      const context = { config, logger, statusStore: createStatusStore({ statusDir: config.paths.statusDir, run: config.run, logger }), redis: null, jobId: 't', now: () => NOW };
      const data = config.paths.dataDir;
      const validation = path.join(data, 'validation');
      const normal = path.join(config.paths.queueDir, 'normal');
      const rejected = path.join(config.paths.queueDir, 'rejected');
      for (const sub of [validation, path.join(data, 'adversarial_examples'), config.paths.statusDir]) await mkdir(sub, { recursive: true });
      await writeFile(path.join(validation, 'huge.jsonl'), jsonl([HUGE]));
      // A hard example that does overlap the held-out question of the second pass.
      await writeFile(path.join(data, 'adversarial_examples', 'hard_examples_20261124.jsonl'), jsonl([
        { prompt: 'Quick: what is 12 + 6?\nAnswer with the number only.', golden: '18', difficulty: 'easy', skill: 'arithmetic', generator: 'template' },
      ]));
      const readStatus = async () => JSON.parse(await readFile(path.join(config.paths.statusDir, 'data_generation.json'), 'utf8')) as Record<string, any>;

      // Pass 1: 5 candidates (1 hard example + 4 procedural), all refused; one round, as a top-up would be refused too.
      await dataGenerationProcessor({ kind: 'manual', requestedBy: 'test' }, context);
      expect((await readdir(normal)).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
      expect(await readdir(rejected)).toEqual(['batch_0_random_mix_nothing_admitted.rejected.jsonl']);
      const kept = (await readFile(path.join(rejected, 'batch_0_random_mix_nothing_admitted.rejected.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; reason: string });
      expect(kept.map((r) => [r.kind, r.reason])).toEqual(Array.from({ length: 5 }, () => ['contamination_check_unavailable', OVERFLOW]));
      let status = await readStatus();
      expect(status['files_written']).toEqual([]);
      expect(status['batches']).toEqual([{ file: null, requested: 5, written: 0, refused: 5, rounds: 1 }]);
      expect(status['admission']).toEqual({ checked: 5, admitted: 0, redacted: 0, refused: { contaminated: 0, contamination_check_unavailable: 5, golden_wrong: 0, unverified: 0 }, unverified_reasons: {} });
      expect(status['contamination']).toMatchObject({ held_out_examples: 1, runs_indexed: 0, available: false, unavailable_reason: OVERFLOW });
      expect(status['refused_examples']).toHaveLength(5);
      expect(status['refused_examples'][0]).toEqual({ file: 'batch_0_random_mix_nothing_admitted', kind: 'contamination_check_unavailable', reason: OVERFLOW });
      expect(STATUS_FILES.data_generation.schema.safeParse(status).success).toBe(true);

      // Pass 2, the split shrunk: the hard example overlaps it (contaminated, not "unavailable"),
      // 4 procedural lines are admitted, and a second round of 1 fills the batch.
      await rm(path.join(validation, 'huge.jsonl'));
      await writeFile(path.join(validation, 'v.jsonl'), jsonl([{ id: 'v1', prompt: 'What is 12 + 6?\nAnswer with the number only.\n', golden: '18' }]));
      await dataGenerationProcessor({ kind: 'manual', requestedBy: 'test' }, context);
      const [batch, ...more] = (await readdir(normal)).filter((f) => f.endsWith('.jsonl'));
      expect(more).toEqual([]);
      expect((await readFile(path.join(normal, batch!), 'utf8')).trim().split('\n')).toHaveLength(5);
      status = await readStatus();
      expect(status['batches']).toEqual([{ file: batch, requested: 5, written: 5, refused: 1, rounds: 2 }]);
      expect(status['admission']['refused']).toEqual({ contaminated: 1, contamination_check_unavailable: 0, golden_wrong: 0, unverified: 0 });
      expect(status['contamination']).toMatchObject({ held_out_examples: 1, available: true, unavailable_reason: null });
      expect(status['refused_examples']).toEqual([{ file: batch, kind: 'contaminated', reason: 'shares "what is 12 + 6 answer with the number only" with held-out example v1 (13-gram check)' }]);
    } finally {
      await remove();
    }
  }, 60_000);
});
