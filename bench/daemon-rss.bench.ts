// Idle resident memory of every daemon and the API (goal ≤ 80 MB each), as a ratio against a
// bare `node` process that only keeps a timer, measured in the same run. Runs the built apps
// (apps/*/dist) against a private Redis and an empty training tree, the way pm2 runs them:
// with the Node flags of their ecosystem.config.cjs entry.
import { DAEMON_NAMES } from '@flywheel/contracts';
import { freePort, startNodeProcess, startRedis, tempDir, type NodeProcess } from '@flywheel/testing';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { printResult } from './bench-examples.js';
import { pm2NodeArgs } from './pm2-node-args.js';

const SETTLE_MS = 15_000;
const SAMPLES = 3;
const appMain = (name: string) => fileURLToPath(new URL(`../apps/${name}/dist/main.js`, import.meta.url));

async function rssMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for pid ${pid}`);
  return kb / 1024;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function daemonRssBench(): Promise<{ worstMegabytes: number }> {
  const apps = [...DAEMON_NAMES, 'api'];
  const missing = apps.filter((name) => !existsSync(appMain(name)));
  if (missing.length) throw new Error(`not built: ${missing.join(', ')} (run \`npm run build\` first)`);
  const redis = await startRedis();
  const { dir, remove } = await tempDir('bench-rss');
  const processes: [string, NodeProcess][] = [];
  try {
    const common = ['--base-dir', dir, '--redis-url', redis.url, '--run', 'rss', '--log-level', 'warn'];
    for (const name of apps) {
      const extra = name === 'api' ? ['--api-port', String(await freePort())] : name === 'data-generation' ? ['--check-interval', '300'] : ['--interval', '300'];
      processes.push([name, startNodeProcess(appMain(name), [...common, ...extra], {}, pm2NodeArgs(name))]);
    }
    processes.push(['bare node (baseline)', startNodeProcess(fileURLToPath(new URL('./idle-node.cjs', import.meta.url)), [])]);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const samples = new Map<string, number[]>();
    for (let i = 0; i < SAMPLES; i++) {
      for (const [name, proc] of processes) {
        if (proc.child.exitCode !== null) throw new Error(`${name} exited early (${proc.child.exitCode}): ${proc.output().slice(-500)}`);
        samples.set(name, [...(samples.get(name) ?? []), await rssMegabytes(proc.child.pid!)]);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const baseline = median(samples.get('bare node (baseline)')!);
    const rows: Record<string, string> = {};
    let worstMegabytes = 0;
    for (const name of apps) {
      const mb = median(samples.get(name)!);
      worstMegabytes = Math.max(worstMegabytes, mb);
      rows[name] = `${mb.toFixed(1)} MB  (${(mb / baseline).toFixed(2)} × bare node)`;
    }
    printResult(`idle RSS after ${SETTLE_MS / 1000} s (median of ${SAMPLES}; goal ≤ 80 MB each)`, {
      'node flags (from ecosystem.config.cjs)': pm2NodeArgs('evaluator').join(' ') || '(none)',
      'bare node with a timer (baseline)': `${baseline.toFixed(1)} MB`,
      ...rows,
      'largest': `${worstMegabytes.toFixed(1)} MB`,
    });
    return { worstMegabytes };
  } finally {
    await Promise.all(processes.map(([, proc]) => proc.stop(5_000)));
    await redis.stop();
    await remove();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await daemonRssBench();
