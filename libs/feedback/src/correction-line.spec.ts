import { afterEach, describe, expect, it } from '@jest/globals';
import { TrainingLine } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { correctionsFile, correctionTrainingLine, queueCorrection } from './correction-line.js';
import { BAD_2, BAD_3, GOOD_4 } from './ratings.fixture.js';

let base: Awaited<ReturnType<typeof tempDir>> | undefined;
afterEach(async () => base?.remove());

const BAD_2_TRAINING = {
  messages: [
    { role: 'user', content: 'What is 9 + 10?' },
    { role: 'assistant', content: '19' },
  ],
  skill: 'arithmetic',
  source: 'feedback',
  request_id: 'req-2',
  model_failed: 'model-a',
  original_completion: '21',
};

describe('a correction as a training line', () => {
  it('is the prompt answered with the correction, in ChatML', () => {
    expect(correctionTrainingLine(BAD_2)).toEqual(BAD_2_TRAINING);
  });

  it('keeps the whole conversation and the difficulty when they are known', () => {
    const conversation = [
      { role: 'system' as const, content: 'Answer with a number.' },
      { role: 'user' as const, content: 'What is 9 + 10?' },
    ];
    expect(correctionTrainingLine(BAD_2, { conversation, difficulty: 'easy' })).toEqual({
      ...BAD_2_TRAINING,
      messages: [...conversation, { role: 'assistant', content: '19' }],
      difficulty: 'easy',
    });
  });

  it('does not exist without a correction, or for a good rating', () => {
    expect(correctionTrainingLine(BAD_3)).toBeNull();
    expect(correctionTrainingLine(GOOD_4)).toBeNull();
  });

  it("goes to the rating day's file (UTC) in queue/corrections", () => {
    expect(correctionsFile('/q', new Date('2026-11-25T23:59:59Z'))).toBe('/q/corrections/corrections_20261125.jsonl');
    expect(correctionsFile('/q', new Date('2026-01-02T00:00:00Z'))).toBe('/q/corrections/corrections_20260102.jsonl');
  });

  it("is appended after what self-correction wrote there, as a line the data loop's TrainingLine accepts", async () => {
    base = await tempDir('feedback-corrections');
    const queueDir = path.join(base.dir, 'queue');
    const at = new Date('2026-11-25T10:05:00Z');
    const existing = '{"messages":[{"role":"user","content":"1+1?"},{"role":"assistant","content":"2"}],"source":"correction"}\n';
    await mkdir(path.join(queueDir, 'corrections'), { recursive: true });
    await writeFile(path.join(queueDir, 'corrections', 'corrections_20261125.jsonl'), existing);
    const file = await queueCorrection(queueDir, correctionTrainingLine(BAD_2)!, at);
    expect(file).toBe(path.join(queueDir, 'corrections', 'corrections_20261125.jsonl'));
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[0] + '\n').toBe(existing);
    expect(JSON.parse(lines[1]!)).toEqual(BAD_2_TRAINING);
    expect(TrainingLine.safeParse(JSON.parse(lines[1]!)).success).toBe(true);
    expect(lines[2]).toBe('');
  });
});
