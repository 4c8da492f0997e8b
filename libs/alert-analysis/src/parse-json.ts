import { parseJsonAs } from '@flywheel/contracts';
import type { z } from 'zod';

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
