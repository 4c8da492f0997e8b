import { formatIssuePath } from '@flywheel/contracts';
import type { z } from 'zod';

/** Parses `text` as JSON of `schema`; throws an error naming `where` and the field. */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.length ? formatIssuePath(issue.path) : '(value)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Parses what it can; the rest is returned as problems (one bad field must not hide the others). */
export function parseEach<S extends z.ZodType>(schema: S, entries: [string, string][], where: string): { values: z.output<S>[]; problems: string[] } {
  const values: z.output<S>[] = [];
  const problems: string[] = [];
  for (const [key, text] of entries) {
    try {
      values.push(parseJsonAs(schema, text, `${where} ${key}`));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { values, problems };
}
