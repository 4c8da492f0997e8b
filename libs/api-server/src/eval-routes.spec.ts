import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createStatusStore } from '@flywheel/status-store';
import { tempDir } from '@flywheel/testing';
import type { Express } from 'express';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { createApiApp } from './create-api-app.js';
import { record, writeResult } from './eval-results.fixture.js';

const logger = pino({ level: 'silent' });
let temp: { dir: string; remove: () => Promise<void> };
let app: Express;
let evalsDir: string;

beforeAll(async () => {
  temp = await tempDir('api-evals');
  const statusDir = path.join(temp.dir, 'status');
  const dataDir = path.join(temp.dir, 'data');
  evalsDir = path.join(statusDir, 'evals');
  await mkdir(path.join(dataDir, 'validation'), { recursive: true });
  const examples = [
    { id: 'e1', prompt: 'What is 2+3?', golden: '5', difficulty: 'easy', skill: 'arithmetic' },
    { id: 'm1', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is 12*12?' }], golden: '144', difficulty: 'medium', skill: 'arithmetic' },
    { id: 'h1', prompt: 'All A are B. Some B are C. Must some A be C?', golden: 'no', difficulty: 'hard', skill: 'syllogism' },
    { id: 'h2', prompt: 'What is 17*23?', golden: '391', difficulty: 'hard', skill: 'arithmetic' },
  ];
  await writeFile(path.join(dataDir, 'validation', 'set.jsonl'), examples.map((e) => JSON.stringify(e)).join('\n') + '\n');

  // checkpoint-100: 1 of 4 correct. easy 1/1, medium 0/1, hard 0/2.
  await writeResult(evalsDir, 'checkpoint-100', 'k100', [record('e1', 'easy', true), record('m1', 'medium', false), record('h1', 'hard', false), record('h2', 'hard', false)]);
  // checkpoint-200: 3 of 4. easy 1/1, medium 1/1, hard 1/2 — and an older result on the same set (ignored: newest wins)
  // and a result on another set (ignored: not validation).
  await writeResult(evalsDir, 'checkpoint-200', 'k200-old', [record('e1', 'easy', false)], { evaluatedAt: '2026-06-01T11:00:00.000Z' });
  await writeResult(evalsDir, 'checkpoint-200', 'k200', [
    record('e1', 'easy', true, '<think>2 plus 3</think>5'),
    record('m1', 'medium', true, '144'),
    record('h1', 'hard', false, '<think>some A'),
    record('h2', 'hard', true, '391'),
  ]);
  await writeResult(evalsDir, 'checkpoint-200', 'k200-adv', [record('x', 'hard', false)], { exampleSet: 'adversarial' });
  // checkpoint-1000 (numerically newest, textually before 200): 2 of 2, only easy and hard, and an example no longer in the set.
  await writeResult(evalsDir, 'checkpoint-1000', 'k1000', [record('e1', 'easy', true), record('gone', 'hard', true)]);
  // Not checkpoints, or not results: ignored.
  await mkdir(path.join(evalsDir, 'tmp-checkpoint-5'), { recursive: true });
  await writeFile(path.join(evalsDir, 'checkpoint-1000', 'broken.json'), '{"checkpoint": ');

  const statusStore = createStatusStore({ statusDir, run: 'evals', logger });
  app = createApiApp({ statusStore, run: 'evals', staleFactor: 2, staleAfterSeconds: 60, logger, dataDir });
});
afterAll(() => temp.remove());

describe('GET /api/accuracy_history', () => {
  it('gives each evaluated checkpoint’s accuracy overall and by difficulty, oldest to newest', async () => {
    const res = await request(app).get('/api/accuracy_history');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      checkpoints: [
        { checkpoint: 'checkpoint-100', step: 100, accuracy: 0.25, by_difficulty: { easy: 1, medium: 0, hard: 0 } },
        { checkpoint: 'checkpoint-200', step: 200, accuracy: 0.75, by_difficulty: { easy: 1, medium: 1, hard: 0.5 } },
        { checkpoint: 'checkpoint-1000', step: 1000, accuracy: 1, by_difficulty: { easy: 1, medium: null, hard: 1 } },
      ],
    });
  });

  it('keeps the newest `limit`', async () => {
    const res = await request(app).get('/api/accuracy_history?limit=2');
    expect(res.body.checkpoints.map((c: { checkpoint: string }) => c.checkpoint)).toEqual(['checkpoint-200', 'checkpoint-1000']);
  });

  it('follows a new result (the cache is by folder)', async () => {
    await writeResult(evalsDir, 'checkpoint-100', 'k100-new', [record('e1', 'easy', false)], { evaluatedAt: '2026-06-02T00:00:00.000Z' });
    const res = await request(app).get('/api/accuracy_history?limit=3');
    expect(res.body.checkpoints[0]).toEqual({ checkpoint: 'checkpoint-100', step: 100, accuracy: 0, by_difficulty: { easy: 0, medium: null, hard: null } });
  });

  it('answers 400 naming the field for a bad limit', async () => {
    for (const [query, field] of [['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=ten', 'limit'], ['limit=2.5', 'limit'], ['top=5', 'top']]) {
      const res = await request(app).get(`/api/accuracy_history?${query}`);
      expect([query, res.status, res.body.field]).toEqual([query, 400, field]);
      expect(res.body.error).toMatch(new RegExp(`^query ${field}: `));
    }
  });
});

