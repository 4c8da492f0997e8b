// Issue 17: the skill name comes from a caller's header and reached `by_skill` keys,
// `skill_focus.json` and the fine-tune command's arguments. Here the built gateway and the built
// production monitor run as real processes on a private Redis, in front of a real HTTP upstream;
// callers send hostile skill names, and the test follows them to each of those three places.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GatewayEvent, LlmHealthStatus, redisNamespace, SkillFocus } from '@flywheel/contracts';
import { freePort, redisPerFile, startJsonServer, startNodeProcess, tempDir, waitFor, type JsonHttpServer, type NodeProcess } from '@flywheel/testing';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GATEWAY = path.join(ROOT, 'apps/gateway/dist/main.js');
const MONITOR = path.join(ROOT, 'apps/production-monitor/dist/main.js');
const RUN = 'skills';
const CONFIGURED = ['reasoning', 'code_generation'];
const LONG = 'x'.repeat(300);

/** What callers send: the skill as a header (or in the body's metadata), and whether the upstream fails the request. */
const TRAFFIC: { skill: string; via: 'header' | 'metadata'; fails: boolean; count: number }[] = [
  { skill: 'reasoning', via: 'header', fails: false, count: 10 },
  { skill: '-rf', via: 'header', fails: true, count: 10 },
  { skill: '--output=/tmp/pwned', via: 'header', fails: true, count: 5 },
  { skill: 'poetry', via: 'header', fails: false, count: 5 },
  { skill: LONG, via: 'header', fails: false, count: 5 },
  { skill: '../../etc', via: 'metadata', fails: false, count: 5 },
];
const HOSTILE = TRAFFIC.map((t) => t.skill).filter((s) => !CONFIGURED.includes(s));

const redis = redisPerFile();
let folder: { dir: string; remove: () => Promise<void> };
let upstream: JsonHttpServer;
const processes: NodeProcess[] = [];

