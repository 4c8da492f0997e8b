// End to end: the README's first command (`npm run up` = scripts/up.sh) on a fresh base dir.
// It must bring up a private Redis, the simulator, all ten daemons, the evaluator and the API;
// checkpoints must arrive, be evaluated and ranked, and the best deployed; SIGTERM must stop
// every process it started. Nx builds every app first (implicitDependencies), so the script
// runs with FLYWHEEL_DEMO_SKIP_BUILD=1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CheckpointSyncStatus,
  DAEMON_NAMES,
  LastDeploymentStatus,
  LlmHealthStatus,
  ModelComparisonsStatus,
  STATUS_FILES,
} from '@flywheel/contracts';
import { DEFAULT_PLUGINS, isStatusPlugin } from '@flywheel/api-server';
import { demoEnvironment, freeDemoPorts, tempDir, waitFor, type DemoPorts } from '@flywheel/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DASHBOARD_INDEX = path.join(ROOT, 'libs/dashboard/public/index.html');
// Everything up.sh starts, by the names it records in <dir>/demo.pids.
const EXPECTED_PROCESSES = ['redis', 'simulator-server', 'simulator-train', ...DAEMON_NAMES, 'api', 'gateway'].sort();

interface Demo {
  dir: string;
  remove(): Promise<void>;
  ports: DemoPorts;
  child: ChildProcess;
  output: string;
  exited: Promise<number | string>;
}
let demo: Demo;

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as unknown;
const statusFile = (id: keyof typeof STATUS_FILES) => path.join(demo.dir, 'status', STATUS_FILES[id].file);
const api = async (route: string) => {
  const res = await fetch(`http://127.0.0.1:${demo.ports.api}${route}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};
const apiJson = async (route: string) => {
  const res = await api(route);
  if (res.status !== 200) throw new Error(`${route} answered ${res.status}: ${res.text.slice(0, 200)}`);
  return JSON.parse(res.text) as Record<string, unknown>;
};
/** The checkpoints the simulated trainer has saved so far. */
const savedCheckpoints = async () => (await readdir(path.join(demo.dir, 'current_model'))).filter((n) => /^checkpoint-\d+$/.test(n));
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** The script's output and every process's stderr: the demo's logs go with its folder. */
async function diagnostics(): Promise<string> {
  const logs = path.join(demo.dir, 'logs');
  const parts = [`--- up.sh output ---\n${demo.output.slice(-2000)}`];
  for (const file of (await readdir(logs).catch(() => [])).filter((f) => f.endsWith('.stderr.log')).sort()) {
    const text = await readFile(path.join(logs, file), 'utf8');
    if (text.trim()) parts.push(`--- ${file} ---\n${text.slice(-1500)}`);
  }
  return parts.join('\n');
}
/** Whether scripts/up.sh has ended (the waits stop polling then). */
const ended = () => demo.child.exitCode !== null || demo.child.signalCode !== null;
/** Waits for `what`, failing at once (with the diagnostics) if the script ends first. */
const whileUp = async <T>(what: Promise<T>) => {
  try {
    return await Promise.race([
      what,
      demo.exited.then((code) => {
        throw new Error(`scripts/up.sh ended (${code}) before the demo was ready`);
      }),
    ]);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${await diagnostics()}`);
  }
};

