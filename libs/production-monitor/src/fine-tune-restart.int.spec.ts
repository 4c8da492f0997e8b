// A monitor restarted while a manual fine-tune's command is still running (issue 17): the
// request and the cooldown were saved before the command started, so the restarted monitor
// neither runs the command again nor forgets the cooldown.
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@flywheel/config';
import { LlmHealthStatus, redisNamespace, type GatewayEvent } from '@flywheel/contracts';
import { requestManualFineTune } from '@flywheel/fine-tune-control';
import { createLogger } from '@flywheel/logging';
import { redisPerFile, tempDir, waitFor } from '@flywheel/testing';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createProductionMonitor } from './production-monitor.daemon.js';
import { startProductionMonitor } from './start-production-monitor.js';
import { loadCursor } from './stream-io.js';

const redis = redisPerFile();
const RUN = 'ftr';

const event = (n: number): GatewayEvent => ({
  id: `e-${n}`, at: new Date().toISOString(), kind: 'chat', stream: false, model: 'deployed', outcome: 'success', status: 200, error: null,
  latency_ms: 300, first_token_ms: null, prompt_tokens: 10, completion_tokens: 20, tokens_per_second: 60,
  attempts: [{ model: 'deployed', outcome: 'success', status: 200, error: null, latency_ms: 300 }],
  prompt: `question ${n}`, output: `answer ${n}`, skill: 'reasoning',
});

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('hostile input: a production monitor restarted during a manual fine-tune', () => {
  it('does not run the command again after the restart, and keeps the cooldown recorded before the command started', async () => {
    const { dir, remove } = await tempDir('fine-tune-restart');
    // The command writes "start <pid>" to runs.log, then waits for the release file: it is
    // still running when the monitor stops.
    const runs = path.join(dir, 'runs.log');
    const release = path.join(dir, 'release');
    const script = 'const fs = require("fs"); fs.appendFileSync(process.argv[1], "start " + process.pid + "\\n");' +
      'const t = setInterval(() => { if (fs.existsSync(process.argv[2])) { clearInterval(t); process.exit(0); } }, 50);';
    const command = [process.execPath, '-e', script, runs, release];
    const config = loadConfig({
      argv: ['--base-dir', dir, '--redis-url', redis.server.url, '--run', RUN, '--interval', '2', '--set', 'heartbeatSeconds=0.5',
        '--set', 'shutdown.timeoutSeconds=1', '--set', `monitor.fineTuneCommand=${JSON.stringify(command)}`, '--set', 'api.nvidiaSmi=/nonexistent/nvidia-smi'],
      env: {},
      cwd: dir,
    });
    const ns = redisNamespace(RUN);
    const status = async () => LlmHealthStatus.parse(JSON.parse(await readFile(path.join(config.paths.statusDir, 'llm_health.json'), 'utf8')));
    const runLines = async () => (existsSync(runs) ? (await readFile(runs, 'utf8')).trim().split('\n') : []);
    const passOver = (events: number) => waitFor(async () => {
      const s = await status().catch(() => null);
      return s?.ingest.events_total === events && s;
    }, { what: `the pass over ${events} event(s)` });
    const start = () => startProductionMonitor(createProductionMonitor(), config, createLogger({ name: 'production-monitor', logsDir: config.paths.logsDir, level: 'warn', pretty: false, stdout: false }));
    let pid = 0;
    let second: ReturnType<typeof start> | undefined;
    const first = start();
    try {
      await first.ready;
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(1)));
      await passOver(1);
      const asked = await requestManualFineTune(redis.client, RUN, { requested_by: 'dave', reason: 'users complain' });
      const started = await waitFor(async () => (await runLines()).length === 1 && (await runLines())[0]!, { what: 'the command to start' });
      pid = Number(started.split(' ')[1]);
      // The monitor stops (a deploy, a crash, a reboot of the service) while the command runs.
      await first.stop();
      expect(isRunning(pid)).toBe(true);
      const saved = await loadCursor(redis.client, RUN);
      expect(saved?.fine_tune_requests).toBe(asked.stream_id);
      expect(saved?.last_triggered_at).not.toBeNull();

      // The stopped monitor's wake-up job stays active until BullMQ finds it stalled; the
      // restarted one's interval ticks (every 2 s) run its passes meanwhile.
      second = start();
      await second.ready;
      await redis.client.xadd(ns.gatewayEvents, '*', 'event', JSON.stringify(event(2)));
      const after = await passOver(2);
      // The request was not read again: one run of the command, and the cooldown is the one
      // saved before the command started.
      expect(await runLines()).toEqual([`start ${pid}`]);
      expect(after.fine_tune.last_triggered_at).toBe(saved!.last_triggered_at);
      expect(after.fine_tune.cooldown_remaining_seconds).toBeGreaterThan(0);
      expect(after.fine_tune.manual_last).toBeNull();
    } finally {
      await writeFile(release, '');
      if (pid) await waitFor(() => !isRunning(pid), { what: 'the command to exit' });
      await second?.stop();
      await first.stop();
      await remove();
    }
  });
});
