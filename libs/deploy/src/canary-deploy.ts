import { checkpointStep } from '@flywheel/checkpoints';
import type { CanaryStatus } from '@flywheel/contracts';
import path from 'node:path';
import type { ChampionRead } from './champion-record.js';
import { canaryPass, promotedChampion, rejectedCanary, startedCanary, type CanaryDeps } from './canary-run.js';
import type { GateResult } from './deploy-gates.js';
import { readDeployInputs } from './deploy-inputs.js';
import type { DeployDeps, DeployOutcome, DeploymentRecord } from './deploy-once.js';
import { appendDeploymentLine } from './deployment-log.js';
import { checkServing } from './health-check.js';
import { servedFolder, stageCheckpoint, switchCurrent } from './serving-link.js';
import { championsNewestFirst, pruneServing, servedModel, settleServing } from './serving-settle.js';

const now = (deps: DeployDeps) => deps.now?.() ?? new Date();

/**
 * A promotion as a canary: the candidate is staged and loaded beside the champion (the server
 * serves both by model name, as vLLM serves several LoRA adapters), checked, and given
 * `share` of the gateway's deployed traffic through canary.json. `current` still names the
 * champion until the canary is promoted.
 */
export async function startCanary(deps: DeployDeps, canary: CanaryDeps, input: { candidate: string; champion: string; gates: GateResult }): Promise<DeployOutcome> {
  const { candidate, champion, gates } = input;
  const at = now(deps);
  await stageCheckpoint(deps.servingDir, candidate, path.join(deps.checkpointsDir, candidate));
  let health;
  try {
    await deps.server.serve({ name: candidate, path: servedFolder(deps.servingDir, candidate) });
    health = await checkServing(deps.baseUrl, deps.server.modelFor(candidate), deps.smokePrompt, deps.healthTimeoutMs);
  } catch (error) {
    health = { healthy: false, smoke: false, detail: `could not start serving ${candidate}: ${(error as Error).message}`, seconds: 0 };
  }
  const ok = health.healthy && health.smoke;
  const canaryModel = deps.server.modelFor(candidate) ?? candidate;
  const championModel = deps.server.modelFor(champion) ?? champion;
  if (ok) {
    await canary.write(startedCanary({ canary: candidate, champion, canaryModel, championModel, share: canary.share, at, score: gates.score, evidence: gates.checks.find((c) => c.gate === 'better')?.evidence }));
  }
  const record: DeploymentRecord = {
    checkpoint: candidate, deployed_at: at.toISOString(), score: gates.score, previous: champion, serving: champion, rolled_back: false, success: ok,
    gates: gates.checks, health, rollback_health: null, champion_before: champion, champion_after: champion,
    // The champion's adapter answers the rest of the traffic; both stay loaded while the canary runs.
    served_model: servedModel(deps, champion),
    reason: ok
      ? `${candidate} deployed as a canary on ${pct(canary.share)} of the traffic beside champion ${champion}: ${health.detail}`
      : `${candidate} failed as a canary (${health.detail}); champion ${champion} keeps all the traffic`,
    event: 'canary-start',
    canary: { checkpoint: candidate, champion, share: canary.share, pairs: 0, looks: 0, verdict: null },
  };
  await deps.writeStatus(record);
  await appendDeploymentLine(deps.statusDir, deps.jsonlRotation, record);
  return { outcome: 'canary', record, detail: record.reason };
}

/**
 * One pass over a running canary: a look when one is due; every look is a line of
 * deployments.jsonl; a promotion makes the canary champion and points `current` at it; a
 * rollback leaves the champion serving everything and rejects the canary.
 */
export async function continueCanary(deps: DeployDeps, canary: CanaryDeps, status: CanaryStatus, lost: () => string | null): Promise<DeployOutcome> {
  // The names become the serving link's target and champion.json's: only checkpoint folder names, whatever the file says.
  for (const name of [status.canary, status.champion]) {
    if (checkpointStep(name) === null) throw new Error(`canary.json names ${JSON.stringify(name)}, which is not a checkpoint name (checkpoint-<step>): the canary is not continued`);
  }
  const at = now(deps);
  const pass = await canaryPass(canary, status, at);
  if (pass.outcome === 'waiting') {
    return { outcome: 'canary', record: null, detail: `canary ${status.canary}: ${pass.pairs} matched pairs, the next look at ${pass.needed}` };
  }
  const { verdict } = pass;
  const fields = (event: NonNullable<DeploymentRecord['event']>) => ({
    event, canary: { checkpoint: status.canary, champion: status.champion, share: status.share, pairs: verdict.pairs, looks: verdict.look, verdict },
  });
  const common = { checkpoint: status.canary, deployed_at: at.toISOString(), score: null, previous: status.champion, gates: [], health: null, rollback_health: null, champion_before: status.champion };
  const look: DeploymentRecord = {
    ...common, success: true, serving: status.champion, rolled_back: false, champion_after: status.champion,
    reason: `canary ${status.canary} look ${verdict.look}: ${verdict.reason}`, ...fields('canary-look'),
  };
  await appendDeploymentLine(deps.statusDir, deps.jsonlRotation, look);
  if (verdict.verdict === 'continue') return { outcome: 'canary', record: look, detail: look.reason };
  // Another deployer may hold the lock now: decide nothing over its work (canary.json says decided; the look line is kept).
  const gone = lost();
  if (gone) throw new Error(`${gone}; canary ${status.canary}'s ${verdict.verdict} not carried out`);
  const read = await readDeployInputs(deps.statusDir);
  const championFile = read.ok ? (read.inputs.champion as ChampionRead | null) : null;
  let record: DeploymentRecord;
  if (verdict.verdict === 'promote') {
    await switchCurrent(deps.servingDir, status.canary);
    await deps.writeChampion(promotedChampion(championFile, status, verdict, at));
    record = {
      ...common, success: true, serving: status.canary, rolled_back: false, champion_after: status.canary,
      reason: `canary ${status.canary} promoted to all traffic and is the champion (replacing ${status.champion}): ${verdict.reason}`, ...fields('canary-promote'),
    };
  } else {
    if (championFile?.champion === status.champion) await deps.writeChampion(rejectedCanary(championFile, status.canary));
    record = {
      ...common, success: false, serving: status.champion, rolled_back: true, champion_after: status.champion,
      reason: `canary ${status.canary} rolled back: champion ${status.champion} serves all traffic again, ${status.canary} is rejected: ${verdict.reason}`, ...fields('canary-rollback'),
    };
  }
  // Decided: the loser's staged copy and adapter (and any beyond deploy.keepServed / keepLoadedAdapters) can go.
  const champions = championsNewestFirst(championFile);
  record = await pruneServing(deps, record, champions);
  record = await settleServing(deps, record, champions);
  await deps.writeStatus(record);
  await appendDeploymentLine(deps.statusDir, deps.jsonlRotation, record);
  return { outcome: 'canary', record, detail: record.reason };
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