describe('GET /api/previews', () => {
  it('shows the newest evaluated checkpoint’s answers with prompt, golden and think tags', async () => {
    const res = await request(app).get('/api/previews?checkpoint=checkpoint-200&count=3');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      checkpoint: 'checkpoint-200',
      step: 200,
      previews: [
        { id: 'e1', prompt: 'What is 2+3?', golden: '5', output: '<think>2 plus 3</think>5', correct: true, difficulty: 'easy', skill: 'arithmetic', think: { present: true, closed: true, length: 0 } },
        // A chat example shows its last user message.
        { id: 'm1', prompt: 'What is 12*12?', golden: '144', output: '144', correct: true, difficulty: 'medium', skill: 'arithmetic', think: { present: false, closed: false, length: 0 } },
        { id: 'h1', prompt: 'All A are B. Some B are C. Must some A be C?', golden: 'no', output: '<think>some A', correct: false, difficulty: 'hard', skill: 'arithmetic', think: { present: true, closed: false, length: 0 } },
      ],
    });
  });

  it('defaults to the newest checkpoint by step and 5 previews; filters by difficulty', async () => {
    const newest = await request(app).get('/api/previews');
    expect([newest.body.checkpoint, newest.body.step, newest.body.previews.length]).toEqual(['checkpoint-1000', 1000, 2]);
    // An example no longer in the set keeps its output, without prompt and golden.
    expect(newest.body.previews[1]).toMatchObject({ id: 'gone', prompt: null, golden: null });

    const hard = await request(app).get('/api/previews?checkpoint=checkpoint-200&difficulty=hard');
    expect(hard.body.previews.map((p: { id: string }) => p.id)).toEqual(['h1', 'h2']);
  });

  it('404 naming the checkpoint when it has no records; 400 naming the field on a bad query', async () => {
    const none = await request(app).get('/api/previews?checkpoint=checkpoint-300');
    expect([none.status, none.body.checkpoint]).toEqual([404, 'checkpoint-300']);
    expect(none.body.error).toBe('no evaluation records for checkpoint-300 on the validation set');

    for (const [query, field] of [['count=0', 'count'], ['count=51', 'count'], ['difficulty=extreme', 'difficulty'], ['checkpoint=../../etc', 'checkpoint'], ['step=5', 'step']]) {
      const res = await request(app).get(`/api/previews?${query}`);
      expect([query, res.status, res.body.field]).toEqual([query, 400, field]);
    }
  });
});
