import { checkpointStep, inspectCheckpoint } from '@flywheel/checkpoints';
import type { StatusBody } from '@flywheel/contracts';
import type { Rotation } from '@flywheel/status-store';
import path from 'node:path';
import { continueCanary, startCanary } from './canary-deploy.js';
import type { CanaryDeps, CanaryRecordFields } from './canary-run.js';
import { nextChampion, type ChampionRead } from './champion-record.js';
import { deployGates, type GateInputs, type GateResult } from './deploy-gates.js';
import { readDeployInputs } from './deploy-inputs.js';
import { clearJournal, readJournal, writeJournal } from './deploy-journal.js';
import { appendDeploymentLine } from './deployment-log.js';
import { checkServing, type HealthResult } from './health-check.js';
import type { ServerControl } from './server-control.js';
import { servedCheckpoint, servedFolder, stageCheckpoint, switchCurrent } from './serving-link.js';
import type { GatewaySmoke } from './gateway-smoke.js';
import { championsNewestFirst, pruneServing, servedModel, settleServing } from './serving-settle.js';

export interface DeployDeps {
  statusDir: string;
  checkpointsDir: string;
  servingDir: string;
  server: ServerControl;
  baseUrl: string;
  smokePrompt: string;
  healthTimeoutMs: number;
  /** Writes last_deployment.json (through the status store). */
  writeStatus(body: DeploymentRecord): Promise<void>;
  /** Writes champion.json (through the status store). */
  writeChampion(body: StatusBody<'champion'>): Promise<void>;
  lock(): Promise<{ release(): Promise<void>; lost?(): string | null } | null>;
  now?: () => Date;
  /** `deploy.keepServed`: staged checkpoints kept in `<servingDir>/checkpoints`. @defaultValue 3 */
  keepServed?: number;
  /** `deploy.keepLoadedAdapters`: adapters kept loaded on a "lora" server (serving, previous, earlier champions). @defaultValue 2 */
  keepLoadedAdapters?: number;
  /**
   * `deploy.gatewayUrl`: after a success the smoke is also asked through the gateway, of its deployed
   * upstream (`upstream`, its first), within `timeoutMs` (@defaultValue 60 s, or `healthTimeoutMs` when shorter). Unset: no such smoke.
   */
  gateway?: { url: string; upstream: string; timeoutMs?: number };
  /** How `deployments.jsonl` is rotated (config `retention.jsonl*`). @defaultValue the config defaults */
  jsonlRotation?: Rotation;
  /** Canaries by live quality (config `canary.*`, with a server that serves both arms): absent, a promotion takes all traffic at once. */
  canary?: CanaryDeps;
}

export type DeploymentRecord = {
  checkpoint: string | null;
  deployed_at: string | null;
  score: number | null;
  success: boolean;
  previous: string | null;
  /** What serves now (after a rollback: the previous checkpoint). */
  serving: string | null;
  rolled_back: boolean;
  gates: GateResult['checks'];
  health: HealthResult | null;
  rollback_health: HealthResult | null;
  reason: string;
  /** The champion before this deployment, and after it (a failed deployment leaves it as it was). */
  champion_before: string | null;
  champion_after: string | null;
  /** Staged copies removed from `<servingDir>/checkpoints` after this deployment (`deploy.keepServed`). */
  serving_pruned?: string[];
  /** Why the serving folder could not be pruned, when it could not (nothing else is affected). */
  serving_prune_error?: string | null;
  /** The model name the server answers for `serving` (null: the server chooses): what the gateway sends its deployed upstream. */
  served_model?: string | null;
  /** Adapters unloaded after this deployment (`deploy.keepLoadedAdapters`), and why one could not be, if so. */
  adapters_unloaded?: string[];
  adapters_unload_error?: string | null;
  /** The smoke request through the gateway (`deploy.gatewayUrl`); null when none was sent. */
  gateway_smoke?: GatewaySmoke | null;
} & Partial<CanaryRecordFields>;

export type DeployOutcome =
  | { outcome: 'locked' }
  | { outcome: 'skipped'; gates: GateResult }
  | { outcome: 'deployed' | 'rolled-back' | 'recovered'; record: DeploymentRecord }
  /** A canary started, looked at (`record` null while too few pairs for a look), promoted or rolled back. */
  | { outcome: 'canary'; record: DeploymentRecord | null; detail: string };

/** A pass refused because a status file it decides on fails its schema: nothing staged, switched or deleted. */
function statusFilesRefused(reason: string): GateResult {
  return {
    candidate: null, pass: false, score: null, champion: null, becomes: null,
    checks: [{ gate: 'status-files', pass: false, test: 'every status file the deployer reads meets its schema (libs/contracts)', detail: reason }],
  };
}

