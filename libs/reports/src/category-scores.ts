import type { MonitorConfig } from '@flywheel/config';
import type { CategoryMetric, ReportCategory, ReportCategoryId } from '@flywheel/contracts';
import { letterGrade, metricScore, round, thresholdTable, type MetricThresholds, type WindowMetrics } from '@flywheel/production-monitor';
import { outdatedRateMetric } from './judge-flag-metrics.js';
import type { KnowledgeRetention } from './knowledge-retention.js';
import { statusData, type ReportStatuses } from './status-inputs.js';
import type { TrainerCurve } from './trainer-curve.js';
import type { TrainingPace } from './training-pace.js';

// Seed 000's four grading categories. Each metric's value becomes a 0–1 score by the formula
// written in its `basis`; a category's score is the mean of its scored metrics, graded on seed
// 000's scale (A+ ≥ 90 … F < 60 on score × 100). A metric without data is listed with a null
// value and left out of the mean; a category with no scored metric has a null score.

const TITLES: Record<ReportCategoryId, string> = {
  training_performance: 'Training performance',
  model_quality: 'Model quality',
  system_performance: 'System performance',
  knowledge_integration: 'Knowledge integration',
};

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const r6 = (x: number | null) => (x === null ? null : round(x));

function metric(m: Omit<CategoryMetric, 'value' | 'score'> & { value: number | null; score: number | null }): CategoryMetric {
  return { ...m, value: r6(m.value), score: m.score === null ? null : round(clamp01(m.score)) };
}

/** Resource use: full marks up to 80 % (headroom left), falling linearly to 0 at 100 %. */
export function headroomScore(percent: number): number {
  return clamp01(1 - Math.max(0, percent - 80) / 20);
}

/** A loss as 1 / perplexity = e^(−loss): the mean probability given to the reference token. */
export const lossScore = (loss: number) => Math.exp(-loss);

/**
 * Regression of the newest checkpoint's loss against the best earlier one, scored on the
 * monitor's anchors: 0 % → 1, half the threshold → 0.75, the threshold → 0.5, the critical
 * percentage → 0.25, twice it → 0. An improvement (negative) scores 1.
 */
export function convergenceThresholds(thresholdPercent: number, criticalPercent: number): MetricThresholds {
  return { direction: 'above', ideal: 0, attention: thresholdPercent / 2, warning: thresholdPercent, critical: criticalPercent, worst: 2 * criticalPercent };
}

function category(id: ReportCategoryId, metrics: CategoryMetric[], emptyNote: string): ReportCategory {
  const scored = metrics.filter((m) => m.score !== null);
  const missing = metrics.filter((m) => m.value === null).map((m) => m.label);
  if (scored.length === 0) return { id, title: TITLES[id], score: null, grade: null, note: emptyNote, metrics };
  const score = round(scored.reduce((sum, m) => sum + m.score!, 0) / scored.length);
  return { id, title: TITLES[id], score, grade: letterGrade(score), note: missing.length ? `no data for ${missing.join(', ')}` : null, metrics };
}

/** Seed 000's time efficiency: the recent pace (steps per hour between checkpoints) against the run's early pace (training-pace.ts). */
function timeEfficiencyMetric(pace: TrainingPace | null): CategoryMetric {
  const basis = !pace ? 'checkpoints not read (no paths.checkpointsDir)'
    : pace.efficiency === null ? `not measured: ${pace.missing}`
    : `min(1, steps/hour over the last ${pace.intervals} checkpoint intervals (${round(pace.recent_steps_per_hour!)}) / over the first ${pace.intervals} (${round(pace.early_steps_per_hour!)})): slowing down scores lower; times are the checkpoints' trainer_state.json file times (after checkpoint-sync: when they arrived)`;
  return metric({ id: 'time_efficiency', label: 'time efficiency (recent pace vs early pace)', value: pace?.recent_steps_per_hour ?? null, unit: 'steps/hour', score: pace?.efficiency ?? null, basis, source: 'checkpoint-<step>/trainer_state.json times', samples: pace?.checkpoints ?? null });
}

