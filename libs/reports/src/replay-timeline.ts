import type { MonitorConfig } from '@flywheel/config';
import type { JudgeScoreRecord, ReportRecommendation, StatusIssue, TimelinePoint } from '@flywheel/contracts';
import {
  createMonitorState,
  ingestEntries,
  judgeWindow,
  round,
  scoresOf,
  windowMetrics,
  type Recommendation,
} from '@flywheel/production-monitor';
import type { RatingSample, RequestSample } from '@flywheel/production-monitor';
import type { TrafficEntry } from './traffic.js';
import type { WindowSafetyCost } from './window-safety-cost.js';

export interface ReplayStep {
  point: TimelinePoint;
  recommendation: Recommendation;
}

export interface Replay {
  steps: ReplayStep[];
  /** Every request and rating read, for the window-wide figures and the trend buckets. */
  requests: RequestSample[];
  ratings: RatingSample[];
  malformed: number;
  problems: StatusIssue[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Replays recorded traffic through the production monitor's plain functions: the entries are
 * ingested in time order (each checked against its contract there) and at every step end
 * `startMs + k·stepMs` (k = 1, 2, … up to `endMs`) the monitor's sliding window
 * (`monitor.windowSeconds` back from the step) is measured and judged. Nothing is written and
 * no command runs: the trigger's side effects belong to the live monitor.
 */
export async function replayTimeline(
  entries: AsyncIterable<TrafficEntry>,
  options: {
    startMs: number; endMs: number; stepMs: number; monitor: MonitorConfig; /** Gets every request of (start, end]. */ safetyCost?: WindowSafetyCost;
    /** The live judge's persisted scores: each request replayed carries its own, as it did in the monitor. */
    judgeScores?: readonly JudgeScoreRecord[];
  },
): Promise<Replay> {
  const { startMs, endMs, stepMs, monitor, safetyCost } = options;
  const judged = new Map((options.judgeScores ?? []).map((r) => [r.request_id, r]));
  const state = createMonitorState(monitor);
  const windowMs = monitor.windowSeconds * 1000;
  const steps: ReplayStep[] = [];
  const problems: StatusIssue[] = [];
  const count = Math.floor((endMs - startMs) / stepMs + 1e-9);
  let k = 1;
  // A pass at T sees every entry up to T: it runs once an entry after T arrives (or at the end).
  const passesBefore = (ms: number) => {
    for (; k <= count && startMs + k * stepMs < ms; k++) {
      const nowMs = startMs + k * stepMs;
      const metrics = windowMetrics(state.requests.between(nowMs - windowMs, nowMs), state.ratings.between(nowMs - windowMs, nowMs));
      const { health, recommendation } = judgeWindow(metrics, monitor);
      steps.push({
        point: {
          at: iso(nowMs),
          level: health.level,
          health_score: health.health_score === null ? null : round(health.health_score),
          grade: health.grade,
          requests: metrics.requests,
          ratings: metrics.ratings,
          breaches: health.breaches.map((b) => ({ ...b, value: round(b.value), score: round(b.score) })),
        },
        recommendation,
      });
      // Warm-up samples (before the start) matter only while a pass's window reaches back to them.
      state.requests.dropBefore(Math.min(startMs, nowMs - windowMs));
      state.ratings.dropBefore(Math.min(startMs, nowMs - windowMs));
    }
  };
  for await (const { stream, id, atMs, fields } of entries) {
    passesBefore(atMs);
    const outcome = ingestEntries(state, stream, [[id, fields]], monitor);
    for (const p of outcome.problems) problems.push({ source: `${p.stream} stream`, where: p.id, message: p.message });
    for (const { event, sample } of outcome.requests) {
      const score = judged.get(event.id);
      if (score) sample.judged = scoresOf(score);
      if (sample.atMs > startMs && sample.atMs <= endMs) safetyCost?.add(event);
    }
  }
  passesBefore(Infinity);
  return {
    steps,
    requests: state.requests.between(startMs, endMs),
    ratings: state.ratings.between(startMs, endMs),
    malformed: state.totals.malformed,
    problems,
  };
}

/**
 * The replay's recommendations as runs: consecutive steps asking for the same thing (action,
 * level, method, driver) become one entry, with the confidence and urgency of its most urgent
 * step. Steps with action `none` are left out.
 */
export function recommendationRuns(steps: readonly ReplayStep[], stepMs: number): ReportRecommendation[] {
  const runs: ReportRecommendation[] = [];
  let previousKey: string | null = null;
  for (const { point, recommendation: r } of steps) {
    if (r.action === 'none' || point.level === null) {
      previousKey = null;
      continue;
    }
    const key = JSON.stringify([r.action, point.level, r.method, r.driver]);
    const last = runs.at(-1);
    if (key === previousKey && last) {
      last.to = point.at;
      last.steps += 1;
      if (r.urgency > last.urgency) Object.assign(last, describe(r));
    } else {
      runs.push({ from: iso(Date.parse(point.at) - stepMs), to: point.at, steps: 1, level: point.level, action: r.action, method: r.method, driver: r.driver, ...describe(r) });
    }
    previousKey = key;
  }
  return runs;
}

function describe(r: Recommendation) {
  return { confidence: r.confidence, urgency: r.urgency, improvement_areas: r.improvement_areas, weak_skills: r.weak_skills.map((w) => w.skill), reason: r.reason };
}