/**
 * One pass of checkpoint-auto-deploy, under the deploy lock: finish off a deployment a crash
 * interrupted (by rolling it back), then promote model-comparison's best checkpoint if it
 * passes the gates: stage it, switch `current`, have the server serve it, check health and the
 * smoke prompt, and roll back to the previous checkpoint when either fails.
 */
export async function deployOnce(deps: DeployDeps): Promise<DeployOutcome> {
  const lock = await deps.lock();
  if (!lock) return { outcome: 'locked' };
  try {
    // Every pass, deployment or not: a server that stays up keeps writing its log.
    deps.server.rotateLog?.();
    const interrupted = await readJournal(deps.servingDir);
    if (interrupted) return { outcome: 'recovered', record: await recover(deps, interrupted) };
    const deployed = await servedCheckpoint(deps.servingDir);
    // While a canary is on trial nothing else is deployed: its live comparison decides first.
    const running = deps.canary ? await deps.canary.read() : null;
    if (running?.state === 'running') return await continueCanary(deps, deps.canary!, running, () => lock.lost?.() ?? null);
    const read = await readDeployInputs(deps.statusDir);
    if (!read.ok) return { outcome: 'skipped', gates: statusFilesRefused(read.reason) };
    // Checked against their schemas; the gates read them loosely (older files lack keys).
    const champion = read.inputs.champion as ChampionRead | null;
    const gates = await deployGates({
      comparison: read.inputs.comparison as GateInputs['comparison'],
      testing: read.inputs.testing as GateInputs['testing'],
      regression: read.inputs.regression as GateInputs['regression'],
      champion,
      deployed,
      complete: (name) => inspectCheckpoint(path.join(deps.checkpointsDir, name)),
    });
    if (!champion?.champion && deployed) {
      // Served before champion records existed: the gate failed closed; from now on the
      // deployed checkpoint is the one to beat, on the same examples.
      await deps.writeChampion(nextChampion(champion, {
        champion: deployed, score: null, at: now(deps), how: 'adopted', evidence: null,
        reason: `${deployed} was serving when no champion was recorded; adopted as champion (no promotion test)`,
      }));
    }
    // An explicit rollback (flywheel rollback) made a champion that does not serve: serve it.
    const rollback = champion?.how === 'rollback' && champion.champion && champion.champion !== deployed ? await rollbackGates(deps, champion.champion) : null;
    if (rollback && !rollback.pass) return { outcome: 'skipped', gates: rollback };
    if (!rollback && (!gates.pass || !gates.candidate)) return { outcome: 'skipped', gates };
    const chosen = rollback ?? gates;
    const candidate = chosen.candidate!;
    // A promotion with a champion serving goes to a share of the traffic first; the first checkpoint and rollbacks do not.
    if (deps.canary?.startNew && !rollback && deployed && champion?.champion === deployed) return await startCanary(deps, deps.canary, { candidate, champion: deployed, gates: chosen });
    await stageCheckpoint(deps.servingDir, candidate, path.join(deps.checkpointsDir, candidate));
    await writeJournal(deps.servingDir, { from: deployed, to: candidate, phase: 'switching', startedAt: now(deps).toISOString() });
    const health = await serveAndCheck(deps, candidate);
    // Another deployer may hold the lock now: write no champion or status over its work. The
    // journal stays, so the next pass that holds the lock recovers this one.
    const lost = lock.lost?.() ?? null;
    if (lost) throw new Error(`${lost}; ${candidate}'s deployment left unfinished (its journal makes the next pass recover it)`);
    let record: DeploymentRecord;
    if (health.healthy && health.smoke) {
      const better = chosen.checks.find((c) => c.gate === 'better');
      // A rollback's champion is already recorded; a promotion records its new champion.
      if (!rollback) {
        await deps.writeChampion(nextChampion(champion, {
          champion: candidate, score: chosen.score, at: now(deps), how: chosen.becomes ?? 'promoted', evidence: better?.evidence ?? null,
          reason: better?.detail ?? `${candidate} deployed`,
        }));
      }
      record = base(deps, candidate, chosen, deployed, {
        success: true, serving: candidate, rolled_back: false, health, rollback_health: null, champion_after: candidate,
        reason: rollback
          ? `${candidate} deployed by explicit rollback: ${health.detail}`
          : `${candidate} deployed and is the champion (${chosen.becomes === 'first' ? 'the first' : `replacing ${chosen.champion}`}): ${health.detail}`,
      });
    } else {
      const rollbackHealth = deployed ? await serveAndCheck(deps, deployed) : null;
      record = base(deps, candidate, chosen, deployed, {
        success: false, serving: deployed, rolled_back: deployed !== null, health, rollback_health: rollbackHealth, champion_after: chosen.champion,
        reason: `${candidate} failed (${health.detail}); ` + (deployed ? `rolled back to ${deployed}: ${rollbackHealth!.detail}` : 'nothing to roll back to'),
      });
    }
    await clearJournal(deps.servingDir);
    const champions = championsNewestFirst(champion);
    record = await pruneServing(deps, record, champions);
    record = await settleServing(deps, record, champions);
    await finish(deps, record);
    return { outcome: record.success ? 'deployed' : 'rolled-back', record };
  } finally {
    await lock.release();
  }
}

