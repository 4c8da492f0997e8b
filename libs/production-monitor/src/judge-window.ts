import type { MonitorConfig } from '@flywheel/config';
import { assessHealth, thresholdTable } from './health-levels.js';
import { recommend } from './recommendation.js';
import type { WindowMetrics } from './window-metrics.js';

/**
 * A window's figures judged against seed 000's table: the level, score and breaches, and the
 * recommendation. The one place the monitor's pass and the report's replay both call, so a
 * report's timeline is the monitor's own verdict.
 */
export function judgeWindow(metrics: WindowMetrics, monitor: MonitorConfig) {
  const table = thresholdTable(monitor.thresholds);
  const rt = metrics.response_time_ms.p95;
  const health = assessHealth(
    {
      relevance: { value: metrics.quality.relevance, samples: metrics.quality.judged },
      accuracy: { value: metrics.quality.accuracy, samples: metrics.quality.judged },
      response_time: { value: rt === null ? null : rt / 1000, samples: metrics.requests },
      user_rating: { value: metrics.user_rating, samples: metrics.ratings },
      correction_frequency: { value: metrics.correction_frequency, samples: metrics.ratings },
    },
    table,
    monitor,
  );
  return { table, health, recommendation: recommend(health, metrics.by_skill, monitor) };
}
