import { Difficulty, parseJsonLinesAs, type EvalRecord, type EvaluationResult } from '@flywheel/contracts';
import { z } from 'zod';

/** One line of a replay file: one example evaluated on one checkpoint. */
export const ReplayRecord = z.object({
  checkpoint: z.string().regex(/^checkpoint-\d+$/, 'expected checkpoint-<step>'),
  step: z.number().int().nonnegative(),
  example_id: z.string().min(1),
  difficulty: Difficulty,
  correct: z.boolean(),
  /** Mean token loss (nats) of the golden answer, when the backend gives it. */
  golden_loss: z.number().nonnegative().optional(),
  /** exp(mean answer-token logprob), when the backend gives it. */
  confidence: z.number().min(0).max(1).optional(),
  /** Whether the answer was well formed (closed think tags, not empty, not cut off); default true. */
  well_formed: z.boolean().optional(),
  skill: z.string().optional(),
});
export type ReplayRecord = z.infer<typeof ReplayRecord>;

/** A checkpoint of a replayed run, as the daemons see an evaluation. */
export interface ReplayCheckpoint {
  checkpoint: string;
  step: number;
  result: EvaluationResult;
}

export interface ParsedReplay {
  /** By step, oldest first. */
  checkpoints: ReplayCheckpoint[];
  /** Lines that could not be used, with their file and line: reported, never silently dropped. */
  problems: { source: string; where: string; message: string }[];
}

const UNMEASURED = 'not in the replay file';

/** An EvalRecord from a replay line: what the file does not give is marked unsupported, never invented. */
function evalRecord(line: ReplayRecord): EvalRecord {
  return {
    exampleId: line.example_id,
    difficulty: line.difficulty,
    skill: line.skill ?? 'replay',
    // Not empty and short of max tokens: well formed unless the file says otherwise.
    prediction: line.well_formed === false ? '' : '(replayed)',
    correct: line.correct,
    think: { present: false, closed: false, length: 0 },
    confidence: line.confidence ?? { unsupported: UNMEASURED },
    golden: line.golden_loss !== undefined ? { nll: line.golden_loss, tokens: 1, meanNll: line.golden_loss, isGreedy: null } : { unsupported: UNMEASURED },
    outputTokens: 0,
    latencyMs: 0,
    backend: 'replay',
    cacheKey: `${line.checkpoint}:${line.example_id}`,
  };
}

/** An EvaluationResult holding `records`, with the summary the evaluator would give. */
export function replayResult(checkpoint: string, records: EvalRecord[]): EvaluationResult {
  const scored = records.filter((r) => 'nll' in r.golden);
  const nll = scored.reduce((sum, r) => sum + ('nll' in r.golden ? r.golden.nll : 0), 0);
  const tokens = scored.reduce((sum, r) => sum + ('tokens' in r.golden ? r.golden.tokens : 0), 0);
  const confident = records.filter((r) => typeof r.confidence === 'number');
  const correct = records.filter((r) => r.correct).length;
  return {
    checkpoint, checkpointId: `replay:${checkpoint}`, exampleSet: 'validation', exampleSetId: 'replay', params: { maxTokens: 256, temperature: 0, stop: [] }, backend: 'replay',
    summary: {
      examples: records.length, correct, accuracy: records.length ? correct / records.length : null,
      meanConfidence: confident.length === records.length && records.length ? confident.reduce((s, r) => s + (r.confidence as number), 0) / records.length : null,
      goldenLoss: scored.length === records.length && tokens > 0 ? nll / tokens : null,
      goldenTokens: tokens,
      unsupported: { ...(scored.length < records.length ? { goldenLoss: UNMEASURED } : {}), ...(confident.length < records.length ? { meanConfidence: UNMEASURED } : {}) },
      skippedLines: 0, cachedRecords: records.length,
    },
    problems: [], records, evaluatedAt: '1970-01-01T00:00:00.000Z',
  };
}

/**
 * Reads a replay file (JSON lines of `ReplayRecord`). A line that is not JSON or not a record,
 * a record whose step disagrees with its checkpoint's other lines, or a second line for the
 * same (checkpoint, example) is reported with its line number and left out.
 */
export function parseReplayRecords(text: string, source: string): ParsedReplay {
  const problems: ParsedReplay['problems'] = [];
  const byCheckpoint = new Map<string, { step: number; records: Map<string, EvalRecord> }>();
  const parsed = parseJsonLinesAs(ReplayRecord, text);
  for (const p of parsed.problems) problems.push({ source, where: `line ${p.line}`, message: p.message });
  for (const { line: number, value: line } of parsed.lines) {
    const where = `line ${number}`;
    const entry = byCheckpoint.get(line.checkpoint) ?? { step: line.step, records: new Map<string, EvalRecord>() };
    if (entry.step !== line.step) {
      problems.push({ source, where, message: `${line.checkpoint} has step ${entry.step} on earlier lines, ${line.step} here` });
      continue;
    }
    if (entry.records.has(line.example_id)) {
      problems.push({ source, where, message: `${line.checkpoint} already has a record for ${line.example_id}` });
      continue;
    }
    entry.records.set(line.example_id, evalRecord(line));
    byCheckpoint.set(line.checkpoint, entry);
  }
  // In file order, as a reader goes through it (schema problems were listed first).
  problems.sort((a, b) => Number(a.where.slice(5)) - Number(b.where.slice(5)));
  const checkpoints = [...byCheckpoint]
    .map(([checkpoint, { step, records }]) => ({ checkpoint, step, result: replayResult(checkpoint, [...records.values()]) }))
    .sort((a, b) => a.step - b.step);
  return { checkpoints, problems };
}
