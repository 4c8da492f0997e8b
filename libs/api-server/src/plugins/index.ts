import type { ApiPlugin } from '../plugin.js';
import { accuracyHistoryPlugin } from './accuracy-history.plugin.js';
import { adversarialPlugin } from './adversarial.plugin.js';
import { alertsAckPlugin } from './alerts-ack.plugin.js';
import { alertsAnalysesPlugin } from './alerts-analyses.plugin.js';
import { alertsAnalystPlugin } from './alerts-analyst.plugin.js';
import { alertsSilencePlugin, alertsUnsilencePlugin } from './alerts-silence.plugin.js';
import { alertsStreamPlugin } from './alerts-stream.plugin.js';
import { alertsPlugin } from './alerts.plugin.js';
import { checkpointPinPlugin, checkpointUnpinPlugin } from './checkpoint-pin.plugin.js';
import { checkpointTrainerStatePlugin } from './checkpoint-trainer-state.plugin.js';
import { canaryPlugin } from './canary.plugin.js';
import { championPlugin } from './champion.plugin.js';
import { checkpointsPlugin } from './checkpoints.plugin.js';
import { confidencePlugin } from './confidence.plugin.js';
import { curriculumPlugin } from './curriculum.plugin.js';
import { daemonRunPlugin } from './daemon-run.plugin.js';
import { deploymentsPlugin } from './deployments.plugin.js';
import { evaluationsModelPlugin } from './evaluations-model.plugin.js';
import { evaluationsSummaryPlugin } from './evaluations-summary.plugin.js';
import { evaluationsPlugin } from './evaluations.plugin.js';
import { eventsPlugin } from './events.plugin.js';
import { feedbackExportPlugin } from './feedback-export.plugin.js';
import { feedbackRatePlugin } from './feedback-rate.plugin.js';
import { feedbackStatsPlugin } from './feedback-stats.plugin.js';
import { fineTuneAutoPlugin, fineTunePlugin, fineTuneTriggerPlugin } from './fine-tune.plugin.js';
import { gpuPlugin } from './gpu.plugin.js';
import { llmHealthPlugin } from './llm-health.plugin.js';
import { modelComparisonPlugin } from './model-comparison.plugin.js';
import { performanceBlacklistedPlugin } from './performance-blacklisted.plugin.js';
import { performanceMetricsPlugin } from './performance-metrics.plugin.js';
import { performanceRankingsPlugin } from './performance-rankings.plugin.js';
import { performanceSummaryPlugin } from './performance-summary.plugin.js';
import { performancePlugin } from './performance.plugin.js';
import { previewsPlugin } from './previews.plugin.js';
import { regressionPlugin } from './regression.plugin.js';
import { reportsPlugin } from './reports.plugin.js';
import { selfCorrectionPlugin } from './self-correction.plugin.js';
import { dataGenerationPlugin } from './data-generation.plugin.js';
import { testingPlugin } from './testing.plugin.js';
import { trainingPlugin } from './training.plugin.js';

/**
 * The status plugins, in the order `/api/status` lists them (the seed's endpoint list).
 */
export const STATUS_PLUGINS: readonly ApiPlugin[] = [
  trainingPlugin,
  adversarialPlugin,
  curriculumPlugin,
  regressionPlugin,
  modelComparisonPlugin,
  confidencePlugin,
  selfCorrectionPlugin,
  dataGenerationPlugin,
  testingPlugin,
  checkpointsPlugin,
  deploymentsPlugin,
  championPlugin,
  canaryPlugin,
  llmHealthPlugin,
  alertsAnalystPlugin,
];

/**
 * The plugins the API serves by default: the status files, then the other routes of
 * `docs/api.md`. To add one: write `src/plugins/<name>.plugin.ts` with `definePlugin(...)`
 * and add it here.
 */
export const DEFAULT_PLUGINS: readonly ApiPlugin[] = [
  ...STATUS_PLUGINS,
  gpuPlugin,
  eventsPlugin,
  previewsPlugin,
  accuracyHistoryPlugin,
  checkpointTrainerStatePlugin,
  daemonRunPlugin,
  checkpointPinPlugin,
  checkpointUnpinPlugin,
  feedbackRatePlugin,
  feedbackStatsPlugin,
  feedbackExportPlugin,
  performancePlugin,
  performanceRankingsPlugin,
  performanceMetricsPlugin,
  performanceBlacklistedPlugin,
  performanceSummaryPlugin,
  evaluationsPlugin,
  evaluationsModelPlugin,
  evaluationsSummaryPlugin,
  fineTunePlugin,
  fineTuneAutoPlugin,
  fineTuneTriggerPlugin,
  alertsPlugin,
  alertsAckPlugin,
  alertsSilencePlugin,
  alertsUnsilencePlugin,
  alertsAnalysesPlugin,
  alertsStreamPlugin,
  reportsPlugin,
];
