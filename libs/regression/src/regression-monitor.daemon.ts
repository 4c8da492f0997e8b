import type { DaemonJob } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { listCheckpoints } from '@flywheel/checkpoints';
import { regressionCheck } from './regression-check.js';
import { monitorLossSources } from './monitor-loss-sources.js';

/**
 * The regression monitor's processor (seed 004 §3): every job — its interval tick, a new
 * checkpoint, or a manual run — re-judges the newest checkpoints and rewrites
 * `regression_monitoring.json`.
 */
export async function regressionMonitorProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger, statusStore } = context;
  const losses = await monitorLossSources(context);
  if (losses.engineSkipped) logger.debug({ reason: losses.engineSkipped }, 'losses from trainer_state.json');
  let status;
  try {
    status = await regressionCheck({
      checkpoints: await listCheckpoints(config.paths.checkpointsDir),
      window: config.regression.window,
      rules: { ...config.regression, baselineCheckpoints: config.analysis.baselineCheckpoints },
      lossSources: losses.sources,
    });
  } finally {
    await losses.close();
  }
  await statusStore.write('regression', status);
  for (const problem of status.errors) logger.warn({ problem }, 'checkpoint skipped');
  const summary = {
    trigger: job.kind === 'checkpoint.ready' ? job.checkpoint : job.kind,
    checkpoint: status.checkpoint,
    increasePercent: status.increase_percent,
    alertLevel: status.alert_level,
  };
  if (status.regression_detected) logger.warn(summary, `regression: ${status.evidence.reason}`);
  else logger.info(summary, status.evidence.reason);
}

export const regressionMonitor: DaemonSpec = {
  name: 'regression-monitor',
  processor: regressionMonitorProcessor,
  subscribe: ['checkpoint.ready'],
};
