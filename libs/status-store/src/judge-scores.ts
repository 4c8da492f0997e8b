import { JudgeScoreRecord, judgeKeys } from '@flywheel/contracts';
import type { Redis } from 'ioredis';

/** The stored judgements, newest first, at most `count`; entries that do not parse are skipped. */
export async function readJudgeScores(redis: Redis, run: string, options: { count: number; sinceMs?: number }): Promise<JudgeScoreRecord[]> {
  const start = options.sinceMs === undefined ? '-' : `${Math.max(0, Math.floor(options.sinceMs))}-0`;
  const entries = (await redis.xrevrange(judgeKeys(run).scores, '+', start, 'COUNT', options.count)) as [string, string[]][];
  const records: JudgeScoreRecord[] = [];
  for (const [, fields] of entries) {
    const index = fields.indexOf('score');
    if (index < 0) continue;
    try {
      const parsed = JudgeScoreRecord.safeParse(JSON.parse(fields[index + 1]!));
      if (parsed.success) records.push(parsed.data);
    } catch {
      // A torn entry is no judgement: skipped.
    }
  }
  return records;
}
