import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';

// A real nvidia-smi stand-in: an executable script first on PATH that prints recorded output
// (and the arguments it got, so the test sees what the API asked for).
const RECORDED = '0, NVIDIA GeForce RTX 3090, 1234, 24576, 42, 55\n';

let temp: { dir: string; remove: () => Promise<void> };
const originalPath = process.env['PATH'];
const logger = pino({ level: 'silent' });

async function script(dir: string, body: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'nvidia-smi');
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

const appWith = (nvidiaSmi?: string) =>
  createApiApp({ statusStore: createStatusStore({ statusDir: temp.dir, run: 'gpu', logger }), run: 'gpu', staleFactor: 2, staleAfterSeconds: 60, logger, nvidiaSmi });

beforeAll(async () => {
  temp = await tempDir('api-gpu');
});
afterAll(async () => {
  process.env['PATH'] = originalPath;
  await temp.remove();
});

describe('GET /api/gpu', () => {
  it('answers available: false, saying why, on a host whose PATH has no nvidia-smi', async () => {
    const empty = path.join(temp.dir, 'empty-bin');
    await mkdir(empty);
    process.env['PATH'] = empty;
    try {
      const res = await request(appWith()).get('/api/gpu');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        available: false,
        reason: 'nvidia-smi not found: no NVIDIA driver on this host (or it is not on PATH)',
        gpus: [],
      });
    } finally {
      process.env['PATH'] = originalPath;
    }
  });

  it('runs the nvidia-smi first on PATH with the query arguments and reports its GPUs', async () => {
    const bin = path.join(temp.dir, 'fake-bin');
    const argsFile = path.join(temp.dir, 'args.txt');
    await script(bin, `printf '%s\\n' "$@" > '${argsFile}'\nprintf '${RECORDED}'`);
    process.env['PATH'] = `${bin}${path.delimiter}${originalPath}`;
    try {
      const res = await request(appWith()).get('/api/gpu');
      expect(res.body).toEqual({
        available: true,
        gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 3090', memory_used_mb: 1234, memory_total_mb: 24576, utilization_pct: 42, temperature_c: 55 }],
      });
    } finally {
      process.env['PATH'] = originalPath;
    }
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(argsFile, 'utf8')).trim().split('\n')).toEqual([
      '--query-gpu=index,name,memory.used,memory.total,utilization.gpu,temperature.gpu',
      '--format=csv,noheader,nounits',
    ]);
  });

  it('answers available: false with the first line of its error when nvidia-smi fails (config api.nvidiaSmi as a path)', async () => {
    const bin = path.join(temp.dir, 'broken-bin');
    await script(bin, `echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.' >&2\necho 'second line' >&2\nexit 9`);
    const res = await request(appWith(path.join(bin, 'nvidia-smi'))).get('/api/gpu');
    expect(res.body).toEqual({
      available: false,
      reason: `${path.join(bin, 'nvidia-smi')} failed: NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.`,
      gpus: [],
    });
  });
});
