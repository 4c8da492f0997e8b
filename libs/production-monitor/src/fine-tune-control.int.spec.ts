import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { LlmHealthStatus, redisNamespace, type GatewayEvent } from '@flywheel/contracts';
import { requestManualFineTune, setFineTuneControl } from '@flywheel/fine-tune-control';
import { createLogger } from '@flywheel/logging';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createProductionMonitor } from './production-monitor.daemon.js';
import { startProductionMonitor } from './start-production-monitor.js';

const redis = redisPerFile();
const RUN = 'ftc';

/** A slow answer: 12 s is past seed 000's 10 s CRITICAL line. */
function slowEvent(n: number): GatewayEvent {
  return {
    id: `slow-${n}`, at: new Date().toISOString(), kind: 'chat', stream: false, model: 'deployed', outcome: 'success', status: 200, error: null,
    latency_ms: 12_000, first_token_ms: null, prompt_tokens: 10, completion_tokens: 20, tokens_per_second: 2,
    attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null, latency_ms: 12_000 }],
    prompt: `question ${n}`, output: `answer ${n}`, skill: 'reasoning',
  };
}

describe('the dashboard fine-tune switch and "fine-tune now" on a private Redis', () => {
  it('records but runs nothing when the switch is off, runs when it is on, and runs a manual request exactly once with who asked', async () => {
    const { dir, remove } = await tempDir('fine-tune-control');
    // The command appends its arguments to runs.log: the file's lines are the runs.
    const runs = path.join(dir, 'runs.log');
    const script = 'require("fs").appendFileSync(process.argv[1], process.argv.slice(2).join(" ") + "\\n")';
    const command = [process.execPath, '-e', script, runs, '{level}', '{method}'];
    const config = loadConfig({
      argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', RUN, '--interval', '3600', '--set', 'heartbeatSeconds=0.5',
        '--auto-fine-tune', '--set', `monitor.fineTuneCommand=${JSON.stringify(command)}`, '--set', 'monitor.trigger.cooldownSeconds=0',
        '--set', 'api.nvidiaSmi=/nonexistent/nvidia-smi'],
      env: {},
      cwd: dir,
    });
    const logger = createLogger({ name: 'production-monitor', logsDir: config.paths.logsDir, level: 'warn', pretty: false });
    const ns = redisNamespace(RUN);
    const status = async () => LlmHealthStatus.parse(JSON.parse(await readFile(path.join(config.paths.statusDir, 'llm_health.json'), 'utf8')));
    const runLines = async () => (existsSync(runs) ? (await readFile(runs, 'utf8')).trim().split('\n') : []);
    let sent = 0;
    const send = async (count: number) => {
      for (let i = 0; i < count; i++) await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(slowEvent(++sent)));
    };
    const daemon = startProductionMonitor(createProductionMonitor(), config, logger);
    try {
      await daemon.ready;
      // Switched off from the dashboard although the config says on.
      const off = await setFineTuneControl(redis.client, RUN, { auto_fine_tune: false, changed_by: 'alice', changed_at: new Date().toISOString() });
      await send(50);
      const first = await waitFor(async () => {
        const s = await status();
        return s.ingest.events_total === 50 && s;
      }, { what: 'the pass over 50 slow requests' });
      // p95 12 s > 10 s: CRITICAL; 50 requests → confidence 1; urgency 1 − score(12 s) ≥ 0.5 → the trigger fires.
      expect(first.level).toBe('CRITICAL');
      expect(first.fine_tune).toMatchObject({ triggered: true, auto_fine_tune: false, control: off, last: { level: 'CRITICAL', command: null, exit_code: null } });
      expect(existsSync(runs)).toBe(false);

      // Switched on: the next firing runs the command.
      const on = await setFineTuneControl(redis.client, RUN, { auto_fine_tune: true, changed_by: 'bob', changed_at: new Date().toISOString() });
      await send(1);
      const second = await waitFor(async () => {
        const s = await status();
        return s.ingest.events_total === 51 && s;
      }, { what: 'the pass after the switch was turned on' });
      expect(second.fine_tune).toMatchObject({ triggered: true, auto_fine_tune: true, control: on, last: { command: [...command.slice(0, 4), 'CRITICAL', expect.any(String)], exit_code: 0 } });
      expect(await runLines()).toEqual([expect.stringMatching(/^CRITICAL /)]);

      // Off again, then "fine-tune now": it runs whatever the switch says, once.
      await setFineTuneControl(redis.client, RUN, { auto_fine_tune: false, changed_by: 'carol', changed_at: new Date().toISOString() });
      const asked = await requestManualFineTune(redis.client, RUN, { requested_by: 'dave', reason: 'users complain' });
      const third = await waitFor(async () => {
        const s = await status();
        return s.fine_tune.manual_last?.id === asked.request.id && s;
      }, { what: 'the manual request recorded' });
      expect(third.fine_tune.manual_last).toEqual({
        id: asked.request.id, requested_by: 'dave', requested_at: asked.request.requested_at, ran_at: expect.any(String), reason: 'users complain',
        command: [...command.slice(0, 4), 'CRITICAL', expect.any(String)], exit_code: 0, output_tail: '',
        // Nothing weak in this window and no champion: a brief that says so.
        brief: expect.objectContaining({ weak_skills: [], examples: [], estimate: expect.objectContaining({ points: null, basis: 'no estimate: no champion (status/champion.json absent or naming none)' }) }),
      });
      expect(Date.parse(third.fine_tune.manual_last!.ran_at)).toBeGreaterThanOrEqual(Date.parse(asked.request.requested_at));
      expect(await runLines()).toHaveLength(2);

      // An unreadable switch and a torn request are reported, and the monitor goes on with the last good switch.
      await redis.client.set(ns.fineTuneControl, '{"auto_fine_tune": tru');
      const tornId = await redis.client.xadd(ns.fineTuneRequests, '*', 'request', '{"id": "x"');
      await send(1);
      const fourth = await waitFor(async () => {
        const s = await status();
        return s.ingest.events_total === 52 && s;
      }, { what: 'the pass after the bad switch and request' });
      expect(fourth.errors).toEqual(
        expect.arrayContaining([
          { source: 'fine-tune control', message: expect.stringMatching(new RegExp(`^${ns.fineTuneControl}: not valid JSON: .*keeping the last switch read \\(auto_fine_tune false\\)$`)) },
          { source: 'fine-tune requests', where: tornId, message: expect.stringContaining('request: not valid JSON') },
        ]),
      );
      expect(fourth.fine_tune).toMatchObject({ auto_fine_tune: false, control: { changed_by: 'carol' }, manual_last: { id: asked.request.id } });
      // The manual request did not run again; the automatic firing with the switch off ran nothing.
      expect(await runLines()).toHaveLength(2);
    } finally {
      await daemon.stop();
      await remove();
    }
  });
});
