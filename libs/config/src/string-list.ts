import { z } from 'zod';

/**
 * A list option (argv template, patterns): a list in a file; from the environment or a flag,
 * the same list as JSON (`'["train", "--method", "{method}"]'`).
 */
export function stringList(defaults: string[]) {
  return z
    .preprocess((value, ctx) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `expected a JSON list of strings: ${(error as Error).message}`, input: value });
        return [];
      }
    }, z.array(z.string().min(1)))
    .default(defaults);
}
