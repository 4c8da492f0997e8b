import path from 'node:path';
import { unloadOldAdapters } from './adapter-retention.js';
import type { ChampionRead } from './champion-record.js';
import type { DeployDeps, DeploymentRecord } from './deploy-once.js';
import { smokeThroughGateway } from './gateway-smoke.js';
import { pruneServedCheckpoints } from './serving-retention.js';

/** How long the gateway has, by default, to answer as the new checkpoint: it re-reads last_deployment.json every 2 s. */
const GATEWAY_SMOKE_MS = 60_000;

/** champion.json's champion, then its history, newest first: the checkpoints most recently served. */
export function championsNewestFirst(champion: ChampionRead | null): string[] {
  const names = [...(champion?.history ?? [])].reverse().map((h) => h.champion);
  if (champion?.champion) names.unshift(champion.champion);
  return names;
}

/**
 * After a deployment is decided (served, or rolled back): for a success, when `deploy.gatewayUrl`
 * is set, publish the record (the gateway routes `deployed` to its `served_model`) and ask the
 * gateway as a user would; then unload the adapters beyond `deploy.keepLoadedAdapters`. Nothing
 * is unloaded while users may still be sent an older adapter: not when the smoke through the
 * gateway failed. Neither step fails the deployment; both are recorded.
 */
export async function settleServing(deps: DeployDeps, record: DeploymentRecord, champions: string[]): Promise<DeploymentRecord> {
  let settled: DeploymentRecord = { ...record, served_model: record.served_model ?? servedModel(deps, record.serving), gateway_smoke: null };
  if (settled.success && settled.serving && deps.gateway) {
    await deps.writeStatus(settled);
    const smoke = await smokeThroughGateway({
      gatewayUrl: deps.gateway.url, upstream: deps.gateway.upstream, expectedModel: settled.served_model ?? null,
      prompt: deps.smokePrompt, timeoutMs: deps.gateway.timeoutMs ?? Math.min(deps.healthTimeoutMs, GATEWAY_SMOKE_MS),
    });
    settled = { ...settled, gateway_smoke: smoke, reason: smoke.ok ? settled.reason : `${settled.reason}; the smoke through the gateway failed: ${smoke.detail}` };
    if (!smoke.ok) return { ...settled, adapters_unloaded: [], adapters_unload_error: 'no adapter unloaded: the smoke through the gateway failed, so users may still be sent an older one' };
  }
  const result = await unloadOldAdapters(deps.server, deps.servingDir, {
    serving: settled.serving, previous: settled.previous, champions, keep: deps.keepLoadedAdapters ?? 2,
  });
  return { ...settled, adapters_unloaded: result.unloaded, adapters_unload_error: result.error };
}

/**
 * Every deployment stages a whole checkpoint (a canary too): keep what serves, what served before
 * (the rollback target) and the newest earlier champions up to `keepServed`; remove the rest. A
 * failure to prune is reported in the record and never fails the deployment.
 */
export async function pruneServing(deps: DeployDeps, record: DeploymentRecord, champions: string[]): Promise<DeploymentRecord> {
  try {
    const removed = await pruneServedCheckpoints(deps.servingDir, { serving: record.serving, previous: record.previous, champions, keep: deps.keepServed ?? 3 });
    return { ...record, serving_pruned: removed, serving_prune_error: null };
  } catch (error) {
    return { ...record, serving_pruned: [], serving_prune_error: `could not prune ${path.join(deps.servingDir, 'checkpoints')}: ${(error as Error).message}` };
  }
}

/** The model name the server answers for `checkpoint` (null: the server chooses, as under "pm2"). */
export function servedModel(deps: Pick<DeployDeps, 'server'>, checkpoint: string | null): string | null {
  return checkpoint ? deps.server.modelFor(checkpoint) : null;
}
