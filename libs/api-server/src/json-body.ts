import { formatIssuePath } from '@flywheel/contracts';
import type { Request } from 'express';
import type { z } from 'zod';
import { HttpError } from './errors.js';

/**
 * A mutating route's JSON body parsed with `schema` (make it strict), or a 400 naming the field.
 * An unknown field is named before anything else: `{enable: true}` is a misspelt `enabled`, and
 * a misspelt `corection` must not drop the user's text silently. Pass `req.body ?? {}` where a
 * route takes no body at all.
 */
export function parseJsonBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body: expected a JSON object (Content-Type: application/json)', { field: '(body)' });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.length > 0 ? formatIssuePath(issue.path) : '(body)';
  throw new HttpError(400, `${field}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`, { field });
}

/** The header the dashboard names its user in ("as <name>"). */
export const USER_HEADER = 'X-Flywheel-User';

/** Who made a change: the body's `by`, else the `X-Flywheel-User` header, else the token itself. */
export const actorOf = (req: Request, by: string | undefined): string => by ?? (req.get(USER_HEADER)?.trim().slice(0, 200) || 'api-token');
