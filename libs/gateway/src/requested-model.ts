import { withTimeout } from '@flywheel/status-store';
import type { ModelNames } from './upstream-model-name.js';
import type { Upstream } from './upstreams.js';

/** The name that asks the gateway to choose (as no `model` does). */
export const AUTO_MODEL = 'auto';

/** How long the check waits for an upstream's /v1/models before leaving its served name out. */
const LOOKUP_WAIT_MS = 2_000;

export type RequestedModel =
  | { kind: 'auto' }
  | { kind: 'upstream'; upstream: string }
  | { kind: 'unknown'; accepted: string[] };

/**
 * What a request's `model` names: nothing or "auto" (the gateway chooses), an upstream by its
 * name, by a configured alias (`gateway.aliases`), or by the model it serves (its configured
 * `model`, else the first of its /v1/models, as the proxy sends it). Anything else is unknown, with the names that would have been
 * accepted: routing a typo to some other model would answer with a model the caller did not ask
 * for. An upstream that does not answer its /v1/models within LOOKUP_WAIT_MS is accepted by its
 * name only.
 */
export async function requestedModel(
  requested: unknown,
  upstreams: readonly Upstream[],
  modelNames: ModelNames,
  aliases: Readonly<Record<string, string>> = {},
): Promise<RequestedModel> {
  if (requested === undefined || requested === null || requested === '' || requested === AUTO_MODEL) return { kind: 'auto' };
  const alias = typeof requested === 'string' && Object.hasOwn(aliases, requested) ? aliases[requested] : undefined;
  const byName = upstreams.find((u) => u.name === (alias ?? requested) || u.model === requested);
  if (byName) return { kind: 'upstream', upstream: byName.name };
  const served = await Promise.all(
    upstreams.map(async (u) => ({ upstream: u.name, model: await withTimeout(modelNames.of(u), LOOKUP_WAIT_MS, `${u.name} /v1/models`).catch(() => null) })),
  );
  const match = served.find((s) => s.model === requested);
  if (match) return { kind: 'upstream', upstream: match.upstream };
  const names = [AUTO_MODEL, ...upstreams.map((u) => u.name), ...Object.keys(aliases), ...served.map((s) => s.model).filter((m): m is string => typeof m === 'string')];
  return { kind: 'unknown', accepted: [...new Set(names)] };
}
