import { formatIssuePath } from '@flywheel/contracts';
import type { z } from 'zod';
import { HttpError } from './errors.js';

/**
 * Parses a request's query with `schema`, or throws a 400 naming the first bad field
 * (`{ error: 'count: must be at most 50', field: 'count' }`). Unknown fields are refused too
 * (use a strict schema): a typo such as `?cout=5` should not be silently ignored.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const field = keys.length > 0 ? keys.join(',') : issue.path.length > 0 ? formatIssuePath(issue.path) : '(query)';
  throw new HttpError(400, `query ${field}: ${issue.message}`, { field });
}
