// The data-generation daemon function on real folders: every line it writes into queue/normal/
// passed the queue admission (redaction, the held-out contamination check, the golden check);
// what was refused is in queue/rejected/ with its reason, and status/data_generation.json counts it.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { STATUS_FILES, TrainingLine } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataGenerationProcessor } from './data-generation.daemon.js';
import { isGenerated } from './admission/admit-line.js';
import { verifyGolden } from './verify/verify-golden.js';

const NOW = new Date('2026-11-24T10:00:00.000Z');
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('dataGenerationProcessor admission', () => {
  it('writes only admitted lines, keeps the refused ones with reasons, and counts them', async () => {
    const { dir, remove } = await tempDir('datagen-admission');
    try {
      const config = loadConfig({ argv: ['--base-dir', dir, '--min-files', '1'], env: {}, cwd: dir });
      const logger = createLogger({ name: 'data-generation', logsDir: config.paths.logsDir, level: 'info', stdout: false });
      const context = { config, logger, statusStore: createStatusStore({ statusDir: config.paths.statusDir, run: config.run, logger }), redis: null, jobId: 't', now: () => NOW };
      const data = config.paths.dataDir;
      for (const sub of ['validation', 'adversarial_examples']) await mkdir(path.join(data, sub), { recursive: true });
      await mkdir(path.join(config.paths.queueDir, 'corrections'), { recursive: true });
      await mkdir(config.paths.statusDir, { recursive: true });
      await writeFile(path.join(data, 'validation', 'v.jsonl'), jsonl([
        { id: 'v1', prompt: 'What is 12 + 6?\nAnswer with the number only.\n', golden: '18', difficulty: 'easy', skill: 'arithmetic' },
      ]));
      const hard = (prompt: string, golden: string) => ({ prompt, golden, model_failed: 'checkpoint-1', pattern: 'arithmetic/medium', source_id: 'm1', difficulty: 'medium', skill: 'arithmetic', generator: 'template' });
      await writeFile(path.join(data, 'adversarial_examples', 'hard_examples_20261124.jsonl'), jsonl([
        hard('What is 45 × 12?', '45'), // the old template's golden: wrong
        hard('In what year did Apollo 11 land?', '1969'), // nothing can check it
        hard('Quick: what is 12 + 6?\nAnswer with the number only.', '18'), // the held-out question inside
        hard('What is 37 × 81?', '2997'),
        hard('What is 45 × 12?\nA. 540\nB. 45', 'A'),
      ]));
      await writeFile(path.join(config.paths.queueDir, 'corrections', 'corrections_20261124.jsonl'), jsonl([
        { messages: [{ role: 'user', content: 'Mail jane.doe@example.com: what is 2 + 2?' }, { role: 'assistant', content: '4' }], source: 'feedback' },
      ]));

      await dataGenerationProcessor({ kind: 'manual', requestedBy: 'test' }, context);

      const normal = path.join(config.paths.queueDir, 'normal');
      const [batch] = (await readdir(normal)).filter((f) => f.endsWith('.jsonl'));
      const lines = (await readFile(path.join(normal, batch!), 'utf8')).trim().split('\n').map((l) => TrainingLine.parse(JSON.parse(l)));
      const prompts = lines.map((l) => l.messages[0]!.content);
      expect(prompts).toContain('What is 37 × 81?');
      expect(prompts).toContain('What is 45 × 12?\nA. 540\nB. 45');
      expect(prompts).toContain('Mail [REDACTED:email]: what is 2 + 2?');
      expect(prompts.filter((p) => p.includes('Apollo') || p.startsWith('Quick') || p === 'What is 45 × 12?')).toEqual([]);
      // Every generated line written has a golden an independent checker confirms.
      for (const l of lines.filter((x) => isGenerated(x.source))) {
        expect([l.messages[0]!.content, verifyGolden({ prompt: l.messages[0]!.content, golden: l.messages[1]!.content }).status]).toEqual([l.messages[0]!.content, 'verified']);
      }
      // Three of the first 100 were refused; a second round of 3 fresh candidates filled the batch.
      expect(lines.length).toBe(100);

      const rejected = (await readFile(path.join(config.paths.queueDir, 'rejected', `${batch}.rejected.jsonl`), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { kind: string; reason: string; file: string });
      expect(rejected.map((r) => r.kind).sort()).toEqual(['contaminated', 'golden_wrong', 'unverified']);
      expect(rejected.find((r) => r.kind === 'contaminated')!.reason).toBe('shares "what is 12 + 6 answer with the number only" with held-out example v1 (13-gram check)');
      expect(rejected.find((r) => r.kind === 'golden_wrong')!.reason).toBe('arithmetic checker: the golden says 45; the answer is 540');

      const status = JSON.parse(await readFile(path.join(config.paths.statusDir, 'data_generation.json'), 'utf8')) as Record<string, any>;
      expect(status['admission']).toEqual({ checked: 103, admitted: 100, redacted: 1, refused: { contaminated: 1, contamination_check_unavailable: 0, golden_wrong: 1, unverified: 1 }, unverified_reasons: { no_checker: 1 } });
      expect(status['batches']).toEqual([{ file: batch, requested: 100, written: 100, refused: 3, rounds: 2 }]);
      expect(status['contamination']).toMatchObject({ held_out_examples: 1, n: 13 });
      expect(status['last_run']).toBe(NOW.toISOString());
      // Written through the status store: stamped, and it passes the catalog's schema.
      expect(status['schema_version']).toBe(STATUS_FILES.data_generation.schemaVersion);
      expect(typeof status['last_update']).toBe('string');
      expect(STATUS_FILES.data_generation.schema.safeParse(status).success).toBe(true);
      expect(await context.statusStore.read('data_generation')).toMatchObject({ state: 'present', data: { strategy: status['strategy'], admission: { checked: 103, admitted: 100 } } });
    } finally {
      await remove();
    }
  });
});
