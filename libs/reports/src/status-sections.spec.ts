import { afterEach, describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readDeploymentLog } from './status-sections.js';

let base: Awaited<ReturnType<typeof tempDir>> | undefined;
afterEach(async () => base?.remove());

// 45 bytes with the newline for a one-digit n.
const line = (n: number, success = true) => `{"checkpoint":"checkpoint-${n}","success":${success}}\n`;
const checkpoints = (log: Awaited<ReturnType<typeof readDeploymentLog>>) => log.deployments.map((d) => d.checkpoint);

describe('readDeploymentLog', () => {
  it('reads the rotated copies and the file, oldest first', async () => {
    base = await tempDir('deploy-log');
    const file = path.join(base.dir, 'deployments.jsonl');
    expect(Buffer.byteLength(line(1))).toBe(45);
    await writeFile(`${file}.2`, line(1));
    await writeFile(`${file}.1`, line(2) + 'not json\n' + line(3));
    await writeFile(file, line(4, false));
    const log = await readDeploymentLog(file, { maxBytes: 100, rotatedFiles: 2 });
    expect(checkpoints(log)).toEqual(['checkpoint-1', 'checkpoint-2', 'checkpoint-3', 'checkpoint-4']);
    expect(log.deployments.map((d) => d.success)).toEqual([true, true, true, false]);
    expect(log.problems.map((p) => [p.source, p.where])).toEqual([[`${file}.1`, 'line 2']]);
    expect(log.present).toBe(true);
  });

  it('counts a canary\'s start, promotion and rollback as deployments, not its looks', async () => {
    base = await tempDir('deploy-log');
    const file = path.join(base.dir, 'deployments.jsonl');
    const canary = (event: string, success: boolean) => `{"checkpoint":"checkpoint-2","success":${success},"event":"${event}"}\n`;
    await writeFile(file, line(1) + canary('canary-start', true) + canary('canary-look', true) + canary('canary-look', true) + canary('canary-rollback', false));
    const log = await readDeploymentLog(file, { maxBytes: 10_000, rotatedFiles: 0 });
    expect(log.deployments.map((d) => [d.checkpoint, d.success])).toEqual([['checkpoint-1', true], ['checkpoint-2', true], ['checkpoint-2', false]]);
  });

  it('looks no further than the copies the rotation keeps', async () => {
    base = await tempDir('deploy-log');
    const file = path.join(base.dir, 'deployments.jsonl');
    await writeFile(`${file}.2`, line(1));
    await writeFile(`${file}.1`, line(2));
    await writeFile(file, line(3));
    expect(checkpoints(await readDeploymentLog(file, { maxBytes: 100, rotatedFiles: 1 }))).toEqual(['checkpoint-2', 'checkpoint-3']);
  });

  it('reads only the newest lines of a file larger than the bound (one written before rotation)', async () => {
    base = await tempDir('deploy-log');
    const file = path.join(base.dir, 'deployments.jsonl');
    await writeFile(file, [1, 2, 3, 4, 5, 6].map((n) => line(n)).join(''));
    // (0 + 1) × 100 bytes: the last two lines (90 bytes) and the end of a third, dropped.
    const log = await readDeploymentLog(file, { maxBytes: 100, rotatedFiles: 0 });
    expect(checkpoints(log)).toEqual(['checkpoint-5', 'checkpoint-6']);
    expect(log.problems).toEqual([]);
  });

  it('finds no deployments and no file when there is none', async () => {
    base = await tempDir('deploy-log');
    expect(await readDeploymentLog(path.join(base.dir, 'deployments.jsonl'), { maxBytes: 100, rotatedFiles: 2 })).toEqual({ deployments: [], problems: [], present: false });
  });
});
