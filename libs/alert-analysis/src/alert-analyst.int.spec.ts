import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { alertAnalystKeys, AnalysisStreamEvent, redisNamespace, type Alert, type AlertDisposition } from '@flywheel/contracts';
import { createLogger } from '@flywheel/logging';
import { startSimulatorServer, type SimulatorServer } from '@flywheel/simulation';
import { createStatusStore } from '@flywheel/status-store';
import { freePort, redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { readJsonLines } from '@flywheel/feedback';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlertAnalysisRecord } from '@flywheel/contracts';
import { createAlertAnalyst } from './alert-analyst.daemon.js';
import { silenceKind } from './alert-store.js';
import { listAlerts } from './alert-list.js';
import { analysesFile } from './analyses-file.js';
import { startAlertAnalyst } from './start-alert-analyst.js';

const redis = redisPerFile();
const CHAT = 'POST /v1/chat/completions';
let sim: SimulatorServer;
let folder: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  sim = await startSimulatorServer({ examples: [] });
  folder = await tempDir('alert-analyst');
});
afterAll(async () => {
  await sim.close();
  await folder.remove();
});

function configFor(run: string, extra: string[]) {
  return loadConfig({
    argv: ['--base-dir', folder.dir, '--redis-url', redis.server.url, '--run', run, '--continuous', '--set', 'heartbeatSeconds=0.5',
      '--set', 'alerts.analysis.model=simulated-base', '--set', `alerts.analysis.baseUrl=${sim.url}`, ...extra],
    env: {},
    cwd: folder.dir,
  });
}

const alertOf = (kind: Alert['kind'], severity: Alert['severity'], at: Date, n: number): Alert => ({
  kind, severity, at: at.toISOString(), source: 'test', subject: `checkpoint-${n}`, summary: `alert ${n}`, details: { n },
});

async function dispositions(run: string): Promise<Record<string, AlertDisposition>> {
  const all = await redis.client.hgetall(alertAnalystKeys(run).dispositions);
  return Object.fromEntries(Object.entries(all).map(([id, text]) => [id, JSON.parse(text) as AlertDisposition]));
}

async function analysisEvents(run: string): Promise<AnalysisStreamEvent[]> {
  const entries = (await redis.client.xrange(redisNamespace(run).analysisEvents, '-', '+')) as [string, string[]][];
  return entries.map(([, fields]) => AnalysisStreamEvent.parse(JSON.parse(fields[1]!)));
}

async function records(statusDir: string): Promise<AlertAnalysisRecord[]> {
  return (await readJsonLines(analysesFile(statusDir), AlertAnalysisRecord)).values;
}

