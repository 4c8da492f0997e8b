import { JudgeScoreRecord, judgeKeys } from '@flywheel/contracts';
import type { Redis } from 'ioredis';

/** Reads the judge's persisted scores from Redis, newest first; entries that are no valid record are skipped. */
export function judgeScoresFromRedis(redis: Redis, run: string): (count: number) => Promise<JudgeScoreRecord[]> {
  return async (count) => {
    const entries = (await redis.xrevrange(judgeKeys(run).scores, '+', '-', 'COUNT', count)) as [string, string[]][];
    const records: JudgeScoreRecord[] = [];
    for (const [, fields] of entries) {
      const at = fields.indexOf('score');
      if (at < 0) continue;
      try {
        const parsed = JudgeScoreRecord.safeParse(JSON.parse(fields[at + 1]!));
        if (parsed.success) records.push(parsed.data);
      } catch {
        // A torn entry is no score.
      }
    }
    return records;
  };
}
