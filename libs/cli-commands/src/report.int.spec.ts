// `flywheel report` end to end: a temp base dir with a status file, traffic from a recorded
// file and from a private Redis's streams (XRANGE by time), each format written where --out says.
import { afterAll, describe, expect, it } from '@jest/globals';
import { FlywheelReport, redisNamespace } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { redisPerFile, tempDir } from '@flywheel/testing';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { runCli } from './cli.js';
import { bufferIo } from './cli-io.js';

const TRAFFIC = fileURLToPath(new URL('../../production-monitor/fixtures/degrading-traffic.jsonl', import.meta.url));
// The fixture's traffic runs 10:00–10:50; a report until 10:50 over 50 minutes, a pass every 10 minutes.
const UNTIL = '2026-11-20T10:50:00.000Z';
const redis = redisPerFile();
const dirs: { remove: () => Promise<void> }[] = [];
afterAll(async () => Promise.all(dirs.map((d) => d.remove())));

async function baseDir() {
  const base = await tempDir('cli-report');
  dirs.push(base);
  await mkdir(path.join(base.dir, 'status'), { recursive: true });
  const store = createStatusStore({ statusDir: path.join(base.dir, 'status'), run: 'default', logger: pino({ level: 'silent' }) });
  await store.write('adversarial', { checkpoint: 'checkpoint-9', examples_tested: 40, failures_found: 7, hard_examples_written: 7, output_file: null, patterns: { 'math/hard': 5, 'code/easy': 2 } });
  return base.dir;
}

async function report(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const io = bufferIo({ cwd, env });
  const code = await runCli(['report', '--base-dir', cwd, ...args], { io, workspaceRoot: cwd });
  return { code, out: io.out(), err: io.err() };
}

describe('flywheel report', () => {
  it('writes each format from a recorded traffic file', async () => {
    const dir = await baseDir();
    const common = ['--since', '50m', '--step', '10m', '--until', UNTIL, '--traffic', TRAFFIC];
    const json = await report([...common, '--format', 'json', '--out', 'r.json'], dir);
    expect([json.code, json.err]).toEqual([0, `flywheel report: ${path.join(dir, 'r.json')} (json, ${(await stat(path.join(dir, 'r.json'))).size} bytes): 5 passes (EXCELLENT 1, HEALTHY 1, WARNING 1, CRITICAL 2), 500 requests from file\n`]);
    const body = FlywheelReport.parse(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')));
    // Passes at 10:10 … 10:50: the phases' levels (see the monitor's replay spec).
    expect(body.timeline.map((p) => p.level)).toEqual(['EXCELLENT', 'HEALTHY', 'WARNING', 'CRITICAL', 'CRITICAL']);
    expect(body.failure_patterns!.top).toEqual([{ pattern: 'math/hard', failures: 5 }, { pattern: 'code/easy', failures: 2 }]);
    expect(body.sources.find((s) => s.name === 'adversarial_mining.json')!.state).toBe('present');

    const md = await report([...common, '--format', 'md', '--out', '-'], dir);
    expect(md.code).toBe(0);
    expect(md.out).toContain('| 2026-11-20 10:30:00Z | WARNING | 0.567 | F |');
    const html = await report([...common, '--out', 'r.html'], dir);
    expect(html.code).toBe(0);
    expect(await readFile(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*<section data-section="timeline">/);
    // Without --out: flywheel-report-<time>.<format> in the current folder.
    expect((await report([...common, '--format', 'md'], dir)).code).toBe(0);
    expect((await stat(path.join(dir, 'flywheel-report-20261120T105000Z.md'))).isFile()).toBe(true);
  });

  it('reads the run\'s gateway and feedback streams from Redis by time', async () => {
    const dir = await baseDir();
    const ns = redisNamespace('default');
    const lines = (await readFile(TRAFFIC, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { stream: string; id: string; event?: unknown; record?: unknown });
    const pipeline = redis.client.pipeline();
    for (const l of lines) {
      if (l.stream === 'gateway') pipeline.xadd(ns.gatewayEvents, l.id, 'event', JSON.stringify(l.event));
      else pipeline.xadd(ns.feedback, l.id, 'record', JSON.stringify(l.record));
    }
    await pipeline.exec();
    // 10:20–10:40 only: P3 (WARNING) then P4 (CRITICAL); the 10 minutes before 10:20 fill the first window.
    const r = await report(['--since', '20m', '--step', '10m', '--until', '2026-11-20T10:40:00.000Z', '--format', 'json', '--out', 'r.json', '--redis-url', redis.server.url], dir);
    expect(r.code).toBe(0);
    const body = FlywheelReport.parse(JSON.parse(await readFile(path.join(dir, 'r.json'), 'utf8')));
    expect(body.traffic).toMatchObject({ source: 'redis', events: 200, feedback: 40 });
    expect(body.timeline.map((p) => [p.at, p.level, p.health_score])).toEqual([
      ['2026-11-20T10:30:00.000Z', 'WARNING', 0.566667],
      ['2026-11-20T10:40:00.000Z', 'CRITICAL', 0.175],
    ]);
  });

  it('refuses a bad --since or --format, naming the flag, and says PDF needs Chromium', async () => {
    const dir = await baseDir();
    expect(await report(['--since', 'yesterday', '--traffic', TRAFFIC], dir)).toEqual({ code: 2, out: '', err: 'flywheel report: --since must be a positive number with s, m, h or d (e.g. 24h, 90m), at most 31d, got "yesterday"\n' });
    expect(await report(['--format', 'docx', '--traffic', TRAFFIC], dir)).toEqual({ code: 2, out: '', err: 'flywheel report: --format must be one of html, md, json, pdf, got "docx"\n' });
    expect(await report(['--traffic', 'gone.jsonl'], dir)).toEqual({ code: 1, out: '', err: `flywheel report: --traffic: no such file ${path.join(dir, 'gone.jsonl')}\n` });
    const missing = path.join(dir, 'no', 'chromium');
    const pdf = await report(['--format', 'pdf', '--out', 'r.pdf', '--since', '50m', '--until', UNTIL, '--traffic', TRAFFIC], dir, { FLYWHEEL_CHROMIUM: missing });
    expect(pdf).toEqual({
      code: 1,
      out: '',
      err: `flywheel report: PDF needs Chromium, and there is none at ${missing}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or point FLYWHEEL_CHROMIUM at a Chromium binary. --format html, md and json work without it.\n`,
    });
    await expect(stat(path.join(dir, 'r.pdf'))).rejects.toThrow(/ENOENT/);
  });
});
