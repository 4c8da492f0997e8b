import { TrainingLine, type ChatMessage, type Difficulty, type FeedbackRecord } from '@flywheel/contracts';
import path from 'node:path';
import { appendJsonLine } from './json-lines.js';

/** Where the data loop picks up corrections: `<queueDir>/corrections/corrections_YYYYMMDD.jsonl` (UTC day of the rating). */
export function correctionsFile(queueDir: string, at: Date): string {
  const day = at.toISOString().slice(0, 10).replace(/-/g, '');
  return path.join(queueDir, 'corrections', `corrections_${day}.jsonl`);
}

/**
 * A bad rating's correction as a ChatML training line, as self-correction writes them: the
 * conversation that was asked (the prompt as the user turn unless the whole conversation is
 * known), answered with the correction. Null when there is no correction to learn from.
 */
export function correctionTrainingLine(
  record: FeedbackRecord,
  options: { conversation?: readonly ChatMessage[]; difficulty?: Difficulty } = {},
): TrainingLine | null {
  if (record.rating !== 'bad' || record.correction === undefined) return null;
  const asked = options.conversation ?? [{ role: 'user' as const, content: record.prompt }];
  return TrainingLine.parse({
    messages: [...asked, { role: 'assistant', content: record.correction }],
    ...(options.difficulty ? { difficulty: options.difficulty } : {}),
    ...(record.skill ? { skill: record.skill } : {}),
    source: 'feedback',
    request_id: record.request_id,
    model_failed: record.model,
    original_completion: record.original_completion,
  });
}

/** Appends the line to the day's corrections file; returns that file. Callers admit the line first (redaction, the held-out check: api-server's `admitCorrection`). */
export async function queueCorrection(queueDir: string, line: TrainingLine, at: Date): Promise<string> {
  const file = correctionsFile(queueDir, at);
  await appendJsonLine(file, line);
  return file;
}
