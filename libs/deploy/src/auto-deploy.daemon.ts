import { redisNamespace, type DaemonJob } from '@flywheel/contracts';
import { jsonlRotation, logRotation } from '@flywheel/config';
import type { DaemonContext, DaemonSpec } from '@flywheel/daemon-runtime';
import { DEPLOYED_UPSTREAM } from '@flywheel/gateway';
import type { Redis } from 'ioredis';
import type { CanaryDeps } from './canary-run.js';
import { judgeScoresOf } from './judge-scores.js';
import { canaryRequests } from './canary-traffic.js';
import { acquireDeployLock } from './deploy-lock.js';
import { deployOnce } from './deploy-once.js';
import { commandServer, loraServer, pm2Server, type ServerControl } from './server-control.js';

export function serverControl(config: DaemonContext['config'], logger?: DaemonContext['logger']): ServerControl {
  const d = config.deploy;
  if (d.strategy === 'pm2') return pm2Server({ pm2Name: d.pm2Name });
  if (d.strategy === 'lora') return loraServer({ baseUrl: d.baseUrl ?? `http://127.0.0.1:${d.port}`, timeoutMs: d.healthTimeoutSeconds * 1000 });
  return commandServer({ command: d.command, port: d.port, servingDir: d.servingDir, logger, logRotation: logRotation(config) });
}

/**
 * The canary settings, when `canary.enabled` and the server serves both arms at once (the
 * "lora" strategy: both adapters loaded, chosen by model name); null otherwise, with the reason
 * for a canary that was asked for but cannot run.
 */
export function canaryDeps(config: DaemonContext['config'], context: Pick<DaemonContext, 'statusStore' | 'now'>, redis: Redis): { deps: CanaryDeps | null; refused: string | null } {
  const c = config.canary;
  if (config.deploy.strategy !== 'lora') {
    if (!c.enabled) return { deps: null, refused: null };
    return { deps: null, refused: `canary.enabled needs a server that serves the canary and the champion at once (deploy.strategy "lora"); "${config.deploy.strategy}" serves one: promotions take all traffic at once` };
  }
  const deployedUpstream = config.gateway.upstreams[0]?.name ?? DEPLOYED_UPSTREAM;
  // The production monitor's judge scores sampled answers of both arms alike (none when it is off).
  const judge = judgeScoresOf(redis, config.run);
  return {
    refused: null,
    // Built with canary.enabled off too: a canary already on trial runs to its decision (none starts).
    deps: {
      startNew: c.enabled,
      rules: { alpha: c.alpha, margin: c.margin, minHarm: c.minHarm, maxLooks: c.maxLooks },
      share: c.share, pairsPerLook: c.pairsPerLook, bucketSeconds: c.bucketSeconds,
      read: async () => {
        const read = await context.statusStore.read('canary');
        if (read.state === 'error') throw new Error(read.error);
        return read.state === 'present' ? read.data : null;
      },
      write: async (body) => {
        await context.statusStore.write('canary', body);
      },
      traffic: async (query) => (await canaryRequests(redis, { run: config.run, deployedUpstream, ratingWindowMs: config.gateway.requestTtlSeconds * 1000, now: context.now?.(), judge, ...query })).requests,
    },
  };
}

/** checkpoint-auto-deploy (seed 004 §8). */
export async function autoDeployProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger, redis } = context;
  if (!redis) throw new Error('checkpoint-auto-deploy needs Redis for its lock (one deployment at a time)');
  const canary = canaryDeps(config, context, redis);
  if (canary.refused) logger.warn(canary.refused);
  const result = await deployOnce({
    canary: canary.deps ?? undefined,
    statusDir: config.paths.statusDir,
    checkpointsDir: config.paths.checkpointsDir,
    servingDir: config.deploy.servingDir,
    server: serverControl(config, logger),
    baseUrl: config.deploy.baseUrl ?? `http://127.0.0.1:${config.deploy.port}`,
    smokePrompt: config.deploy.smokePrompt,
    healthTimeoutMs: config.deploy.healthTimeoutSeconds * 1000,
    keepServed: config.deploy.keepServed,
    keepLoadedAdapters: config.deploy.keepLoadedAdapters,
    gateway: config.deploy.gatewayUrl ? { url: config.deploy.gatewayUrl, upstream: config.gateway.upstreams[0]?.name ?? DEPLOYED_UPSTREAM } : undefined,
    jsonlRotation: jsonlRotation(config),
    writeStatus: async (record) => {
      await context.statusStore.write('deployment', record);
    },
    writeChampion: async (body) => {
      await context.statusStore.write('champion', body);
    },
    now: context.now,
    lock: () => acquireDeployLock(redis, `${redisNamespace(config.run).queuePrefix}:deploy-lock`, config.deploy.lockSeconds * 1000),
  });
  if (result.outcome === 'locked') logger.info({ trigger: job.kind }, 'another deployment is running');
  else if (result.outcome === 'skipped') {
    const failed = result.gates.checks.filter((c) => !c.pass);
    // A status file that fails its schema is a fault to fix, not an ordinary "not better".
    const unreadable = failed.find((c) => c.gate === 'status-files');
    if (unreadable) logger.warn({ trigger: job.kind }, `no deployment: ${unreadable.detail}`);
    else logger.info({ trigger: job.kind, candidate: result.gates.candidate, gates: failed }, 'no deployment');
  }
  else if (result.outcome === 'canary') logger.info({ checkpoint: result.record?.checkpoint, event: result.record?.event }, result.detail);
  else if (result.record.success) logger.info({ checkpoint: result.record.checkpoint, serving_pruned: result.record.serving_pruned }, result.record.reason);
  else logger.error({ checkpoint: result.record.checkpoint, serving: result.record.serving }, result.record.reason);
  if (result.outcome !== 'locked' && result.outcome !== 'skipped' && result.record?.serving_prune_error) logger.warn(result.record.serving_prune_error);
  if (result.outcome !== 'locked' && result.outcome !== 'skipped' && result.record?.adapters_unload_error) logger.warn({ adapters_unloaded: result.record.adapters_unloaded }, result.record.adapters_unload_error);
  if (result.outcome !== 'locked' && result.outcome !== 'skipped' && result.record?.gateway_smoke && !result.record.gateway_smoke.ok) logger.warn({ gateway_smoke: result.record.gateway_smoke }, 'the smoke through the gateway failed');
}

export const checkpointAutoDeploy: DaemonSpec = {
  name: 'checkpoint-auto-deploy',
  processor: autoDeployProcessor,
  subscribe: ['checkpoint.ready'],
  readsNewestState: true,
};
