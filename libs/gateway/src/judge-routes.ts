import type { JudgeMetric, JudgeScoreRecord } from '@flywheel/contracts';
import { Router } from 'express';
import { openAiError } from './proxy-handler.js';
import { summariseJudgeScores, type FlagBars } from './judge-summary.js';

export interface JudgeRoutesOptions {
  /** The judge's persisted scores (production-monitor's `judgeKeys(run).scores`), newest first, at most `count`. */
  readScores: (count: number) => Promise<JudgeScoreRecord[]>;
  /** Suggestion bars per metric (seed 000's attention levels for relevance and accuracy). */
  bars?: Partial<Record<JudgeMetric, number>>;
  /** Outdated and bias rates above which a group gets a suggestion (`monitor.judge.outdatedBar`, `monitor.judge.biasBar`). */
  flagBars?: FlagBars;
  /** Most scores a summary reads. @defaultValue 10000 */
  summaryScores?: number;
}

const MAX_LIST = 1000;

/**
 * `/evaluations/judge` (the independent judge's scores, newest first; `?model=`, `?skill=`,
 * `?limit=` up to 1000, default 100) and `/evaluations/judge/summary` (per model and skill: the
 * means, hallucination, outdated and bias rates, and improvement suggestions).
 */
export function judgeRouter(options: JudgeRoutesOptions): Router {
  const router = Router();
  router.get('/evaluations/judge', async (req, res, next) => {
    try {
      const raw = req.query['limit'];
      const limit = raw === undefined ? 100 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST) {
        res.status(400).json(openAiError(`limit: expected a whole number from 1 to ${MAX_LIST}, got ${JSON.stringify(raw)}`, 'invalid_request_error', 'bad_request', 'limit'));
        return;
      }
      const model = typeof req.query['model'] === 'string' ? req.query['model'] : undefined;
      const skill = typeof req.query['skill'] === 'string' ? req.query['skill'] : undefined;
      const filtered = model !== undefined || skill !== undefined;
      const scores = (await options.readScores(filtered ? (options.summaryScores ?? 10_000) : limit))
        .filter((s) => (model === undefined || s.model === model) && (skill === undefined || s.skill === skill))
        .slice(0, limit);
      res.json({ count: scores.length, scores });
    } catch (error) {
      next(error);
    }
  });
  router.get('/evaluations/judge/summary', async (_req, res, next) => {
    try {
      const scores = await options.readScores(options.summaryScores ?? 10_000);
      res.json({ judged: scores.length, groups: summariseJudgeScores(scores, options.bars, options.flagBars) });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