beforeAll(async () => {
  folder = await tempDir('skill-names');
  // Every answer takes 150 ms, past the critical response time set below, so the monitor's trigger fires.
  upstream = await startJsonServer((request) => {
    if (request.method === 'GET') return { body: { object: 'list', data: [{ id: 'upstream-model', object: 'model' }] } };
    const prompt = String((request.body as { messages: { content: string }[] }).messages[0]!.content);
    if (prompt.startsWith('fail')) return { status: 500, delayMs: 150, body: { error: { message: 'upstream broke' } } };
    return {
      delayMs: 150,
      body: {
        id: 'cmpl-1', object: 'chat.completion', created: 0, model: 'upstream-model',
        choices: [{ index: 0, message: { role: 'assistant', content: 'an answer' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
      },
    };
  });
});
afterAll(async () => {
  for (const p of processes) await p.stop();
  await upstream?.close();
  await folder?.remove();
});

const common = () => ['--base-dir', folder.dir, '--redis-url', redis.server.url, '--run', RUN];

describe('hostile input: skill names from callers, gateway to fine-tune command (built apps)', () => {
  it('records only configured names or "other": by_skill, skill_focus.json and the command line never see a value a caller sent', async () => {
    const port = await freePort();
    const gateway = startNodeProcess(GATEWAY, [
      ...common(), '--gateway-port', String(port), '--upstreams', `deployed=${upstream.url}`,
      '--set', `gateway.skills=${JSON.stringify(CONFIGURED)}`, '--set', 'gateway.blacklistFailures=1000',
    ]);
    processes.push(gateway);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok === true, { what: `the gateway on ${url}`, timeoutMs: 30_000 }).catch((error: Error) => {
      throw new Error(`${error.message}\ngateway's output:\n${gateway.output().slice(-3000)}`);
    });

    let n = 0;
    for (const t of TRAFFIC) {
      for (let i = 0; i < t.count; i++) {
        n++;
        const prompt = `${t.fails ? 'fail' : 'ask'} question ${n}`;
        const body: Record<string, unknown> = { model: 'auto', messages: [{ role: 'user', content: prompt }], max_tokens: 8 };
        if (t.via === 'metadata') body['metadata'] = { skill: t.skill };
        const res = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(t.via === 'header' ? { 'x-flywheel-skill': t.skill } : {}) },
          body: JSON.stringify(body),
        });
        await res.arrayBuffer();
        expect({ prompt, status: res.status >= 500 ? 'failed' : res.status }).toEqual({ prompt, status: t.fails ? 'failed' : 200 });
      }
    }
    const ns = redisNamespace(RUN);
    await waitFor(async () => (await redis.client.xlen(ns.gatewayEvents)) === n, { what: `${n} gateway events` });
    await gateway.stop();
    const events = (await redis.client.xrange(ns.gatewayEvents, '-', '+')).map(([, fields]) => GatewayEvent.parse(JSON.parse(fields[1]!)));
    // Only "reasoning" is both well-formed and configured; the other 30 requests are "other".
    expect(events.map((e) => e.skill)).toEqual([...Array(10).fill('reasoning'), ...Array(30).fill('other')]);

    // The monitor starts after the traffic, so its first pass sees all 40 requests at once.
    const runs = path.join(folder.dir, 'fine-tune-args.json');
    const command = [process.execPath, '-e', 'require("fs").writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))', runs,
      '--skills', '{skills}', '--level', '{level}', '--focus', '{focus_file}'];
    const monitor = startNodeProcess(MONITOR, [
      ...common(), '--interval', '3600', '--auto-fine-tune', '--set', `monitor.fineTuneCommand=${JSON.stringify(command)}`,
      '--set', 'monitor.thresholds.responseTimeSeconds.attention=0.02', '--set', 'monitor.thresholds.responseTimeSeconds.warning=0.04',
      '--set', 'monitor.thresholds.responseTimeSeconds.critical=0.08', '--set', 'monitor.recommendation.fullConfidenceSamples=20',
      '--set', 'monitor.trigger.cooldownSeconds=3600', '--set', 'api.nvidiaSmi=/nonexistent/nvidia-smi',
    ]);
    processes.push(monitor);
    // A run other than "default" has its own status folder.
    const statusDir = path.join(folder.dir, 'status', RUN);
    const health = await waitFor(async () => {
      const file = path.join(statusDir, 'llm_health.json');
      if (!existsSync(file) || !existsSync(runs)) return false;
      const s = LlmHealthStatus.parse(JSON.parse(await readFile(file, 'utf8')));
      return s.ingest.events_total === 40 && s.fine_tune.last?.exit_code === 0 && s;
    }, { what: "the monitor's pass and its fine-tune command", timeoutMs: 60_000 }).catch((error: Error) => {
      throw new Error(`${error.message}\nproduction-monitor's output:\n${monitor.output().slice(-3000)}`);
    });
    await monitor.stop();

    // 30 "other" requests, 15 of them failed (error rate 0.5 > 0.1): the weak skill.
    expect(Object.keys(health.metrics.by_skill).sort()).toEqual(['other', 'reasoning']);
    expect([health.metrics.by_skill['other']!.requests, health.metrics.by_skill['other']!.error_rate]).toEqual([30, 0.5]);
    expect([health.metrics.by_skill['reasoning']!.requests, health.metrics.by_skill['reasoning']!.error_rate]).toEqual([10, 0]);
    expect(health.level).toBe('CRITICAL');

    const focusFile = path.join(statusDir, 'skill_focus.json');
    const focus = SkillFocus.parse(JSON.parse(await readFile(focusFile, 'utf8')));
    // Mix other 30, reasoning 10; "other" weak, boost 2: 60 / 70 and 10 / 70.
    expect({ weak: focus.weak_skills, shares: focus.shares }).toEqual({ weak: ['other'], shares: { other: 0.857143, reasoning: 0.142857 } });

    const args = JSON.parse(await readFile(runs, 'utf8')) as string[];
    expect(args).toEqual(['--skills', 'other', '--level', 'CRITICAL', '--focus', focusFile]);
    expect(health.fine_tune.last!.command).toEqual([...command.slice(0, 4), ...args]);

    // No caller's value is anywhere in the status folder or among Redis's keys.
    const files = (await readdir(statusDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    const texts = await Promise.all(files.map(async (e) => ({ file: e.name, text: await readFile(path.join(e.parentPath, e.name), 'utf8') })));
    const keys = await redis.client.keys('*');
    for (const hostile of HOSTILE) {
      expect({ hostile, files: texts.filter((t) => t.text.includes(JSON.stringify(hostile).slice(1, -1))).map((t) => t.file) }).toEqual({ hostile, files: [] });
      expect({ hostile, keys: keys.filter((k) => k.includes(hostile)) }).toEqual({ hostile, keys: [] });
    }
  }, 240_000);
});
