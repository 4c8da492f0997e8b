import type { JudgeScoreRecord } from '@flywheel/contracts';
import { readJudgeScores } from '@flywheel/status-store';
import type { Redis } from 'ioredis';

/** The judge's persisted scores from Redis, newest first, for the judge routes. */
export function judgeScoresFromRedis(redis: Redis, run: string): (count: number) => Promise<JudgeScoreRecord[]> {
  return (count) => readJudgeScores(redis, run, { count });
}
