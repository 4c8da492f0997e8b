// The data-generation daemon function on real folders: production-monitor's skill focus file
// (written by its own writer) raises the weak skill's share of the next batch; a stale or
// malformed file is ignored with its reason in the log, and the batch is the usual one.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { TrainingLine } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { writeSkillFocus } from '@flywheel/production-monitor';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dataGenerationProcessor } from './data-generation.daemon.js';

type Line = TrainingLine & { focus?: string; strategy: string };
/** The pass's clock: a fixed instant, so nothing depends on today's date. */
const NOW = new Date('2026-11-24T10:00:00.000Z');

async function withBaseDir(check: (pass: () => Promise<Line[]>, config: ReturnType<typeof loadConfig>, log: () => Promise<Record<string, unknown>[]>) => Promise<void>) {
  const { dir, remove } = await tempDir('datagen-focus');
  try {
    const config = loadConfig({ argv: ['--base-dir', dir, '--min-files', '1', '--set', 'generation.batchSize=50'], env: {}, cwd: dir });
    const logger = createLogger({ name: 'data-generation', logsDir: config.paths.logsDir, level: 'info', stdout: false });
    const context = { config, logger, statusStore: createStatusStore({ statusDir: config.paths.statusDir, run: config.run, logger }), redis: null, jobId: 'test', now: () => NOW };
    const normal = path.join(config.paths.queueDir, 'normal');
    // One pass writes one batch into an empty queue/normal/; it is read back and removed.
    const pass = async () => {
      await dataGenerationProcessor({ kind: 'manual', requestedBy: 'test' }, context);
      const files = (await readdir(normal)).filter((f) => f.endsWith('.jsonl'));
      expect(files).toHaveLength(1);
      const text = await readFile(path.join(normal, files[0]!), 'utf8');
      await rm(path.join(normal, files[0]!));
      return text.trim().split('\n').map((l) => TrainingLine.parse(JSON.parse(l)) as Line);
    };
    const log = async () => (await readFile(path.join(config.paths.logsDir, 'data-generation.log'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    await mkdir(config.paths.statusDir, { recursive: true });
    await check(pass, config, log);
  } finally {
    await remove();
  }
}

describe('dataGenerationProcessor with status/skill_focus.json', () => {
  it('writes a batch with the weak skill raised, from its pool first, and says which weak skills it cannot produce', () =>
    withBaseDir(async (pass, config, log) => {
      // Four "logic" pool items of each difficulty, so a focus slot of any difficulty finds one.
      const pools = path.join(config.paths.dataDir, 'pools');
      await mkdir(pools, { recursive: true });
      const poolLines = (['easy', 'medium', 'hard'] as const).flatMap((d) =>
        Array.from({ length: 4 }, (_, i) => JSON.stringify({ prompt: `Pool logic ${d} ${i}: is it so?`, golden: 'yes', difficulty: d, skill: 'logic' })));
      await writeFile(path.join(pools, 'logic.jsonl'), poolLines.join('\n') + '\n');
      await writeSkillFocus(config.paths.statusDir, {
        at: NOW, level: 'WARNING', weak: ['logic', 'code_generation'], mix: { logic: 10, code_generation: 10, chat: 80 }, boost: 3, reason: 'weak: logic, code_generation',
      });

      const lines = await pass();
      expect(lines).toHaveLength(50);
      // No adversarial or correction items exist, so all 50 lines are "not mixed in": the
      // focus gets floor(0.3 × 50) = 15, all to logic (code_generation has no source).
      const focused = lines.filter((l) => l.focus !== undefined);
      expect(focused).toHaveLength(15);
      expect(focused.every((l) => l.focus === 'logic' && (l.source === 'pool' ? l.skill === 'logic' : l.source === 'procedural:syllogism'))).toBe(true);
      // 15 slots against 4 pool items per difficulty: pool items come first, so at least one is used.
      expect(focused.some((l) => l.source === 'pool')).toBe(true);

      const entries = await log();
      expect(entries).toContainEqual(expect.objectContaining({ level: 40, skills: ['code_generation'], msg: expect.stringMatching(/^weak skills with no pool items and no procedural generator/) }));
      expect(entries).toContainEqual(expect.objectContaining({ msg: 'training data generated', focus_lines: [{ logic: 15 }] }));
    }));

  it('ignores a stale file, logging why, and writes the usual batch', () =>
    withBaseDir(async (pass, config, log) => {
      const file = await writeSkillFocus(config.paths.statusDir, {
        at: new Date(NOW.getTime() - 25 * 3_600_000), level: 'CRITICAL', weak: ['logic'], mix: { logic: 5 }, boost: 3, reason: 'old',
      });
      const lines = await pass();
      expect(lines).toHaveLength(50);
      expect(lines.filter((l) => l.focus !== undefined)).toEqual([]);
      const ignored = (await log()).find((e) => e['msg'] === 'skill focus ignored');
      expect(ignored).toMatchObject({ file, reason: expect.stringMatching(/more than generation\.focusMaxAgeHours \(24 h\)$/) });
    }));

  it('warns about a malformed file, naming it and the field, and writes the usual batch', () =>
    withBaseDir(async (pass, config, log) => {
      const file = path.join(config.paths.statusDir, 'skill_focus.json');
      await writeFile(file, JSON.stringify({ generated_at: NOW.toISOString(), level: 'WARNING', weak_skills: ['logic'], shares: { logic: 'most' }, boost: 3, reason: 'x' }));
      const lines = await pass();
      expect(lines).toHaveLength(50);
      expect(lines.filter((l) => l.focus !== undefined)).toEqual([]);
      const warning = (await log()).find((e) => e['msg'] === 'skill focus ignored: malformed');
      expect(warning).toMatchObject({ level: 40, file, reason: expect.stringContaining(`${file}: field "shares.logic": `) });
    }));
});