function trainingPerformance(statuses: ReportStatuses, curve: TrainerCurve | null, pace: TrainingPace | null): ReportCategory {
  const training = statusData(statuses, 'training');
  const regression = statusData(statuses, 'regression');
  // The trainer's own status first; else the newest checkpoint's last logged loss.
  const statusLoss = training?.loss ?? null;
  const loss = statusLoss ?? curve?.losses.at(-1) ?? null;
  const lossSource = statusLoss !== null || !curve ? 'training_status.json' : `trainer_state.json (${curve.checkpoint})`;
  const increase = regression?.increase_percent ?? null;
  const steps = training && training.current_step !== undefined && training.total_steps ? training.current_step / training.total_steps : null;
  return category(
    'training_performance',
    [
      metric({ id: 'training_loss', label: 'training loss', value: loss, unit: 'nats/token', score: loss === null ? null : lossScore(loss), basis: 'e^(−loss) = 1 / perplexity', source: lossSource, samples: null }),
      metric({
        id: 'convergence', label: 'loss vs best earlier checkpoint', value: increase, unit: '%',
        score: increase === null || !regression ? null : metricScore(increase, convergenceThresholds(regression.threshold_percent, regression.critical_percent)),
        basis: regression ? `0 % → 1, ${regression.threshold_percent} % (threshold) → 0.5, ${regression.critical_percent} % (critical) → 0.25, ${2 * regression.critical_percent} % → 0` : 'regression_monitoring.json not available',
        source: 'regression_monitoring.json', samples: regression?.evidence?.checkpoints?.length ?? null,
      }),
      timeEfficiencyMetric(pace),
      metric({ id: 'progress', label: 'training progress', value: steps, unit: 'share of steps', score: null, basis: 'shown, not scored: progress is not quality', source: 'training_status.json', samples: null }),
    ],
    'no training data: training_status.json, trainer_state.json and regression_monitoring.json have no loss',
  );
}

function modelQuality(statuses: ReportStatuses, window: WindowMetrics, monitor: MonitorConfig): ReportCategory {
  const testing = statusData(statuses, 'testing');
  const comparisons = statusData(statuses, 'model_comparison');
  const calibration = statusData(statuses, 'confidence');
  const accuracy = testing?.overall_accuracy ?? null;
  const best = comparisons?.rankings.find((r) => r.checkpoint === comparisons.best_checkpoint) ?? comparisons?.rankings[0];
  const loss = best?.loss ?? null;
  const ece = calibration?.ece ?? null;
  const corrected = window.quality.corrections.scored >= monitor.minSamples;
  const bleu = corrected ? window.quality.corrections.bleu : null;
  const rougeL = corrected ? window.quality.corrections.rouge_l : null;
  return category(
    'model_quality',
    [
      metric({ id: 'accuracy', label: 'accuracy (automated testing)', value: accuracy, unit: 'share', score: accuracy, basis: 'the accuracy itself', source: 'automated_testing.json', samples: null }),
      metric({
        id: 'eval_perplexity', label: `perplexity${best ? ` (${best.checkpoint})` : ''}`, value: loss === null ? null : Math.exp(loss), unit: 'perplexity',
        score: loss === null ? null : lossScore(loss), basis: '1 / perplexity = e^(−eval loss)', source: 'model_comparisons.json', samples: null,
      }),
      metric({ id: 'calibration_ece', label: 'calibration error (ECE)', value: ece, unit: 'share', score: ece === null ? null : 1 - ece, basis: '1 − ECE', source: 'confidence_calibration.json', samples: null }),
      metric({ id: 'correction_bleu', label: 'BLEU-4 of answers against users\' corrections', value: bleu, unit: '0–1', score: bleu, basis: corrected ? 'the mean BLEU-4 itself (bleu-score, lower-cased words)' : `fewer than ${monitor.minSamples} corrected answers in the window`, source: 'traffic (feedback corrections)', samples: window.quality.corrections.scored }),
      metric({ id: 'correction_rouge_l', label: 'ROUGE-L of answers against users\' corrections', value: rougeL, unit: '0–1', score: rougeL, basis: corrected ? 'the mean ROUGE-L F itself (js-rouge, case-insensitive)' : `fewer than ${monitor.minSamples} corrected answers in the window`, source: 'traffic (feedback corrections)', samples: window.quality.corrections.scored }),
    ],
    'no evaluation data: automated_testing.json, model_comparisons.json and confidence_calibration.json have no figure, and no answers were corrected',
  );
}

/**
 * Requests per second over the report's window. Served traffic is demand, not capacity, so it is
 * scored only against the load the operator says the system should carry
 * (`monitor.throughputTargetRps`): min(1, rate / target); without one it is shown, not scored.
 */