describe('alert-analyst daemon on a private Redis and the simulated model server', () => {
  describe('hostile input: growth that stops, the queue events stream', () => {
    it("keeps its queue's BullMQ events stream at queue.eventsMaxLength after its own wake-ups have used the queue", async () => {
      const config = configFor('events-cap', ['--set', 'queue.eventsMaxLength=150']);
      const logger = createLogger({ name: 'alert-analyst', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
      const daemon = startAlertAnalyst(createAlertAnalyst(), config, logger);
      const { queuePrefix } = redisNamespace('events-cap');
      try {
        await daemon.ready;
        // The wake-up at start is a job added through the analyst's own Queue: wait until it ran.
        await waitFor(async () => {
          const events = (await redis.client.xrange(`${queuePrefix}:alert-analyst:events`, '-', '+')) as [string, string[]][];
          return events.some(([, f]) => f[1] === 'completed' && String(f[3]).startsWith('wake-'));
        }, { what: 'the start wake-up to complete' });
        expect(await redis.client.hget(`${queuePrefix}:alert-analyst:meta`, 'opts.maxLenEvents')).toBe('150');
      } finally {
        await daemon.stop();
      }
    });
  });

  it('turns a burst of 5 alerts inside one window into exactly one analysis request', async () => {
    const config = configFor('burst', ['--set', 'alerts.batchWindowSeconds=2']);
    const logger = createLogger({ name: 'alert-analyst', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
    const daemon = startAlertAnalyst(createAlertAnalyst(), config, logger);
    try {
      await daemon.ready;
      sim.resetStats();
      const now = new Date();
      const multi = redis.client.multi();
      const kinds = [['health_critical', 'P0'], ['regression', 'P1'], ['deployment_failed', 'P0'], ['health_warning', 'P1'], ['deployment_rolled_back', 'P1']] as const;
      kinds.forEach(([kind, severity], n) => multi.xadd(redisNamespace('burst').alerts, '*', 'alert', JSON.stringify(alertOf(kind, severity, now, n))));
      const ids = (await multi.exec())!.map(([, id]) => id as string);
      // analysis.end is published last, after the record is appended and the pending entry removed.
      await waitFor(async () => (await analysisEvents('burst')).some((e) => e.kind === 'analysis.end'), { what: 'the end of an analysis' });
      const [record, ...more] = await records(config.paths.statusDir);
      expect(more).toEqual([]);
      expect(record).toMatchObject({ analysis_id: `an-${ids[0]}`, status: 'complete', model: 'simulated-base', answer: '[simulator] unknown prompt', attempt: 1, tokens: 5 });
      expect(record!.alerts.map((a) => a.id)).toEqual(ids);
      expect(record!.prompt).toContain('Alerts (5):');
      // Every alert is marked as part of that one analysis; nothing waits in a batch or for a retry.
      expect(Object.values(await dispositions('burst')).map((d) => `${d.state}:${d.analysis_id}`)).toEqual(ids.map(() => `analysed:an-${ids[0]}`));
      expect(await redis.client.exists(alertAnalystKeys('burst').batch, alertAnalystKeys('burst').pending)).toBe(0);
      expect(sim.stats().requests[CHAT]).toBe(1);
      const events = await analysisEvents('burst');
      expect(events.map((e) => e.kind)).toEqual(['analysis.start', 'token', 'token', 'token', 'token', 'token', 'analysis.end']);
      expect(events.filter((e) => e.kind === 'token').map((e) => (e as { text: string }).text).join('')).toBe(record!.answer);
    } finally {
      await daemon.stop();
    }
  });

  it('records a silenced kind and a P2 alert without analysing them', async () => {
    const config = configFor('silence', ['--set', 'alerts.batchWindowSeconds=0']);
    const logger = createLogger({ name: 'alert-analyst', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
    await silenceKind(redis.client, 'silence', { kind: 'regression', from: new Date(Date.now() - 1000).toISOString(), until: new Date(Date.now() + 600_000).toISOString(), by: 'ops', reason: 'known' });
    const daemon = startAlertAnalyst(createAlertAnalyst(), config, logger);
    try {
      await daemon.ready;
      sim.resetStats();
      const silenced = await redis.client.xadd(redisNamespace('silence').alerts, '*', 'alert', JSON.stringify(alertOf('regression', 'P1', new Date(), 1)));
      const low = await redis.client.xadd(redisNamespace('silence').alerts, '*', 'alert', JSON.stringify(alertOf('drift', 'P2', new Date(), 2)));
      const marks = await waitFor(async () => {
        const d = await dispositions('silence');
        return d[silenced!] && d[low!] && d;
      }, { what: 'both alerts read' });
      expect([marks[silenced!]!.state, marks[low!]!.state]).toEqual(['silenced', 'not_analysed']);
      const listed = await listAlerts(redis.client, 'silence', { limit: 10, now: new Date() });
      expect(listed.alerts.map((a) => [a.id, a.silenced, a.state])).toEqual([[low, false, 'not_analysed'], [silenced, true, 'silenced']]);
      expect(listed.silences.map((s) => s.kind)).toEqual(['regression']);
      expect(sim.stats().requests[CHAT] ?? 0).toBe(0);
      expect(await records(config.paths.statusDir)).toEqual([]);
    } finally {
      await daemon.stop();
    }
  });

  it('records the alert of a failed deployment while the backend is down, marks the analysis unavailable, and completes it when the backend returns', async () => {
    const port = await freePort();
    const config = configFor('down', ['--set', 'alerts.batchWindowSeconds=0', '--set', `alerts.analysis.baseUrl=http://127.0.0.1:${port}`,
      '--set', 'alerts.analysis.retryBaseSeconds=1', '--set', 'alerts.analysis.retryMaxSeconds=1']);
    const logger = createLogger({ name: 'alert-analyst', logsDir: config.paths.logsDir, level: 'error', pretty: false });
    const store = createStatusStore({ statusDir: config.paths.statusDir, run: 'down', redis: redis.client, logger });
    const daemon = startAlertAnalyst(createAlertAnalyst(), config, logger);
    let revived: SimulatorServer | undefined;
    let restarted: ReturnType<typeof startAlertAnalyst> | undefined;
    try {
      await daemon.ready;
      await store.write('deployment', {
        checkpoint: 'checkpoint-300', deployed_at: new Date().toISOString(), score: 0.7, success: false, previous: null, serving: null, rolled_back: false,
        reason: 'checkpoint-300 failed (no answer to the smoke prompt); nothing to roll back to',
      });
      await waitFor(async () => (await analysisEvents('down')).some((e) => e.kind === 'analysis.end'), { what: 'the end of the first try' });
      const [unavailable] = await records(config.paths.statusDir);
      if (!unavailable) throw new Error('no analysis record');
      expect(unavailable).toMatchObject({ status: 'unavailable', attempt: 1, answer: '', tokens: 0 });
      expect(unavailable.error).toContain(`127.0.0.1:${port}`);
      expect(unavailable.alerts.map((a) => [a.kind, a.severity, a.subject])).toEqual([['deployment_failed', 'P0', 'checkpoint-300']]);
      const listed = await listAlerts(redis.client, 'down', { limit: 10, now: new Date() });
      expect(listed.alerts.map((a) => [a.kind, a.state, a.analysis_id])).toEqual([['deployment_failed', 'analysed', unavailable.analysis_id]]);
      const events = await analysisEvents('down');
      expect(events.at(-1)).toMatchObject({ kind: 'analysis.end', analysis_id: unavailable.analysis_id, status: 'unavailable' });

      revived = await startSimulatorServer({ examples: [], port });
      await waitFor(async () => (await analysisEvents('down')).some((e) => e.kind === 'analysis.end' && e.status === 'complete'), { what: 'the retried analysis' });
      const complete = (await records(config.paths.statusDir)).find((r) => r.status === 'complete')!;
      expect(complete).toMatchObject({ analysis_id: unavailable.analysis_id, answer: '[simulator] unknown prompt' });
      expect(complete.attempt).toBeGreaterThan(1);
      expect(revived.stats().requests[CHAT]).toBe(1);
      expect(await redis.client.hlen(alertAnalystKeys('down').pending)).toBe(0);
      // One alert for the one failed deployment, however many passes ran, and after a restart
      // that sees the same last_deployment.json written again.
      await daemon.stop();
      const deployment = await store.read('deployment');
      if (deployment.state !== 'present') throw new Error('last_deployment.json missing');
      restarted = startAlertAnalyst(createAlertAnalyst(), config, logger);
      await restarted.ready;
      const { last_update: _u, schema_version: _v, ...body } = deployment.data;
      const rewritten = await store.write('deployment', body);
      await waitFor(async () => {
        const status = await store.read('alert_analyst');
        return status.state === 'present' && status.lastUpdate > rewritten.last_update;
      }, { what: 'a pass after the rewrite' });
      expect((await listAlerts(redis.client, 'down', { limit: 10, now: new Date() })).alerts).toHaveLength(1);
    } finally {
      await daemon.stop();
      await restarted?.stop();
      await revived?.close();
    }
  });

  it('lists a new alert at once while an analysis is still waiting on a slow backend', async () => {
    // A model server that takes requests and never answers (until the test lets go).
    const held: http.ServerResponse[] = [];
    let letGo = false;
    const slow = http.createServer((_req, res) => (letGo ? res.destroy() : void held.push(res)));
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const config = configFor('slow', ['--set', 'alerts.batchWindowSeconds=0', '--set', `alerts.analysis.baseUrl=http://127.0.0.1:${(slow.address() as AddressInfo).port}`]);
    const logger = createLogger({ name: 'alert-analyst', logsDir: config.paths.logsDir, level: 'error', pretty: false });
    const store = createStatusStore({ statusDir: config.paths.statusDir, run: 'slow', redis: redis.client, logger });
    const daemon = startAlertAnalyst(createAlertAnalyst(), config, logger);
    try {
      await daemon.ready;
      await redis.client.xadd(redisNamespace('slow').alerts, '*', 'alert', JSON.stringify(alertOf('health_critical', 'P0', new Date(), 1)));
      await waitFor(() => held.length > 0, { what: 'the analysis request at the slow server' });
      await store.write('regression', {
        regression_detected: true, checkpoint: 'checkpoint-400', baseline_loss: 1, current_loss: 1.3, increase_percent: 30, alert_level: 'critical',
        baseline_checkpoint: 'checkpoint-300', threshold_percent: 15, critical_percent: 25,
        evidence: { checkpoints: [], method: 'threshold_only', examples: null, interval_percent: null, p_value: null, reason: 'loss up 30%' }, errors: [],
      });
      const listed = await waitFor(async () => {
        const { alerts } = await listAlerts(redis.client, 'slow', { limit: 10, now: new Date() });
        return alerts.some((a) => a.kind === 'regression') && alerts;
      }, { what: 'the regression alert listed' });
      expect(listed.map((a) => [a.kind, a.subject])).toEqual([['regression', 'checkpoint-400'], ['health_critical', 'checkpoint-1']]);
      // The first analysis is still running: no end yet.
      expect((await analysisEvents('slow')).map((e) => e.kind)).toEqual(['analysis.start']);
      letGo = true;
      for (const res of held) res.destroy();
      await waitFor(async () => (await analysisEvents('slow')).some((e) => e.kind === 'analysis.end'), { what: 'the failed try to end' });
    } finally {
      letGo = true;
      for (const res of held) res.destroy();
      await daemon.stop();
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
