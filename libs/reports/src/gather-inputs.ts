import type { CostConfig, MonitorConfig, SafetyConfig } from '@flywheel/config';
import { DEPLOYMENTS_LOG, JUDGE_SCORES_MAX } from '@flywheel/contracts';
import { readJudgeScores } from '@flywheel/production-monitor';
import { DEFAULT_JSONL_ROTATION, type Rotation, type StatusStore } from '@flywheel/status-store';
import type { Redis } from 'ioredis';
import path from 'node:path';
import { REPORT_STATUS_IDS, type ReportInputs } from './build-report.js';
import { readKnowledgeRetention } from './knowledge-retention.js';
import type { ReportStatuses } from './status-inputs.js';
import { readDeploymentLog } from './status-sections.js';
import { readTrainerCurve } from './trainer-curve.js';
import { readTrainingPace } from './training-pace.js';
import { noTraffic, redisTraffic, trafficFile, type TrafficSource } from './traffic.js';

export interface GatherOptions {
  now: Date;
  sinceSeconds: number;
  stepSeconds: number;
  monitor: MonitorConfig;
  /** Scanning and pricing of the window's responses; without them safety and cost come from llm_health.json. */
  safety?: SafetyConfig;
  cost?: CostConfig;
  statusStore: StatusStore;
  /** Where `checkpoint-<step>/` folders are (config `paths.checkpointsDir`), for the newest trainer_state.json's loss curve. */
  checkpointsDir?: string;
  /** A recorded traffic file (JSONL); takes precedence over Redis. */
  trafficFile?: string;
  /** The run's Redis, for its gateway and feedback streams. */
  redis?: Redis | null;
  /** Why there is no Redis (shown as the traffic source's detail). */
  redisError?: string | null;
  /** How deployments.jsonl is rotated (config `retention.jsonl*`): the deployments are read from it and its copies, bounded. @defaultValue the config defaults */
  jsonlRotation?: Rotation;
}

/** Reads what a report needs: the status files and the deployment log, and opens the traffic (file, else Redis streams; read by `buildReport`). */
export async function gatherReportInputs(options: GatherOptions): Promise<ReportInputs> {
  const endMs = options.now.getTime();
  // One monitor window before the start, so the first pass judges a full window.
  const fromMs = endMs - options.sinceSeconds * 1000 - options.monitor.windowSeconds * 1000;
  const run = options.statusStore.run;
  let traffic: TrafficSource;
  if (options.trafficFile) traffic = await trafficFile(options.trafficFile, fromMs, endMs);
  else if (options.redis) traffic = redisTraffic(options.redis, run, fromMs, endMs);
  else traffic = noTraffic(options.redisError ?? 'no Redis and no traffic file');
  const statuses: ReportStatuses = {};
  await Promise.all(REPORT_STATUS_IDS.map(async (id) => void (statuses[id] = (await options.statusStore.read(id)) as never)));
  const deploymentLog = await readDeploymentLog(path.join(options.statusStore.statusDir, DEPLOYMENTS_LOG), options.jsonlRotation ?? DEFAULT_JSONL_ROTATION);
  const trainer = options.checkpointsDir ? await readTrainerCurve(options.checkpointsDir) : undefined;
  // The judge's scores are kept in Redis whichever the traffic's source; unreadable, the judge figures are null.
  const judgeScores = options.redis ? await readJudgeScores(options.redis, run, { count: JUDGE_SCORES_MAX, sinceMs: fromMs }).catch(() => []) : [];
  const retention = await readKnowledgeRetention(options.statusStore.statusDir);
  const pace = options.checkpointsDir ? await readTrainingPace(options.checkpointsDir) : undefined;
  return { now: options.now, sinceSeconds: options.sinceSeconds, stepSeconds: options.stepSeconds, run, monitor: options.monitor, safety: options.safety, cost: options.cost, trainer, traffic, statuses, deploymentLog, judgeScores, retention, pace };
}