/** The gates of serving an explicit rollback's champion: only that it is complete on disk (a person chose it). */
async function rollbackGates(deps: DeployDeps, champion: string): Promise<GateResult> {
  if (checkpointStep(champion) === null) {
    const detail = `champion.json names ${JSON.stringify(champion)}, which is not a checkpoint name: refused`;
    return { candidate: null, pass: false, checks: [{ gate: 'name', pass: false, test: 'the candidate is a checkpoint folder name (checkpoint-<step>)', detail }], score: null, champion, becomes: null };
  }
  const disk = await inspectCheckpoint(path.join(deps.checkpointsDir, champion));
  const checks = [
    { gate: 'rollback', pass: true, test: 'champion.json was set by an explicit rollback (flywheel rollback)', detail: `${champion} is the champion by explicit rollback and does not serve` },
    { gate: 'complete', pass: disk.complete, test: 'trainer_state, weights, nothing in flight', detail: disk.complete ? 'complete on disk' : disk.reason ?? 'incomplete' },
  ];
  return { candidate: champion, pass: checks.every((c) => c.pass), checks, score: null, champion, becomes: null };
}

async function serveAndCheck(deps: DeployDeps, name: string): Promise<HealthResult> {
  await switchCurrent(deps.servingDir, name);
  try {
    await deps.server.serve({ name, path: servedFolder(deps.servingDir, name) });
  } catch (error) {
    return { healthy: false, smoke: false, detail: `could not start serving ${name}: ${(error as Error).message}`, seconds: 0 };
  }
  return checkServing(deps.baseUrl, deps.server.modelFor(name), deps.smokePrompt, deps.healthTimeoutMs);
}

/** A deployment cut off by a crash is never left half-switched: go back to what served before. */
async function recover(deps: DeployDeps, journal: NonNullable<Awaited<ReturnType<typeof readJournal>>>): Promise<DeploymentRecord> {
  const health = journal.from ? await serveAndCheck(deps, journal.from) : null;
  // Going back to what served before needs no status file; an invalid champion.json only
  // leaves the record without a champion, and says why.
  const read = await readDeployInputs(deps.statusDir);
  const champion = read.ok ? read.inputs.champion?.champion ?? null : null;
  const record = base(deps, journal.to, { candidate: journal.to, pass: true, checks: [], score: null, champion, becomes: null }, journal.from, {
    success: false, serving: journal.from, rolled_back: journal.from !== null, health: null, rollback_health: health, champion_after: champion,
    reason: `a deployment of ${journal.to} was interrupted (${journal.phase}); ` + (journal.from ? `rolled back to ${journal.from}: ${health!.detail}` : 'nothing to roll back to')
      + (read.ok ? '' : `; champion unknown: ${read.reason}`),
  });
  await clearJournal(deps.servingDir);
  await finish(deps, record);
  return record;
}

function base(
  deps: DeployDeps,
  checkpoint: string,
  gates: GateResult,
  previous: string | null,
  rest: Pick<DeploymentRecord, 'success' | 'serving' | 'rolled_back' | 'health' | 'rollback_health' | 'reason' | 'champion_after'>,
): DeploymentRecord {
  return { checkpoint, deployed_at: now(deps).toISOString(), score: gates.score, previous, gates: gates.checks, champion_before: gates.champion, ...rest, served_model: servedModel(deps, rest.serving) };
}

const now = (deps: DeployDeps) => deps.now?.() ?? new Date();

async function finish(deps: DeployDeps, record: DeploymentRecord): Promise<void> {
  await deps.writeStatus(record);
  await appendDeploymentLine(deps.statusDir, deps.jsonlRotation, record);
}
