import { JUDGE_SCORES_MAX } from '@flywheel/contracts';
import { readJudgeScores } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import type { JudgeScores } from './live-quality.js';

/**
 * The production monitor's independent judge, as the canary reads it: each judged request's
 * task score (0–1) from the judge's capped stream. The stream holds at most JUDGE_SCORES_MAX
 * scores, so one read per pass is bounded; a canary request older than the newest that many
 * judgements keeps only its rating.
 */
export function judgeScoresOf(redis: Redis, run: string): JudgeScores {
  return {
    async scoresOf(requestIds) {
      if (requestIds.length === 0) return new Map();
      const wanted = new Set(requestIds);
      const scores = new Map<string, number>();
      // Newest first: a request judged twice counts its latest judgement.
      for (const record of await readJudgeScores(redis, run, { count: JUDGE_SCORES_MAX })) {
        if (wanted.has(record.request_id) && !scores.has(record.request_id)) scores.set(record.request_id, record.task_score);
      }
      return scores;
    },
  };
}