beforeAll(async () => {
  const { dir, remove } = await tempDir('up');
  const ports = await freeDemoPorts();
  const child = spawn('bash', [path.join(ROOT, 'scripts/up.sh')], {
    cwd: ROOT,
    env: demoEnvironment(dir, ports, {
      FLYWHEEL_DEMO_SAVE_EVERY: '4',
      FLYWHEEL_DEMO_SKIP_BUILD: '1',
      // A backstop: the demo stops by itself even if this test dies before sending SIGTERM.
      FLYWHEEL_DEMO_SECONDS: '240',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo = { dir, remove, ports, child, output: '', exited: new Promise((r) => child.once('exit', (code, signal) => r(code ?? signal ?? 'unknown'))) };
  child.stdout!.on('data', (c: Buffer) => (demo.output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (demo.output += c.toString()));

  await whileUp(
    waitFor(
      async () => {
        if (ended()) return 'ended';
        const status = await apiJson('/api/status');
        const daemons = status['daemons'] as Record<string, { alive: boolean }>;
        return DAEMON_NAMES.every((d) => daemons[d]?.alive) || undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'every daemon alive in /api/status' },
    ),
  );
  await whileUp(
    waitFor(
      async () => {
        if (ended()) return 'ended';
        const deployment = LastDeploymentStatus.parse(await readJson(statusFile('deployment')));
        return deployment.success || undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, what: 'a successful deployment in last_deployment.json' },
    ),
  );
}, 200_000);

afterAll(async () => {
  // Safety net only (the last test stops it properly): SIGKILL the script and, as each runs in
  // a session of its own, every process it recorded and the deployed server.
  if (demo && !ended()) {
    const recorded = (await readFile(path.join(demo.dir, 'demo.pids'), 'utf8').catch(() => '')).trim().split('\n').map((l) => Number(l.split(' ')[1]));
    const serving = Number((await readFile(path.join(demo.dir, 'serving', 'server.pid'), 'utf8').catch(() => '0')).split('\n')[0]);
    for (const pid of [demo.child.pid!, ...recorded, -serving].filter((p) => p && Number.isInteger(p))) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await demo?.remove();
}, 30_000);

describe('npm run up (scripts/up.sh)', () => {
  it('starts Redis, the simulator, every daemon, the evaluator and the API', async () => {
    const lines = (await readFile(path.join(demo.dir, 'demo.pids'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0]).sort()).toEqual(EXPECTED_PROCESSES);
    const status = await apiJson('/api/status');
    const daemons = status['daemons'] as Record<string, { alive: boolean }>;
    expect(Object.keys(daemons).sort()).toEqual([...DAEMON_NAMES].sort());
    for (const daemon of DAEMON_NAMES) expect({ daemon, alive: daemons[daemon]!.alive }).toEqual({ daemon, alive: true });
    expect(await listening(demo.ports.redis)).toBe(true);
    const models = (await (await fetch(`http://127.0.0.1:${demo.ports.model}/v1/models`)).json()) as { data: { owned_by: string }[] };
    expect(models.data[0]!.owned_by).toBe('flywheel-simulator');
  });

  it('syncs, evaluates, ranks and deploys the saved checkpoints (status files on disk)', async () => {
    const saved = await savedCheckpoints();
    expect(saved.length).toBeGreaterThanOrEqual(1);

    const sync = CheckpointSyncStatus.parse(await readJson(statusFile('checkpoint_sync')));
    // Without sync.remoteHost it reports the local folder: every checkpoint it saw was saved there.
    expect(sync['mode']).toBe('local');
    expect(sync.checkpoints_seen).toBeGreaterThanOrEqual(1);

    const comparison = ModelComparisonsStatus.parse(await readJson(statusFile('model_comparison')));
    expect(saved).toContain(comparison.best_checkpoint);
    const rankings = comparison.rankings as { checkpoint: string; score: number }[];
    expect(rankings.length).toBeGreaterThanOrEqual(1);
    for (const row of rankings) expect(saved).toContain(row.checkpoint);
    // The best is the top score of its own rankings.
    const top = Math.max(...rankings.map((r) => r.score));
    expect(rankings.find((r) => r.checkpoint === comparison.best_checkpoint)!.score).toBe(top);
    // Ranked from the evaluator's results: the best checkpoint has its evaluation on disk.
    expect((await readdir(path.join(demo.dir, 'status', 'evals', comparison.best_checkpoint!))).length).toBeGreaterThanOrEqual(1);

    const deployment = LastDeploymentStatus.parse(await readJson(statusFile('deployment')));
    expect(deployment.success).toBe(true);
    expect(saved).toContain(deployment.checkpoint);
    expect(deployment['serving']).toBe(deployment.checkpoint);
    const history = (await readFile(path.join(demo.dir, 'status', 'deployments.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { checkpoint: string; success: boolean });
    expect(history.some((d) => d.success && saved.includes(d.checkpoint))).toBe(true);
    // After every deploy the smoke prompt went through the gateway, as a user's request does, and
    // was answered as the deployed checkpoint (the simulator names the model that answered).
    const deploys = (history as { checkpoint: string; success: boolean; event?: string; gateway_smoke?: unknown }[]).filter((d) => d.success && !d.event);
    expect(deploys.length).toBeGreaterThanOrEqual(1);
    for (const d of deploys) expect({ checkpoint: d.checkpoint, smoke: d.gateway_smoke }).toEqual({ checkpoint: d.checkpoint, smoke: expect.objectContaining({ ok: true, model: d.checkpoint }) });
    // The deployment is real: a model server answers on the serving port as the deployed
    // checkpoint (re-read together: a better checkpoint may be promoted meanwhile).
    const served = await waitFor(
      async () => {
        const now = LastDeploymentStatus.parse(await readJson(statusFile('deployment')));
        const models = (await (await fetch(`http://127.0.0.1:${demo.ports.serving}/v1/models`)).json()) as { data: { id: string; owned_by: string }[] };
        return models.data[0]?.id === now['serving'] ? { model: models.data[0]!, serving: now['serving'] } : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'the serving port to answer as the deployed checkpoint' },
    );
    expect(saved).toContain(served.model.id);
    expect(served.model.owned_by).toBe('flywheel-simulator');
  });

  it('answers the API routes with what the daemons wrote', async () => {
    const saved = await savedCheckpoints();
    const status = await apiJson('/api/status');
    const statuses = status['statuses'] as Record<string, { state: string }>;
    for (const id of ['model_comparison', 'deployment', 'checkpoint_sync', 'training'] as const) {
      expect({ id, state: statuses[id]?.state }).toEqual({ id, state: 'present' });
    }
    const comparison = ModelComparisonsStatus.parse(await apiJson('/api/model_comparison'));
    expect(saved).toContain(comparison.best_checkpoint);
    const deployment = LastDeploymentStatus.parse(await apiJson('/api/deployments'));
    expect(deployment.success).toBe(true);
    expect(saved).toContain(deployment.checkpoint);
    const checkpoints = CheckpointSyncStatus.parse(await apiJson('/api/checkpoints'));
    expect(checkpoints.checkpoints_seen).toBeGreaterThanOrEqual(1);
  });

  it('hostile input: answers every GET route without an absolute path or the address of the model server', async () => {
    // Every read route the API mounts by default, with a real checkpoint for its parameters.
    const deployed = LastDeploymentStatus.parse(await apiJson('/api/deployments')).checkpoint ?? 'checkpoint-50';
    const streams = new Set(['/api/events', '/api/alerts/analysis/stream']);
    const routes = DEFAULT_PLUGINS.filter((plugin) => isStatusPlugin(plugin) || (plugin.method ?? 'GET') === 'GET')
      .map((plugin) => plugin.route.replace(/:[a-zA-Z]+/g, deployed))
      .filter((route) => !streams.has(route));
    expect(routes.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const route of ['/api/status', ...routes]) {
      const res = await api(route);
      for (const secret of [demo.dir, `127.0.0.1:${demo.ports.model}`, `127.0.0.1:${demo.ports.serving}`, `localhost:${demo.ports.model}`]) {
        if (res.text.includes(secret)) leaks.push(`${route} (${res.status}) contains ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('serves users through the gateway, and the production monitor judges that traffic', async () => {
    const res = await fetch(`http://127.0.0.1:${demo.ports.gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'What is 17 + 25?' }], max_tokens: 32 }),
    });
    expect(res.status).toBe(200);
    const id = res.headers.get('x-request-id');
    expect(id).toBeTruthy();
    const answer = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(typeof answer.choices[0]!.message.content).toBe('string');
    // Streamed, the same way: chunks pass through to the end.
    const streamed = await fetch(`http://127.0.0.1:${demo.ports.gateway}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'What is 17 + 25?' }], max_tokens: 32, stream: true }),
    });
    expect(streamed.status).toBe(200);
    expect(streamed.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await streamed.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.length).toBeGreaterThanOrEqual(3);
    // The request became an event the monitor read: llm_health.json counts it.
    const health = await waitFor(
      async () => {
        const res = await api('/api/llm_health');
        if (res.status !== 200) return undefined; // not written yet
        const body = LlmHealthStatus.parse(JSON.parse(res.text));
        return body.ingest.events_total >= 1 ? body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: '/api/llm_health to count the gateway request' },
    );
    expect(health.window.requests).toBeGreaterThanOrEqual(1);
    expect(health.ingest.last_event_id).not.toBeNull();
  });

  // The dashboard is another part of this issue; until its page exists there is nothing to serve.
  (existsSync(DASHBOARD_INDEX) ? it : it.skip)('serves the dashboard at /', async () => {
    const page = await api('/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toMatch(/<html/i);
  });

  it('stops every process it started on SIGTERM, and the deployed server', async () => {
    demo.child.kill('SIGTERM');
    // 128 + 15: it ended because of the signal, after its cleanup.
    expect(await demo.exited).toBe(143);
    expect(demo.output).toContain('stopped');
    // On the way out it added the serving server the deployer had started.
    const started = (await readFile(path.join(demo.dir, 'demo.pids'), 'utf8')).trim().split('\n').map((l) => l.split(' '));
    expect(started.map(([name]) => name).sort()).toEqual([...EXPECTED_PROCESSES, 'serving-server'].sort());
    expect(started.map(([, pid]) => Number(pid)).filter(alive)).toEqual([]);
    for (const port of Object.values(demo.ports)) expect({ port, listening: await listening(port) }).toEqual({ port, listening: false });
  }, 60_000);
});