function throughputMetric(window: WindowMetrics, monitor: MonitorConfig): CategoryMetric {
  const t = window.throughput;
  const rps = t.requests_per_second;
  const target = monitor.throughputTargetRps ?? null;
  const tokens = t.output_tokens_per_second === null ? '' : `; ${round(t.output_tokens_per_second)} output tokens/s (${t.requests_with_usage} requests reported usage)`;
  const span = t.span_seconds === null ? 'no span' : `${window.requests} requests over the ${t.span_seconds} s window${tokens}`;
  const basis = target === null
    ? `shown, not scored: no capacity reference (set monitor.throughputTargetRps); ${span}`
    : `min(1, requests/s ÷ monitor.throughputTargetRps ${target}); ${span}`;
  return metric({ id: 'throughput', label: 'throughput (requests per second)', value: rps, unit: 'requests/s', score: rps === null || target === null ? null : rps / target, basis, source: 'traffic', samples: window.requests });
}

function systemPerformance(window: WindowMetrics, statuses: ReportStatuses, monitor: MonitorConfig): ReportCategory {
  const table = thresholdTable(monitor.thresholds);
  const enough = window.requests >= monitor.minSamples;
  const p95 = enough && window.response_time_ms.p95 !== null ? window.response_time_ms.p95 / 1000 : null;
  const errorRate = enough ? window.error_rate : null;
  const health = statusData(statuses, 'llm_health');
  const host = health?.metrics.host ?? null;
  const gpu = health?.cost?.gpu_utilization_percent ?? null;
  const rt = monitor.thresholds.responseTimeSeconds;
  return category(
    'system_performance',
    [
      metric({ id: 'response_time_p95', label: 'response time p95', value: p95, unit: 's', score: p95 === null ? null : metricScore(p95, table.response_time), basis: `monitor anchors: 0 s → 1, ${rt.attention} s → 0.75, ${rt.warning} s → 0.5, ${rt.critical} s → 0.25, ${2 * rt.critical} s → 0`, source: 'traffic', samples: window.requests }),
      metric({ id: 'error_rate', label: 'error rate', value: errorRate, unit: 'share', score: errorRate === null ? null : 1 - errorRate, basis: '1 − error rate (the share that succeeded)', source: 'traffic', samples: window.requests }),
      metric({ id: 'tokens_per_second', label: 'tokens per second (p50)', value: enough ? window.tokens_per_second.p50 : null, unit: 'tokens/s', score: null, basis: 'shown, not scored: no target in the configuration', source: 'traffic', samples: window.requests }),
      throughputMetric(window, monitor),
      metric({ id: 'host_memory', label: 'host memory in use', value: host?.memory_percent ?? null, unit: '%', score: host?.memory_percent == null ? null : headroomScore(host.memory_percent), basis: '1 up to 80 %, linearly to 0 at 100 %', source: 'llm_health.json', samples: null }),
      metric({ id: 'host_cpu', label: 'host CPU busy', value: host?.cpu_percent ?? null, unit: '%', score: host?.cpu_percent == null ? null : headroomScore(host.cpu_percent), basis: '1 up to 80 %, linearly to 0 at 100 %', source: 'llm_health.json', samples: null }),
      metric({ id: 'gpu_utilization', label: 'GPU utilisation', value: gpu, unit: '%', score: null, basis: 'shown, not scored: busy is not bad', source: 'llm_health.json cost', samples: null }),
    ],
    `no system data: fewer than ${monitor.minSamples} requests in the window and no host figures`,
  );
}

/** Seed 000's retention: the champion's accuracy per skill against the best earlier checkpoint's (knowledge-retention.ts); the figure itself is the score. */
function retentionMetric(retention: KnowledgeRetention | null): CategoryMetric {
  const value = retention?.retention ?? null;
  const skills = retention?.skills.map((k) => `${k.skill} ${round(k.current)} / ${round(k.best)} (${k.best_checkpoint}, ${k.examples} examples)`).join('; ');
  const basis = !retention ? 'status/evals not read'
    : value === null ? `not measured: ${retention.missing}`
    : `mean over skills of min(1, champion ${retention.champion}'s accuracy / the best an earlier checkpoint reached, same examples): ${skills}; compared with ${retention.compared.length} earlier checkpoints`;
  return metric({ id: 'retention', label: 'knowledge retention', value, unit: 'share', score: value, basis, source: 'status/champion.json, status/evals', samples: retention?.skills.length ?? null });
}

