// The host files (ecosystem.config.cjs for pm2, docker-compose.yml) cover every daemon and the
// API, split by host role as seed 004 runs them, and Redis is configured for BullMQ.
import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const run = promisify(execFile);

// Seed 004, "Starting all systems": what runs on the RTX 3090 (inference and monitoring) and on
// the RTX 4090 (training). Curriculum optimizer and self-correction are in the 3090's list; the
// production monitor and the gateway sit beside the served model (issue 8), and so does the
// alert analyst, which asks that model (issue 10).
const SEED_SPLIT = {
  inference: ['checkpoint-sync', 'evaluator', 'regression-monitor', 'automated-testing', 'model-comparison', 'confidence-calibrator',
    'adversarial-miner', 'curriculum-optimizer', 'self-correction', 'production-monitor', 'alert-analyst', 'gateway', 'api'],
  training: ['data-generation', 'checkpoint-auto-deploy'],
} as const;
const groupOf = (app: string) => (Object.keys(SEED_SPLIT) as (keyof typeof SEED_SPLIT)[]).find((g) => (SEED_SPLIT[g] as readonly string[]).includes(app));

/** Apps under apps/ that run as long-lived services (not the simulator, the tests or the CLI). */
const SERVICE_APPS = readdirSync(path.join(ROOT, 'apps'))
  .filter((name) => statSync(path.join(ROOT, 'apps', name)).isDirectory())
  .filter((name) => !['simulator', 'e2e', 'cli'].includes(name))
  .sort();

interface Pm2App { name: string; namespace: string; script: string; args: string[]; cwd: string; node_args: string[] }
const ecosystemPath = path.join(ROOT, 'ecosystem.config.cjs');

interface ComposeService { profiles?: string[]; entrypoint?: string[]; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, { condition: string; required?: boolean }>; ports?: string[]; image?: string; build?: string }
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

