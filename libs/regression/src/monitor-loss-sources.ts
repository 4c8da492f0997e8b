import type { DaemonContext } from '@flywheel/daemon-runtime';
import { evaluationClientFor, validationRequest } from '@flywheel/evaluation';
import { readHeartbeats } from '@flywheel/status-store';
import { evaluatorLossSource } from './evaluator-loss-source.js';
import type { LossSource } from './loss-source.js';
import { trainerStateLossSource } from './trainer-state-loss-source.js';

export interface MonitorLossSources {
  sources: LossSource[];
  /** Why the evaluator is not asked, when it is not. */
  engineSkipped?: string;
  close(): Promise<void>;
}

/**
 * The loss sources of one monitor run, by `evaluation.lossSource`: "trainer_state" alone;
 * "engine": the evaluator, trainer_state as the fallback; "auto": like "engine" while an
 * evaluator's heartbeat is alive (else asking would only wait for nobody), trainer_state otherwise.
 */
export async function monitorLossSources(context: Pick<DaemonContext, 'config' | 'redis'>): Promise<MonitorLossSources> {
  const { config, redis } = context;
  const fallbackOnly = (engineSkipped?: string): MonitorLossSources => ({
    sources: [trainerStateLossSource],
    engineSkipped,
    close: async () => undefined,
  });
  const mode = config.evaluation.lossSource;
  if (mode === 'trainer_state') return fallbackOnly();
  if (!redis) return fallbackOnly('no Redis connection');
  if (mode === 'auto') {
    const beats = await readHeartbeats(redis, config.run).catch(() => null);
    if (beats?.evaluator.state !== 'alive') return fallbackOnly('no evaluator is running (evaluation.lossSource "auto")');
  }
  const client = evaluationClientFor(config);
  return {
    sources: [evaluatorLossSource((checkpoint) => client.evaluate(validationRequest(config, checkpoint, 'regression-monitor'))), trainerStateLossSource],
    close: () => client.close(),
  };
}