function knowledgeIntegration(window: WindowMetrics, monitor: MonitorConfig, retention: KnowledgeRetention | null): ReportCategory {
  const table = thresholdTable(monitor.thresholds);
  const rated = window.ratings >= monitor.minSamples;
  const asked = window.requests >= monitor.minSamples;
  const judged = window.quality.judged >= monitor.minSamples;
  const rating = rated ? window.user_rating : null;
  const corrections = rated ? window.correction_frequency : null;
  const unknown = asked ? window.unknown_query_rate : null;
  const accuracy = judged ? window.quality.accuracy : null;
  const relevance = judged ? window.quality.relevance : null;
  const grounded = (window.quality.context_judged ?? 0) >= monitor.minSamples;
  const hallucination = grounded ? window.quality.hallucination_rate : null;
  const t = monitor.thresholds;
  return category(
    'knowledge_integration',
    [
      metric({ id: 'user_rating', label: 'user rating', value: rating, unit: '1–5', score: rating === null ? null : metricScore(rating, table.user_rating), basis: `monitor anchors: 5 → 1, ${t.userRating.attention} → 0.75, ${t.userRating.warning} → 0.5, ${t.userRating.critical} → 0.25, 1 → 0`, source: 'traffic (feedback)', samples: window.ratings }),
      metric({ id: 'correction_frequency', label: 'correction frequency', value: corrections, unit: 'share', score: corrections === null ? null : metricScore(corrections, table.correction_frequency), basis: `monitor anchors: 0 → 1, ${t.correctionFrequency.attention} → 0.75, ${t.correctionFrequency.warning} → 0.5, ${t.correctionFrequency.critical} → 0.25, 1 → 0`, source: 'traffic (feedback)', samples: window.ratings }),
      metric({ id: 'unknown_query_rate', label: 'unknown-query rate', value: unknown, unit: 'share', score: unknown === null ? null : 1 - unknown, basis: '1 − share of answers that say they do not know', source: 'traffic', samples: window.requests }),
      metric({ id: 'judge_accuracy', label: 'judge accuracy', value: accuracy, unit: '0–1', score: accuracy === null ? null : metricScore(accuracy, table.accuracy), basis: judged ? `monitor anchors: 1 → 1, ${t.accuracy.attention} → 0.75, ${t.accuracy.warning} → 0.5, ${t.accuracy.critical} → 0.25, 0 → 0` : `fewer than ${monitor.minSamples} judged requests in the window (the live judge's scores, read from Redis: monitor.judge.*)`, source: 'traffic (judge)', samples: window.quality.judged }),
      metric({ id: 'judge_relevance', label: 'judge relevance', value: relevance, unit: '0–1', score: relevance === null ? null : metricScore(relevance, table.relevance), basis: judged ? `monitor anchors: 1 → 1, ${t.relevance.attention} → 0.75, ${t.relevance.warning} → 0.5, ${t.relevance.critical} → 0.25, 0 → 0` : `fewer than ${monitor.minSamples} judged requests in the window (the live judge's scores, read from Redis: monitor.judge.*)`, source: 'traffic (judge)', samples: window.quality.judged }),
      retentionMetric(retention),
      metric({ id: 'hallucination_rate', label: 'hallucination rate', value: hallucination, unit: 'share', score: hallucination === null ? null : 1 - hallucination, basis: grounded ? '1 − share of answers with context that the judge found unsupported by it' : `fewer than ${monitor.minSamples} judged answers whose prompt carried context`, source: 'traffic (judge)', samples: window.quality.context_judged }),
      outdatedRateMetric(window, monitor),
    ],
    `no knowledge data: fewer than ${monitor.minSamples} requests and ratings in the window`,
  );
}

/** The four categories of seed 000, from the window's traffic and the status files. */
export function categoryScores(window: WindowMetrics, statuses: ReportStatuses, monitor: MonitorConfig, curve: TrainerCurve | null = null, retention: KnowledgeRetention | null = null, pace: TrainingPace | null = null): ReportCategory[] {
  return [trainingPerformance(statuses, curve, pace), modelQuality(statuses, window, monitor), systemPerformance(window, statuses, monitor), knowledgeIntegration(window, monitor, retention)];
}
