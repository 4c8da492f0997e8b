import { jsonErrorLocation } from '@flywheel/contracts';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadYaml } from './yaml.js';
import type { ConfigProblem } from './config-error.js';

export const CONFIG_FILE_NAMES = ['flywheel.config.json', 'flywheel.config.yaml', 'flywheel.config.yml'];

/** The config file to read: the one named, else the first default name found in `dirs`. */
export function findConfigFile(named: string | undefined, dirs: string[], cwd: string): string | undefined {
  if (named) return path.resolve(cwd, named);
  for (const dir of dirs) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Reads and parses a JSON or YAML config file; a syntax error names the file, line and column. */
export function readConfigFile(file: string): { data?: unknown; problem?: ConfigProblem } {
  const source = `file ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problem: { path: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? error}`, source } };
  }
  if (file.endsWith('.json')) {
    try {
      return { data: JSON.parse(text) };
    } catch (error) {
      const message = (error as Error).message;
      const location = jsonErrorLocation(text, message);
      const where = location ? ` at ${location}` : '';
      return { problem: { path: '', message: `invalid JSON${where}: ${message}`, source } };
    }
  }
  try {
    return { data: loadYaml().parse(text) ?? {} };
  } catch (error) {
    const linePos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = linePos ? ` at line ${linePos.line}, column ${linePos.col}` : '';
    return { problem: { path: '', message: `invalid YAML${where}: ${(error as Error).message.split('\n')[0]}`, source } };
  }
}
