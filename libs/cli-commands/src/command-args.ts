import { OPTIONS } from '@flywheel/config';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-errors.js';

/** One flag a command defines itself (configuration flags come from libs/config). */
export interface CommandOption {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help: `--step <n>`. */
  placeholder?: string;
  /** Repeatable (string options only). */
  multiple?: boolean;
}

export interface CommandArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The configuration flags, as given, for `loadConfig` (`--base-dir X`, `--set a=b`, `--config F`). */
  configArgv: string[];
  help: boolean;
}

/** Flags of libs/config: every option that has one, plus `--config` and `--set`. */
const CONFIG_FLAGS: ReadonlyMap<string, 'string' | 'boolean'> = new Map([
  ...OPTIONS.filter((o) => o.flag).map((o) => [o.flag!.slice(2), o.type === 'boolean' ? 'boolean' : 'string'] as const),
  ['config', 'string'],
  ['set', 'string'],
]);

/** Whether a name is already a configuration flag (a command must not redefine one). */
export function isConfigFlag(name: string): boolean {
  return CONFIG_FLAGS.has(name);
}

/**
 * Reads one command's argv with node:util parseArgs (strict): the command's own flags, every
 * configuration flag (handed on to `loadConfig` untouched, so `--base-dir`, `--redis-url`,
 * `--set`, `--config` work as for every daemon), `--help`. An unknown flag, a missing value or
 * a stray argument is a `UsageError` naming it.
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: Readonly<Record<string, CommandOption>>,
  maxPositionals = 0,
): CommandArgs {
  const config: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, type] of CONFIG_FLAGS) config[name] = type === 'string' && name === 'set' ? { type, multiple: true } : { type };
  for (const [name, option] of Object.entries(options)) {
    if (CONFIG_FLAGS.has(name)) throw new Error(`flywheel ${command}: --${name} is a configuration flag; do not redefine it`);
    config[name] = option.multiple ? { type: option.type, multiple: true } : { type: option.type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: config, strict: true, allowPositionals: true, allowNegative: true, tokens: true });
  } catch (error) {
    throw new UsageError(`flywheel ${command}: ${describeParseError(error as Error & { code?: string })} (see flywheel ${command} --help)`);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).map((p) => `"${p}"`).join(', ');
    throw new UsageError(`flywheel ${command}: unexpected argument ${extra} (see flywheel ${command} --help)`);
  }
  const configArgv: string[] = [];
  const values: CommandArgs['values'] = {};
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'help') continue;
    if (CONFIG_FLAGS.has(token.name)) {
      // Booleans keep their raw spelling (`--no-once` included); strings pass as `--flag value`.
      configArgv.push(...(token.value === undefined ? [token.rawName] : [`--${token.name}`, token.value]));
      continue;
    }
    const option = options[token.name]!;
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`flywheel ${command}: --${token.name} takes no value`);
      values[token.name] = !token.rawName.startsWith('--no-');
    } else if (option.multiple) {
      values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value!];
    } else {
      values[token.name] = token.value;
    }
  }
  for (const [name, option] of Object.entries(options)) {
    if (option.type === 'boolean' && token(parsed.tokens, name) === undefined) values[name] = false;
  }
  return { values, positionals: parsed.positionals, configArgv, help: parsed.values['help'] === true };
}

function token(tokens: readonly { kind: string; name?: string }[], name: string) {
  return tokens.find((t) => t.kind === 'option' && t.name === name);
}

function describeParseError(error: Error & { code?: string }): string {
  const message = error.message;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return `unknown flag ${flag}`;
  }
  // "Option '--step <value>' argument missing" and the like: already names the flag.
  return message.split('. ')[0]!.replace(/\.$/, '');
}

/** A string flag's value, or a UsageError when it is required and missing. */
export function stringFlag(command: string, args: CommandArgs, name: string, required: true): string;
export function stringFlag(command: string, args: CommandArgs, name: string, required?: false): string | undefined;
export function stringFlag(command: string, args: CommandArgs, name: string, required = false): string | undefined {
  const value = args.values[name];
  if (typeof value === 'string' && value.length > 0) return value;
  if (required) throw new UsageError(`flywheel ${command}: --${name} is required (see flywheel ${command} --help)`);
  return undefined;
}

/** An integer flag within [min, max], or a UsageError naming the flag and the value. */
export function integerFlag(command: string, args: CommandArgs, name: string, bounds: { min: number; max?: number }): number | undefined {
  const raw = stringFlag(command, args, name);
  if (raw === undefined) return undefined;
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < bounds.min || value > max) {
    const range = bounds.max === undefined ? `at least ${bounds.min}` : `${bounds.min}..${bounds.max}`;
    throw new UsageError(`flywheel ${command}: --${name} must be a whole number ${range}, got "${raw}"`);
  }
  return value;
}

/** A number flag (seconds and the like) ≥ min. */
export function numberFlag(command: string, args: CommandArgs, name: string, min: number): number | undefined {
  const raw = stringFlag(command, args, name);
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value) || value < min) throw new UsageError(`flywheel ${command}: --${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}
