import type { ConfigProblem } from './config-error.js';
import { OPTION_BY_FLAG, OPTION_BY_PATH, OPTIONS } from './options.js';

/** A value set from outside a file: the option's path, the raw string, and who set it. */
export interface RawSetting {
  path: string;
  raw: string;
  source: string;
}

export interface ParsedArgv {
  settings: RawSetting[];
  configFile?: string;
  help: boolean;
  problems: ConfigProblem[];
}

/** Flags that are not options of the config object. */
const META_FLAGS = new Set(['--config', '--set', '--help', '-h']);

/**
 * Reads the command line: `--flag value`, `--flag=value`, boolean `--once`/`--no-once`,
 * `--set path=value` (repeatable), `--config FILE`, `--help`. Unknown flags are reported,
 * with the closest known flag as a hint.
 */
export function parseArgv(argv: readonly string[]): ParsedArgv {
  const result: ParsedArgv = { settings: [], help: false, problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (!token.startsWith('-')) {
      result.problems.push({ path: '', message: `unexpected argument "${token}"`, source: 'command line' });
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 ? token.slice(0, eq) : token;
    const inline = eq > 0 ? token.slice(eq + 1) : undefined;
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        result.problems.push({ path: '', message: `${flag} needs a value`, source: `flag ${flag}` });
        return undefined;
      }
      i++;
      return next;
    };
    if (flag === '--help' || flag === '-h') {
      result.help = true;
      continue;
    }
    if (flag === '--config') {
      result.configFile = takeValue();
      continue;
    }
    if (flag === '--set') {
      const assignment = takeValue();
      if (assignment === undefined) continue;
      const split = assignment.indexOf('=');
      const path = split > 0 ? assignment.slice(0, split) : assignment;
      if (split <= 0 || !OPTION_BY_PATH.has(path)) {
        result.problems.push({
          path,
          message: split <= 0 ? 'expected --set path=value' : `unknown option${hint(path, [...OPTION_BY_PATH.keys()])}`,
          source: 'flag --set',
        });
        continue;
      }
      result.settings.push({ path, raw: assignment.slice(split + 1), source: `flag --set ${path}` });
      continue;
    }
    const negated = flag.startsWith('--no-') ? OPTION_BY_FLAG.get(`--${flag.slice(5)}`) : undefined;
    if (negated?.type === 'boolean' && inline === undefined) {
      result.settings.push({ path: negated.path, raw: 'false', source: `flag ${flag}` });
      continue;
    }
    const option = OPTION_BY_FLAG.get(flag);
    if (!option) {
      const known = [...OPTION_BY_FLAG.keys(), ...META_FLAGS];
      result.problems.push({ path: '', message: `unknown flag ${flag}${hint(flag, known)}`, source: 'command line' });
      continue;
    }
    const raw = option.type === 'boolean' && inline === undefined ? 'true' : takeValue();
    if (raw !== undefined) result.settings.push({ path: option.path, raw, source: `flag ${flag}` });
  }
  return result;
}

/** Usage text for `--help`, generated from the option table. */
export function usage(program: string): string {
  const lines = OPTIONS.filter((o) => o.flag).map(
    (o) => `  ${(o.flag + (o.type === 'boolean' ? '' : ' <' + o.type + '>')).padEnd(28)} ${o.description} (default: ${o.defaultText})`,
  );
  return [
    `usage: ${program} [flags]`,
    '',
    ...lines,
    `  ${'--config <file>'.padEnd(28)} flywheel.config.json or .yaml (default: ./flywheel.config.{json,yaml,yml})`,
    `  ${'--set <path>=<value>'.padEnd(28)} any option by its path, e.g. --set regression.thresholdPercent=20`,
    '',
    'Every option can also be set as FLYWHEEL_<PATH> (e.g. FLYWHEEL_REGRESSION_THRESHOLD_PERCENT).',
    'Precedence: defaults < config file < environment < flags. Reference: docs/configuration.md',
  ].join('\n');
}

function hint(word: string, candidates: string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best && bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? ` (did you mean ${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
