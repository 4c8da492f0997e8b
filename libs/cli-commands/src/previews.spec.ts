import { describe, expect, it } from '@jest/globals';
import { freePort, tempDir } from '@flywheel/testing';
import path from 'node:path';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';
import { previewFixture as fixture } from './eval-results.fixture.js';
import { formatPreviews, markThink, previewsFromRecords } from './previews.js';

describe('previewsFromRecords', () => {
  it('gives the first records with their prompts and goldens, of one difficulty when asked', async () => {
    const { evalsDir, dataDir, remove } = await fixture();
    try {
      const two = await previewsFromRecords(evalsDir, dataDir, { checkpoint: 'checkpoint-100', count: 2 });
      expect(two).toEqual({
        checkpoint: 'checkpoint-100',
        step: 100,
        previews: [
          { id: 'e1', prompt: 'What is 1 + 1?', golden: 'g1', output: '<think>one and one</think> g1', correct: true, difficulty: 'easy', skill: 'arithmetic', think: { present: true, closed: true, length: 11 } },
          { id: 'e2', prompt: 'What is 2 + 2?', golden: 'g2', output: '<think>two and two, so', correct: false, difficulty: 'easy', skill: 'arithmetic', think: { present: true, closed: false, length: 15 } },
        ],
      });
      const medium = await previewsFromRecords(evalsDir, dataDir, { checkpoint: 'checkpoint-100', count: 5, difficulty: 'medium' });
      // e3 is a chat example: its prompt is the last user message.
      expect(medium.previews.map((p) => [p.id, p.prompt])).toEqual([['e3', 'Capital of France?'], ['e4', 'All A are B…']]);
      const hard = await previewsFromRecords(evalsDir, dataDir, { checkpoint: 'checkpoint-100', count: 5, difficulty: 'hard' });
      expect(hard.previews.map((p) => [p.id, p.prompt, p.golden])).toEqual([['e5', 'Hard one', 'g5'], ['e6', null, null]]);
    } finally {
      await remove();
    }
  });

  it('defaults to the newest checkpoint with a validation evaluation, and names one without', async () => {
    const { evalsDir, dataDir, remove } = await fixture();
    try {
      expect((await previewsFromRecords(evalsDir, dataDir, { count: 1 })).checkpoint).toBe('checkpoint-200');
      await expect(previewsFromRecords(evalsDir, dataDir, { checkpoint: 'checkpoint-150', count: 1 })).rejects.toThrow(/^checkpoint-150 has no evaluation records in /);
      await expect(previewsFromRecords(path.join(evalsDir, 'none'), dataDir, { count: 1 })).rejects.toThrow('no checkpoint has evaluation records on the validation set');
    } finally {
      await remove();
    }
  });
});

describe('markThink', () => {
  it('marks closed, unopened and unclosed think blocks', () => {
    expect(markThink('42')).toBe('42');
    expect(markThink('<think>add them</think>\n42')).toBe('[think] add them [/think] 42');
    // The chat template sent the opening tag: everything up to </think> is reasoning.
    expect(markThink('add them</think>42')).toBe('[think] add them [/think] 42');
    expect(markThink('<think>add them and')).toBe('[think, never closed] add them and\n(no answer: it ran out of tokens while thinking)');
  });
});

describe('formatPreviews', () => {
  it('indents multi-line prompts under their label and drops trailing newlines', () => {
    const think = { present: false, closed: false, length: 0 };
    const text = formatPreviews(
      { checkpoint: 'checkpoint-5', step: 5, previews: [{ id: 'a', prompt: 'What is 1 + 2?\nNumber only.\n', golden: '3\n', output: '3', correct: true, difficulty: 'easy', skill: 's', think }] },
      'from somewhere',
    );
    expect(text).toBe(
      'checkpoint-5 (step 5): 1 preview(s), from somewhere\n\n── a [easy, s] right\nprompt:   What is 1 + 2?\n          Number only.\ngolden:   3\noutput:   3\nthink:    none\n',
    );
  });
});

describe('flywheel preview', () => {
  it('reads the records directly when the API is down, and says so', async () => {
    const { dir, remove } = await fixture();
    try {
      const port = await freePort();
      const io = bufferIo({ cwd: dir });
      expect(await runCli(['preview', '--step', '100', '--count', '2', '--api', `http://127.0.0.1:${port}`], { io, workspaceRoot: dir })).toBe(0);
      expect(io.err()).toBe(`flywheel preview: API at http://127.0.0.1:${port} unreachable (connect ECONNREFUSED 127.0.0.1:${port}); reading the evaluator's records directly\n`);
      const out = io.out();
      expect(out).toContain(`checkpoint-100 (step 100): 2 preview(s), from ${path.join(dir, 'status', 'evals', 'checkpoint-100')}`);
      expect(out).toContain('── e1 [easy, arithmetic] right\nprompt:   What is 1 + 1?\ngolden:   g1\noutput:   [think] one and one [/think] g1');
      expect(out).toContain('── e2 [easy, arithmetic] wrong');
      expect(out).toContain('output:   [think, never closed] two and two, so\n          (no answer: it ran out of tokens while thinking)\nthink:    NOT closed, 15 chars');

      const missing = bufferIo({ cwd: dir });
      expect(await runCli(['preview', '--step', '7', '--api', `http://127.0.0.1:${port}`], { io: missing, workspaceRoot: dir })).toBe(1);
      expect(missing.err()).toMatch(/flywheel preview: checkpoint-7 has no evaluation records in /);
      const bad = bufferIo({ cwd: dir });
      expect(await runCli(['preview', '--count', '51'], { io: bad, workspaceRoot: dir })).toBe(2);
      expect(bad.err()).toBe('flywheel preview: --count must be a whole number 1..50, got "51"\n');
    } finally {
      await remove();
    }
  });
});
