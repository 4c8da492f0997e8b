import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createStatusStore, type StatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';

const logger = pino({ level: 'silent' });
let temp: { dir: string; remove: () => Promise<void> };
let statusStore: StatusStore;
let checkpointsDir: string;

async function checkpoint(name: string, state: unknown | string) {
  const dir = path.join(checkpointsDir, name);
  await mkdir(dir, { recursive: true });
  if (state !== undefined) await writeFile(path.join(dir, 'trainer_state.json'), typeof state === 'string' ? state : JSON.stringify(state));
}

const app = () => createApiApp({ statusStore, run: 'training', staleFactor: 2, staleAfterSeconds: 60, logger, checkpointsDir });

beforeEach(async () => {
  temp = await tempDir('api-training');
  statusStore = createStatusStore({ statusDir: path.join(temp.dir, 'status'), run: 'training', logger });
  checkpointsDir = path.join(temp.dir, 'current_model');
});
afterEach(() => temp.remove());

describe('GET /api/training', () => {
  it('adds the newest checkpoint’s history to the training status, its keys unchanged', async () => {
    const written = await statusStore.write('training', { status: 'training', current_step: 250, loss: 0.4, learning_rate: 1e-5 });
    await checkpoint('checkpoint-100', { global_step: 100, log_history: [{ step: 100, loss: 0.9 }] });
    // 200 sorts before 100 as text; the newest is the highest step.
    await checkpoint('checkpoint-200', {
      global_step: 200,
      log_history: [
        { step: 100, loss: 0.9, learning_rate: 2e-5 },
        { step: 200, loss: 0.5, learning_rate: 1e-5 },
        { step: 200, eval_loss: 0.55 },
      ],
    });
    await checkpoint('tmp-checkpoint-300', { global_step: 300, log_history: [] });
    const res = await request(app()).get('/api/training');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ...JSON.parse(JSON.stringify(written)),
      trainer_state: {
        checkpoint: 'checkpoint-200',
        global_step: 200,
        non_finite: [],
        history: [
          { step: 100, loss: 0.9, learning_rate: 2e-5, eval_loss: null },
          { step: 200, loss: 0.5, learning_rate: 1e-5, eval_loss: 0.55 },
        ],
      },
    });
  });

  it('skips a newest folder with no trainer_state.json yet; names the file of one that does not parse', async () => {
    await statusStore.write('training', { status: 'training' });
    await checkpoint('checkpoint-100', { global_step: 100, log_history: [] });
    await checkpoint('checkpoint-200', undefined);
    const skipped = await request(app()).get('/api/training');
    expect(skipped.body.trainer_state).toEqual({ checkpoint: 'checkpoint-100', global_step: 100, non_finite: [], history: [] });

    await checkpoint('checkpoint-300', '{"global_step": "many"}');
    const broken = await request(app()).get('/api/training');
    expect(broken.status).toBe(200);
    expect(broken.body.trainer_state).toBeNull();
    expect(broken.body.trainer_state_error).toMatch(/checkpoint-300\/trainer_state\.json at global_step: /);
  });

  it('reads a file Python wrote (a BOM, NaN and Infinity) instead of calling it malformed, and names the non-finite figures', async () => {
    await statusStore.write('training', { status: 'training' });
    // What json.dump writes for an fp16 run that overflowed: inf grad norm, then a NaN loss.
    await checkpoint('checkpoint-20', '\uFEFF{"global_step": 20, "log_history": [{"step": 10, "loss": 1.5, "grad_norm": Infinity}, {"step": 20, "loss": NaN, "grad_norm": -Infinity}]}');
    const res = await request(app()).get('/api/training');
    expect(res.status).toBe(200);
    expect(res.body.trainer_state).toEqual({
      checkpoint: 'checkpoint-20',
      global_step: 20,
      non_finite: [
        { path: 'log_history[0].grad_norm', value: 'Infinity' },
        { path: 'log_history[1].loss', value: 'NaN' },
        { path: 'log_history[1].grad_norm', value: '-Infinity' },
      ],
      // JSON has no NaN: the point is there with a null loss, and non_finite says why.
      history: [
        { step: 10, loss: 1.5, learning_rate: null, eval_loss: null },
        { step: 20, loss: null, learning_rate: null, eval_loss: null },
      ],
    });
    expect(res.body.trainer_state_error).toBeUndefined();
  });

  it('without training_status.json: 200 with the trainer state and training_status "missing"; 404 when neither exists', async () => {
    const none = await request(app()).get('/api/training');
    expect([none.status, none.body]).toEqual([404, { error: 'training_status.json has not been written yet', status: 'missing', file: 'training_status.json' }]);

    await checkpoint('checkpoint-5', { global_step: 5, log_history: [{ step: 5, loss: 2, learning_rate: 0.001 }] });
    const res = await request(app()).get('/api/training');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      trainer_state: { checkpoint: 'checkpoint-5', global_step: 5, non_finite: [], history: [{ step: 5, loss: 2, learning_rate: 0.001, eval_loss: null }] },
      training_status: 'missing',
    });
  });
});
