import type { DaemonJob } from '@flywheel/contracts';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { checkpointStep, listCheckpoints, runLook } from '@flywheel/checkpoints';
import { readChampionAndDeployed } from '@flywheel/status-store';
import path from 'node:path';
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
    const checkpoints = await listCheckpoints(config.paths.checkpointsDir);
    const { champion } = await readChampionAndDeployed(statusStore);
    const newest = checkpoints.at(-1);
    status = await regressionCheck({
      checkpoints,
      window: config.regression.window,
      rules: { ...config.regression, baselineCheckpoints: config.analysis.baselineCheckpoints, runFalsePageRate: config.analysis.runFalsePageRate, runHorizon: config.analysis.runHorizon },
      lossSources: losses.sources,
      champion: champion ? (checkpoints.find((c) => c.name === champion) ?? { name: champion, step: checkpointStep(champion) ?? 0, path: path.join(config.paths.checkpointsDir, champion) }) : null,
      look: newest ? await runLook(config.paths.checkpointsDir, config.paths.statusDir, newest.step) : 1,
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
  readsNewestState: true,
};
