import type { z } from 'zod';
import { formatIssuePath } from './json-problems.js';

/**
 * Parses `text` as JSON that must meet `schema` (a Redis value, a stream entry's field);
 * throws an error naming `where` (the key) and the first bad field.
 */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.length ? formatIssuePath(issue.path) : '(value)'}: ${issue.message}`);
  }
  return parsed.data;
}
