import type { z } from 'zod';
import { formatIssuePath } from './json-problems.js';

/** A JSONL line that met its schema, with its 1-based line number. */
export interface ParsedJsonLine<T> {
  line: number;
  value: T;
}

/** A JSONL line that could not be used, and why (`not JSON: …`, or the first bad field). */
export interface JsonLineProblem {
  line: number;
  message: string;
}

/**
 * Every non-blank line of `text` parsed as JSON that must meet `schema`, in order, and a
 * problem for each one that does not, by 1-based line number: the one line loop that every
 * JSONL reader (ratings, replay records) shares, each naming its own file in the problems.
 */
export function parseJsonLinesAs<S extends z.ZodType>(schema: S, text: string): { lines: ParsedJsonLine<z.output<S>>[]; problems: JsonLineProblem[] } {
  const lines: ParsedJsonLine<z.output<S>>[] = [];
  const problems: JsonLineProblem[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problems.push({ line, message: `not JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) {
      lines.push({ line, value: parsed.data });
    } else {
      const issue = parsed.error.issues[0]!;
      problems.push({ line, message: `${issue.path.length > 0 ? formatIssuePath(issue.path) : '(line)'}: ${issue.message}` });
    }
  });
  return { lines, problems };
}
