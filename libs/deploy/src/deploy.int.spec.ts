// Deployments with a real server process started from a command template, and a real Redis lock.
import { describe, expect, it } from '@jest/globals';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { freePort, redisPerFile, tempDir } from '@flywheel/testing';
import type { Rotation } from '@flywheel/status-store';
import { Redis } from 'ioredis';
import { mkdir, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollbackChampion } from './champion-rollback.js';
import { acquireDeployLock } from './deploy-lock.js';
import { writeJournal } from './deploy-journal.js';
import { deployOnce, type DeployDeps, type DeploymentRecord } from './deploy-once.js';
import { commandServer } from './server-control.js';
import { switchCurrent } from './serving-link.js';

// The deployer checks every status file against its schema: write them as the status store does, stamped.
const stamped = (body: object) => JSON.stringify({ ...body, last_update: new Date().toISOString(), schema_version: 1 });

const SERVER = fileURLToPath(new URL('./__fixtures__/serving-server.mjs', import.meta.url));
const redis = redisPerFile();

async function setup() {
  const t = await tempDir('deploy');
  const checkpointsDir = path.join(t.dir, 'current_model');
  const statusDir = path.join(t.dir, 'status');
  const servingDir = path.join(t.dir, 'serving');
  await mkdir(statusDir, { recursive: true });
  await mkdir(servingDir, { recursive: true });
  for (const step of [100, 200, 300, 400]) {
    await writeSimulatedCheckpoint(checkpointsDir, { step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000 });
  }
  await writeFile(path.join(checkpointsDir, 'checkpoint-300', 'BROKEN'), 'this one fails its health check');
  const port = await freePort();
  const statuses: DeploymentRecord[] = [];
  const deps = (lockConnection = redis.client, retention: { jsonl?: Rotation; log?: Rotation } = {}): DeployDeps => ({
    statusDir, checkpointsDir, servingDir, jsonlRotation: retention.jsonl,
    server: commandServer({ command: `node ${SERVER} --port {port} --name {name} --checkpoint {path}`, port, servingDir, stopGraceMs: 5_000, logRotation: retention.log }),
    baseUrl: `http://127.0.0.1:${port}`, smokePrompt: 'Hello', healthTimeoutMs: 3_000,
    writeStatus: async (r) => void statuses.push(r),
    writeChampion: (body) => writeFile(path.join(statusDir, 'champion.json'), stamped(body)),
    lock: () => acquireDeployLock(lockConnection, `lock:${t.dir}`, 60_000),
  });
  // `promoted`: model-comparison's paired test of `best` against `champion` passed (or not).
  const rank = (best: string, scores: Record<string, [number, number]>, test?: { champion: string; pass: boolean }) =>
    writeFile(path.join(statusDir, 'model_comparisons.json'), stamped({
      best_checkpoint: best,
      rankings: Object.entries(scores).map(([checkpoint, [score, low]]) => ({ checkpoint, score, score_interval: [low, score + 0.05], accuracy: null, loss: null, ece: null })),
      promotion: test ? { champion: test.champion, challenger: best, pass: test.pass, test: 'paired z-test', challenger_score: scores[best]![0], reason: test.pass ? 'better' : 'not shown better' } : null,
    }));
  const champion = async () => JSON.parse(await readFile(path.join(statusDir, 'champion.json'), 'utf8')) as { champion: string; how: string; history: unknown[] };
  const served = async () => ((await (await fetch(`http://127.0.0.1:${port}/v1/models`)).json()) as { data: { id: string }[] }).data[0]!.id;
  const history = async () => (await readFile(path.join(statusDir, 'deployments.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  const stopServer = async () => {
    const pid = Number((await readFile(path.join(servingDir, 'server.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
    if (pid) try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  };
  return { t, deps, rank, served, history, statuses, statusDir, servingDir, stopServer, champion };
}

describe('checkpoint-auto-deploy', () => {
  it('deploys the first checkpoint, then only one that beat the champion, recording the champion', async () => {
    const s = await setup();
    try {
      await s.rank('checkpoint-100', { 'checkpoint-100': [0.6, 0.55] });
      expect(await deployOnce(s.deps())).toMatchObject({ outcome: 'deployed', record: { checkpoint: 'checkpoint-100', previous: null, success: true, champion_before: null, champion_after: 'checkpoint-100' } });
      expect(await s.served()).toBe('checkpoint-100');
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-100', how: 'first' });
      // Ranked first, but the paired test against the champion did not show it better.
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.62, 0.58], 'checkpoint-100': [0.6, 0.55] }, { champion: 'checkpoint-100', pass: false });
      const refused = await deployOnce(s.deps());
      expect(refused).toMatchObject({ outcome: 'skipped' });
      expect(refused.outcome === 'skipped' && refused.gates.checks.find((c) => !c.pass)?.gate).toBe('better');
      // The champion fell out of the ranking and model-comparison could not test against it: closed.
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65] });
      const closed = await deployOnce(s.deps());
      expect(closed.outcome === 'skipped' && closed.gates.checks.find((c) => c.gate === 'better')?.detail).toContain('no promotion test against champion checkpoint-100');
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65], 'checkpoint-100': [0.6, 0.55] }, { champion: 'checkpoint-100', pass: true });
      expect(await deployOnce(s.deps())).toMatchObject({ outcome: 'deployed', record: { checkpoint: 'checkpoint-200', previous: 'checkpoint-100', serving: 'checkpoint-200', score: 0.7 } });
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-200', how: 'promoted', previous: 'checkpoint-100' });
      expect((await s.champion()).history).toHaveLength(2);
      expect(await s.served()).toBe('checkpoint-200');
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-200'));
      expect(await s.history()).toBe(2);
    } finally {
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  it('rolls back to the previous checkpoint when the new server fails its health check', async () => {
    const s = await setup();
    try {
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65] });
      await deployOnce(s.deps());
      await s.rank('checkpoint-300', { 'checkpoint-300': [0.8, 0.75], 'checkpoint-200': [0.7, 0.65] }, { champion: 'checkpoint-200', pass: true });
      const result = await deployOnce(s.deps());
      // A deployment that failed leaves the champion as it was.
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-200' });
      expect(result).toMatchObject({
        outcome: 'rolled-back',
        record: { checkpoint: 'checkpoint-300', success: false, rolled_back: true, serving: 'checkpoint-200', previous: 'checkpoint-200' },
      });
      expect(result.outcome === 'rolled-back' && result.record.health?.detail).toMatch(/^not healthy within 3000 ms: \/health answered 503/);
      expect(await s.served()).toBe('checkpoint-200');
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-200'));
    } finally {
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  it('fails closed when something serves without a champion record, and adopts what serves as champion', async () => {
    const s = await setup();
    try {
      await s.rank('checkpoint-100', { 'checkpoint-100': [0.6, 0.55] });
      await deployOnce(s.deps());
      await rm(path.join(s.t.dir, 'status', 'champion.json'));
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.9, 0.85], 'checkpoint-100': [0.6, 0.55] });
      const refused = await deployOnce(s.deps());
      expect(refused.outcome === 'skipped' && refused.gates.checks.find((c) => c.gate === 'better')).toMatchObject({
        pass: false, detail: expect.stringContaining('checkpoint-100 is deployed but champion.json records no champion'),
      });
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-100', how: 'adopted' });
      expect(await s.served()).toBe('checkpoint-100');
    } finally {
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  it('serves the champion an explicit rollback named, the one way its score may go down', async () => {
    const s = await setup();
    try {
      await s.rank('checkpoint-100', { 'checkpoint-100': [0.6, 0.55] });
      await deployOnce(s.deps());
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65], 'checkpoint-100': [0.6, 0.55] }, { champion: 'checkpoint-100', pass: true });
      await deployOnce(s.deps());
      const before = await s.champion();
      await writeFile(path.join(s.t.dir, 'status', 'champion.json'), stamped(rollbackChampion(before as never, 'checkpoint-100', 'users report worse answers', new Date('2026-03-01T00:00:00.000Z'))));
      const result = await deployOnce(s.deps());
      expect(result).toMatchObject({ outcome: 'deployed', record: { checkpoint: 'checkpoint-100', previous: 'checkpoint-200', serving: 'checkpoint-100', champion_after: 'checkpoint-100' } });
      expect(result.outcome === 'deployed' && result.record.gates.map((g) => g.gate)).toEqual(['rollback', 'complete']);
      expect(await s.served()).toBe('checkpoint-100');
      // The score it had as champion before; the history keeps all three changes.
      expect(await s.champion()).toMatchObject({ champion: 'checkpoint-100', how: 'rollback', score: 0.6, previous: 'checkpoint-200' });
      expect((await s.champion()).history).toHaveLength(3);
      // Served now: the next pass is an ordinary one again (200 is ranked first but not tested against 100).
      expect((await deployOnce(s.deps())).outcome).toBe('skipped');
    } finally {
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  describe('hostile input: growth of the serving folder and the deploy files', () => {
    it('keeps only what serves and what a rollback needs in the serving folder (deploy.keepServed)', async () => {
      const s = await setup();
      try {
        const staged = path.join(s.servingDir, 'checkpoints');
        const deps = () => ({ ...s.deps(), keepServed: 2 });
        await s.rank('checkpoint-100', { 'checkpoint-100': [0.6, 0.55] });
        await deployOnce(deps());
        // Not a checkpoint folder: never a candidate for removal.
        await mkdir(path.join(staged, 'notes'), { recursive: true });
        await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65], 'checkpoint-100': [0.6, 0.55] }, { champion: 'checkpoint-100', pass: true });
        expect(await deployOnce(deps())).toMatchObject({ outcome: 'deployed', record: { serving: 'checkpoint-200', serving_pruned: [] } });
        await s.rank('checkpoint-400', { 'checkpoint-400': [0.8, 0.75], 'checkpoint-200': [0.7, 0.65] }, { champion: 'checkpoint-200', pass: true });
        expect(await deployOnce(deps())).toMatchObject({ outcome: 'deployed', record: { serving: 'checkpoint-400', previous: 'checkpoint-200', serving_pruned: ['checkpoint-100'], serving_prune_error: null } });
        expect((await readdir(staged)).sort()).toEqual(['checkpoint-200', 'checkpoint-400', 'notes']);
        expect(await s.served()).toBe('checkpoint-400');
      } finally {
        await s.stopServer();
        await s.t.remove();
      }
    }, 60_000);
  });

  it('lets only one of two racing deployers deploy', async () => {
    const s = await setup();
    const other = new Redis(redis.server.url);
    try {
      await s.rank('checkpoint-400', { 'checkpoint-400': [0.9, 0.85] });
      const outcomes = await Promise.all([deployOnce(s.deps()), deployOnce(s.deps(other))]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['deployed', 'locked']);
      expect(await s.history()).toBe(1);
      expect(await s.served()).toBe('checkpoint-400');
    } finally {
      other.disconnect();
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  it('rolls back a deployment a crash left half-switched', async () => {
    const s = await setup();
    try {
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65] });
      await deployOnce(s.deps());
      // A deployer died after switching to 400 and before checking it.
      await writeJournal(s.servingDir, { from: 'checkpoint-200', to: 'checkpoint-400', phase: 'verifying', startedAt: new Date().toISOString() });
      await mkdir(path.join(s.servingDir, 'checkpoints', 'checkpoint-400'), { recursive: true });
      await switchCurrent(s.servingDir, 'checkpoint-400');
      const result = await deployOnce(s.deps());
      expect(result).toMatchObject({ outcome: 'recovered', record: { serving: 'checkpoint-200', rolled_back: true, success: false } });
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-200'));
      expect(await s.served()).toBe('checkpoint-200');
    } finally {
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  it('stops at a damaged deploy journal, naming the file and the field, and switches nothing', async () => {
    const s = await setup();
    try {
      await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65] });
      await deployOnce(s.deps());
      const journal = path.join(s.servingDir, 'deploy-journal.json');
      await writeFile(journal, JSON.stringify({ from: '../../current_model/checkpoint-100', to: 'checkpoint-400', phase: 'verifying', startedAt: new Date().toISOString() }));
      await expect(deployOnce(s.deps())).rejects.toThrow(`${journal}: from: expected "checkpoint-<step>"`);
      expect(await readlink(path.join(s.servingDir, 'current'))).toBe(path.join('checkpoints', 'checkpoint-200'));
      expect(await s.served()).toBe('checkpoint-200');
    } finally {
      await s.stopServer();
      await s.t.remove();
    }
  }, 60_000);

  describe('hostile input: status files the deployer reads', () => {
    it('refuses, staging and deleting nothing, when a status file it reads fails its schema, naming the file and the field', async () => {
      const s = await setup();
      const statusDir = path.join(s.t.dir, 'status');
      const tree = async () => [
        ...(await readdir(path.join(s.t.dir, 'current_model'), { recursive: true })).map((f) => `current_model/${f}`),
        ...(await readdir(s.servingDir, { recursive: true })).map((f) => `serving/${f}`),
      ].sort();
      try {
        await s.rank('checkpoint-100', { 'checkpoint-100': [0.6, 0.55] });
        await deployOnce(s.deps());
        const before = { tree: await tree(), champion: await readFile(path.join(statusDir, 'champion.json'), 'utf8'), history: await s.history() };
        const refusal = async () => {
          const result = await deployOnce(s.deps());
          expect(result.outcome).toBe('skipped');
          const check = result.outcome === 'skipped' ? result.gates.checks : [];
          expect(check).toHaveLength(1);
          expect(check[0]).toMatchObject({ gate: 'status-files', pass: false });
          return check[0]!.detail;
        };

        // A best checkpoint that is a path, not a checkpoint name: staging it would `rm -rf` outside the serving folder.
        const comparisons = path.join(statusDir, 'model_comparisons.json');
        await writeFile(comparisons, stamped({ best_checkpoint: '../../current_model', rankings: [{ checkpoint: 'checkpoint-100', score: 0.9, accuracy: null, loss: null, ece: null }] }));
        expect(await refusal()).toBe(`refused: model_comparisons.json (${comparisons}): best_checkpoint: expected "checkpoint-<step>"`);

        // A field of the wrong type in another file the gates read.
        await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65], 'checkpoint-100': [0.6, 0.55] }, { champion: 'checkpoint-100', pass: true });
        const testing = path.join(statusDir, 'automated_testing.json');
        await writeFile(testing, stamped({ checkpoint: 'checkpoint-200', overall_accuracy: 0.8, by_difficulty: { easy: 1, medium: 0.8, hard: 0.6 }, regression_detected: 'no', baseline: null }));
        expect(await refusal()).toBe(`refused: automated_testing.json (${testing}): regression_detected: Invalid input: expected boolean, received string`);
        await rm(testing);

        // A champion.json cut short (an editor, a full disk): not valid JSON.
        const championFile = path.join(statusDir, 'champion.json');
        await writeFile(championFile, before.champion.slice(0, 40));
        expect(await refusal()).toMatch(new RegExp(`^refused: champion\\.json \\(${championFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\): not valid JSON at line 1, column \\d+: `));

        // Nothing was staged, switched, pruned or recorded meanwhile; the old checkpoint still serves.
        expect(await tree()).toEqual(before.tree);
        expect(await s.history()).toBe(before.history);
        expect(s.statuses).toHaveLength(1);
        expect(await s.served()).toBe('checkpoint-100');

        // Fixed, the same pass deploys.
        await writeFile(championFile, before.champion);
        expect(await deployOnce(s.deps())).toMatchObject({ outcome: 'deployed', record: { checkpoint: 'checkpoint-200' } });
      } finally {
        await s.stopServer();
        await s.t.remove();
      }
    }, 60_000);
  });

  describe('hostile input: growth of the serving folder and the deploy files', () => {
    it('rotates deployments.jsonl and server.log by size, keeping the configured copies (retention.*)', async () => {
      const s = await setup();
      // One byte: every append to a file that holds something rotates it first, so each file
      // holds exactly one deployment (one server's output); one copy kept, the oldest dropped.
      const retention = { jsonl: { maxBytes: 1, rotatedFiles: 1 }, log: { maxBytes: 1, rotatedFiles: 1 } };
      const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);
      const checkpointOf = async (file: string) => (await lines(file)).map((l) => (JSON.parse(l) as DeploymentRecord).checkpoint);
      try {
        await s.rank('checkpoint-100', { 'checkpoint-100': [0.6, 0.55] });
        await deployOnce(s.deps(redis.client, retention));
        await s.rank('checkpoint-200', { 'checkpoint-200': [0.7, 0.65], 'checkpoint-100': [0.6, 0.55] }, { champion: 'checkpoint-100', pass: true });
        await deployOnce(s.deps(redis.client, retention));
        await s.rank('checkpoint-400', { 'checkpoint-400': [0.8, 0.75], 'checkpoint-200': [0.7, 0.65] }, { champion: 'checkpoint-200', pass: true });
        expect(await deployOnce(s.deps(redis.client, retention))).toMatchObject({ outcome: 'deployed', record: { checkpoint: 'checkpoint-400' } });

        expect((await readdir(s.statusDir)).filter((f) => f.startsWith('deployments.jsonl')).sort()).toEqual(['deployments.jsonl', 'deployments.jsonl.1']);
        expect(await checkpointOf(path.join(s.statusDir, 'deployments.jsonl'))).toEqual(['checkpoint-400']);
        expect(await checkpointOf(path.join(s.statusDir, 'deployments.jsonl.1'))).toEqual(['checkpoint-200']);
        expect((await readdir(s.servingDir)).filter((f) => f.startsWith('server.log')).sort()).toEqual(['server.log', 'server.log.1']);
        expect(await lines(path.join(s.servingDir, 'server.log'))).toEqual(['serving checkpoint-400']);
        expect(await lines(path.join(s.servingDir, 'server.log.1'))).toEqual(['serving checkpoint-200']);

        // A pass with nothing to deploy rotates the running server's log in place (copy, truncate).
        expect(await deployOnce(s.deps(redis.client, retention))).toMatchObject({ outcome: 'skipped' });
        expect(await lines(path.join(s.servingDir, 'server.log.1'))).toEqual(['serving checkpoint-400']);
        expect(await readFile(path.join(s.servingDir, 'server.log'), 'utf8')).toBe('');
        expect(await s.served()).toBe('checkpoint-400');
      } finally {
        await s.stopServer();
        await s.t.remove();
      }
    }, 60_000);
  });
});
