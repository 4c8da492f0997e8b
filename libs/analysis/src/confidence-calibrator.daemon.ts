import type { DaemonJob, EvalRecord, StatusBody } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { bestTemperature, calibration } from '@flywheel/statistics';
import { recentEvaluations } from './recent-evaluations.js';

const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/** confidence_calibration.json for one checkpoint's records. */
export function calibrationStatus(checkpoint: string | null, records: readonly EvalRecord[], bins: number, eceThreshold: number): StatusBody<'confidence'> {
  const measured = records.filter((r): r is EvalRecord & { confidence: number } => typeof r.confidence === 'number');
  const conf = measured.map((r) => r.confidence);
  const right = measured.map((r) => r.correct);
  const result = calibration(conf, right, bins);
  const unsupported = records.find((r) => typeof r.confidence !== 'number')?.confidence;
  const temperature = bestTemperature(conf, right);
  return {
    checkpoint,
    bins: result.bins.map((b) => ({ range: b.range, accuracy: round(b.accuracy), count: b.count, mean_confidence: round(b.meanConfidence) })),
    ece: round(result.ece),
    well_calibrated: result.ece !== null && result.ece <= eceThreshold,
    brier: round(result.brier),
    ece_threshold: eceThreshold,
    examples: measured.length,
    // T > 1: the model is over-confident and its confidences should be softened; T < 1: under-confident.
    temperature: temperature === null ? null : round(temperature),
    ...(measured.length === 0 && unsupported && typeof unsupported !== 'number' ? { unsupported: unsupported.unsupported } : {}),
  };
}

/** confidence-calibrator (seed 004 §5): how far the newest checkpoint's confidence is from its accuracy. */
export async function confidenceCalibratorProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const { evaluated, problems } = await recentEvaluations(context, 1, 'confidence-calibrator');
  const newest = evaluated.at(-1);
  if (!newest) {
    for (const p of problems) logger.warn({ problem: p }, 'nothing to calibrate');
    return;
  }
  const status = calibrationStatus(newest.checkpoint, newest.result.records, config.calibration.bins, config.calibration.eceThreshold);
  await context.statusStore.write('confidence', { ...status, errors: problems });
  logger.info({ trigger: job.kind, checkpoint: newest.checkpoint, ece: status.ece, temperature: status['temperature'] }, 'calibration measured');
}

export const confidenceCalibrator: DaemonSpec = {
  name: 'confidence-calibrator',
  processor: confidenceCalibratorProcessor,
  subscribe: ['checkpoint.ready'],
  readsNewestState: true,
};