/** The apps ecosystem.config.cjs gives pm2 with FLYWHEEL_HOST_ROLE set (it reads it on load). */
async function pm2AppsFor(role: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(ecosystemPath)}).apps.map((a) => a.name)))`], {
    env: { ...process.env, FLYWHEEL_HOST_ROLE: role, NODE_OPTIONS: '' },
  });
  return (JSON.parse(stdout) as string[]).sort();
}

describe('service apps', () => {
  it('are the ten seed daemons, the evaluator, the production monitor, the alert analyst, the gateway and the API, each in one group of the split', () => {
    expect(SERVICE_APPS).toEqual([...SEED_SPLIT.inference, ...SEED_SPLIT.training].sort());
    expect(SERVICE_APPS).toHaveLength(15);
  });
});

describe('the e2e project', () => {
  it('builds every service app and the simulator before its test runs (Nx implicit dependencies)', () => {
    // The demo starts apps/<app>/dist/main.js: an app missing here is not built on a clean clone.
    const e2e = JSON.parse(readFileSync(path.join(ROOT, 'apps', 'e2e', 'package.json'), 'utf8')) as { nx: { implicitDependencies: string[] } };
    const nxName = (app: string) => (JSON.parse(readFileSync(path.join(ROOT, 'apps', app, 'package.json'), 'utf8')) as { nx: { name: string } }).nx.name;
    const missing = [...SERVICE_APPS, 'simulator'].map(nxName).filter((name) => !e2e.nx.implicitDependencies.includes(name));
    expect(missing).toEqual([]);
  });
});

describe('ecosystem.config.cjs (pm2)', () => {
  const { apps } = require(ecosystemPath) as { apps: Pm2App[] };

  it('has one entry per service app, running its built main.js, in its host group namespace', () => {
    expect(apps.map((a) => a.name).sort()).toEqual(SERVICE_APPS.map((a) => `flywheel-${a}`));
    for (const app of SERVICE_APPS) {
      const entry = apps.find((a) => a.name === `flywheel-${app}`)!;
      expect({ app, namespace: entry.namespace, script: entry.script }).toEqual({ app, namespace: groupOf(app), script: `apps/${app}/dist/main.js` });
      expect(existsSync(path.join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
      expect(entry.cwd).toBe(ROOT.replace(/\/$/, ''));
      expect(entry.args.slice(0, 1)).toEqual(['--base-dir']);
      // The daemons optimise on the main thread (memory); the gateway, on every request's path, in
      // the background; checkpoint-sync, streaming gigabytes, without V8's size mode.
      const expected =
        app === 'gateway' ? ['--max-semi-space-size=1', '--optimize-for-size']
        : app === 'checkpoint-sync' ? ['--max-semi-space-size=1', '--no-concurrent-recompilation']
        : ['--max-semi-space-size=1', '--optimize-for-size', '--no-concurrent-recompilation'];
      expect({ app, nodeArgs: entry.node_args }).toEqual({ app, nodeArgs: expected });
    }
  });

  it('starts only the chosen host group with FLYWHEEL_HOST_ROLE, and refuses an unknown one', async () => {
    expect(await pm2AppsFor('inference')).toEqual(SEED_SPLIT.inference.map((a) => `flywheel-${a}`).sort());
    expect(await pm2AppsFor('training')).toEqual(['flywheel-checkpoint-auto-deploy', 'flywheel-data-generation']);
    await expect(pm2AppsFor('gpu')).rejects.toThrow(/FLYWHEEL_HOST_ROLE=gpu: expected one of inference, training/);
  });
});

describe('docker-compose.yml', () => {
  const { services } = compose;
  const pm2Apps = (require(ecosystemPath) as { apps: Pm2App[] }).apps;

  it('has a service per app, running its built main.js from the one image, under its host profile', () => {
    for (const app of SERVICE_APPS) {
      const service = services[app];
      expect({ app, defined: service !== undefined }).toEqual({ app, defined: true });
      expect({ app, profiles: service!.profiles }).toEqual({ app, profiles: [groupOf(app)] });
      // The same Node flags as under pm2 (the memory settings `npm run bench` measures).
      const nodeArgs = pm2Apps.find((a) => a.name === `flywheel-${app}`)!.node_args;
      expect({ app, command: service!.command?.slice(0, 2 + nodeArgs.length) }).toEqual({ app, command: ['node', ...nodeArgs, `apps/${app}/dist/main.js`] });
      expect({ app, image: service!.image, build: service!.build }).toEqual({ app, image: 'flywheel:local', build: '.' });
    }
    // Nothing else but Redis.
    expect(Object.keys(services).sort()).toEqual([...SERVICE_APPS, 'redis'].sort());
  });

  it('runs Redis with AOF persistence and noeviction, on the inference host, and waits for it', () => {
    const redis = services['redis']!;
    const command = redis.command!;
    const flag = (name: string) => command[command.indexOf(name) + 1];
    // The entrypoint (compose-redis.int.spec runs it) execs redis-server with these arguments.
    expect(redis.entrypoint!.at(-1)).toBe('redis-server');
    expect(redis.entrypoint![2]).toContain('exec docker-entrypoint.sh redis-server');
    expect(command).toContain('--appendonly');
    expect(flag('--appendonly')).toBe('yes');
    expect(command).toContain('--maxmemory-policy');
    expect(flag('--maxmemory-policy')).toBe('noeviction');
    expect(redis.profiles).toEqual(['inference']);
    for (const app of SEED_SPLIT.inference) expect({ app, dependsOn: services[app]!.depends_on?.['redis'] }).toEqual({ app, dependsOn: { condition: 'service_healthy' } });
    // The training host normally reaches the inference host's Redis: the dependency is optional.
    for (const app of SEED_SPLIT.training) expect({ app, dependsOn: services[app]!.depends_on?.['redis'] }).toEqual({ app, dependsOn: { condition: 'service_healthy', required: false } });
  });

  it('logs every service in to Redis with FLYWHEEL_REDIS_PASSWORD, and refuses to start without it', () => {
    // Compose stops with the :? message when the variable is unset; FLYWHEEL_REDIS_URL overrides it all.
    const required = '${FLYWHEEL_REDIS_PASSWORD:?set FLYWHEEL_REDIS_PASSWORD (e.g. openssl rand -hex 24)}';
    for (const app of SERVICE_APPS) {
      expect({ app, url: services[app]!.environment?.['FLYWHEEL_REDIS_URL'] }).toEqual({ app, url: `\${FLYWHEEL_REDIS_URL:-redis://:${required}@\${FLYWHEEL_REDIS_HOST:-redis}:6379}` });
    }
    expect(services['redis']!.environment?.['REDISCLI_AUTH']).toBe(required);
  });

  it('publishes the API and the gateway on the loopback only', () => {
    expect(services['api']!.ports).toEqual(['127.0.0.1:5000:5000']);
    expect(services['gateway']!.ports).toEqual(['127.0.0.1:8200:8200']);
  });
});
