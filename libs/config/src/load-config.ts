import path from 'node:path';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { envName, OPTION_BY_PATH, OPTIONS, type OptionSpec } from './options.js';
import { parseArgv, type RawSetting } from './parse-argv.js';
import { findConfigFile, readConfigFile } from './read-config-file.js';
import { readCaFile } from './redis-client-options.js';
import { FlywheelConfig } from './schema.js';

export interface LoadConfigOptions {
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Options holding a local path: relative values resolve against the file's folder or the cwd. */
const PATH_OPTIONS = new Set(['baseDir', 'paths.statusDir', 'paths.checkpointsDir', 'paths.queueDir', 'paths.logsDir', 'paths.dataDir', 'sync.localDir', 'deploy.servingDir', 'redis.tlsCaFile']);

/**
 * Loads the configuration: schema defaults < config file < environment < flags. Throws a
 * `ConfigError` listing every bad field with the source of its value. `--help` is the
 * caller's business (see `loadConfigOrExit`); here it is ignored.
 */
export function loadConfig({ argv = process.argv.slice(2), env = process.env, cwd = process.cwd() }: LoadConfigOptions = {}): FlywheelConfig {
  const parsed = parseArgv(argv);
  const problems: ConfigProblem[] = [...parsed.problems];
  const provenance = new Map<string, string>();
  const merged: Record<string, unknown> = {};

  const envSettings = settingsFromEnv(env);
  const outside = [...envSettings, ...parsed.settings];
  const baseFromOutside = outside.filter((s) => s.path === 'baseDir').at(-1);
  const searchDirs = [cwd, ...(baseFromOutside ? [path.resolve(cwd, baseFromOutside.raw)] : [])];
  const file = findConfigFile(parsed.configFile ?? env['FLYWHEEL_CONFIG'], searchDirs, cwd);

  if (file) {
    const { data, problem } = readConfigFile(file);
    if (problem) problems.push(problem);
    else if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      for (const [key, value] of leaves(data as Record<string, unknown>)) {
        if (!OPTION_BY_PATH.has(key) && !isParentOfOption(key)) {
          problems.push({ path: key, message: 'unknown option', source: `file ${file}` });
          continue;
        }
        const resolved = PATH_OPTIONS.has(key) && typeof value === 'string' ? path.resolve(path.dirname(file), value) : value;
        setPath(merged, key, resolved);
        provenance.set(key, `file ${file}`);
      }
    } else {
      problems.push({ path: '', message: 'expected an object at the top level', source: `file ${file}` });
    }
  }

  for (const setting of outside) {
    const option = OPTION_BY_PATH.get(setting.path)!;
    const value = coerce(option, setting.raw);
    if (value instanceof Error) {
      problems.push({ path: setting.path, message: value.message, source: setting.source });
      continue;
    }
    setPath(merged, setting.path, PATH_OPTIONS.has(setting.path) ? path.resolve(cwd, value as string) : value);
    provenance.set(setting.path, setting.source);
  }

  const result = FlywheelConfig.safeParse(merged);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const key = issue.path.join('.');
      problems.push({ path: key, message: issue.message, source: sourceOf(key, provenance) });
    }
  }
  // Checked here, not at the first connection, so a missing CA file stops start-up with the
  // setting's name instead of a retry loop of TLS errors.
  const caFile = result.success ? result.data.redis.tlsCaFile : undefined;
  if (caFile !== undefined) {
    const read = readCaFile(caFile);
    if (typeof read === 'string') problems.push({ path: 'redis.tlsCaFile', message: read, source: sourceOf('redis.tlsCaFile', provenance) });
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return withDerivedPaths(result.data, cwd);
}

function withDerivedPaths(config: ReturnType<typeof FlywheelConfig.parse>, cwd: string): FlywheelConfig {
  const baseDir = path.resolve(cwd, config.baseDir);
  const paths = {
    statusDir: config.paths.statusDir ?? (config.run === 'default' ? path.join(baseDir, 'status') : path.join(baseDir, 'status', config.run)),
    checkpointsDir: config.paths.checkpointsDir ?? path.join(baseDir, 'current_model'),
    queueDir: config.paths.queueDir ?? path.join(baseDir, 'queue'),
    logsDir: config.paths.logsDir ?? path.join(baseDir, 'logs'),
    dataDir: config.paths.dataDir ?? path.join(baseDir, 'data'),
  };
  return {
    ...config,
    baseDir,
    paths,
    sync: { ...config.sync, localDir: config.sync.localDir ?? paths.checkpointsDir },
    deploy: { ...config.deploy, servingDir: config.deploy.servingDir ?? path.join(baseDir, 'serving') },
  };
}

function settingsFromEnv(env: NodeJS.ProcessEnv): RawSetting[] {
  const settings: RawSetting[] = [];
  // REDIS_URL is the common name; FLYWHEEL_REDIS_URL, read after it, wins.
  if (env['REDIS_URL']) settings.push({ path: 'redis.url', raw: env['REDIS_URL'], source: 'env REDIS_URL' });
  for (const option of OPTIONS) {
    const name = envName(option.path);
    const raw = env[name];
    if (raw !== undefined && raw !== '') settings.push({ path: option.path, raw, source: `env ${name}` });
  }
  return settings;
}

function coerce(option: OptionSpec, raw: string): unknown {
  if (option.type === 'string') return raw;
  if (option.type === 'number') {
    const value = Number(raw);
    return raw.trim() !== '' && Number.isFinite(value) ? value : new Error(`expected a number, got "${raw}"`);
  }
  const lowered = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lowered)) return true;
  if (['false', '0', 'no', 'off'].includes(lowered)) return false;
  return new Error(`expected true or false, got "${raw}"`);
}

/** Flattens an object into [dotted path, value] pairs; arrays and scalars are leaves. */
function leaves(object: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(object).flatMap(([key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? leaves(value as Record<string, unknown>, full)
      : [[full, value] as [string, unknown]];
  });
}

function isParentOfOption(key: string): boolean {
  return OPTIONS.some((option) => option.path.startsWith(`${key}.`));
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

function sourceOf(key: string, provenance: Map<string, string>): string {
  if (provenance.has(key)) return provenance.get(key)!;
  // A cross-field rule names the section; report whoever set something in it.
  const inSection = [...provenance.entries()].filter(([p]) => p.startsWith(`${key}.`) || key.startsWith(`${p}.`));
  return inSection.length ? inSection.map(([, source]) => source).join(', ') : 'default';
}
