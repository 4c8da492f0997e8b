import type { DeployedModel } from './deployed-model.js';
import { readBody, sendUpstream, UpstreamUnreachable } from './upstream-request.js';
import type { Upstream } from './upstreams.js';

/**
 * The model name to send to an upstream: its configured `model`; for the deployed upstream, the
 * name the last deployment recorded (`deployed`, when given and it has one); else the first
 * model its /v1/models lists (asked once and remembered; forgotten after a failure, since the
 * server may have been restarted with another model). Forgetting the deployed upstream makes the
 * next request re-read the deployment first (a 404 for an adapter unloaded since the last read).
 */
export function createModelNames(timeoutMs: number, deployed?: DeployedModel) {
  const known = new Map<string, Promise<string>>();
  let deployedStale = false;
  return {
    async of(upstream: Upstream): Promise<string> {
      if (upstream.model) return upstream.model;
      if (deployed && upstream.name === deployed.upstream) {
        if (deployedStale) {
          deployedStale = false;
          await deployed.refresh();
        }
        const recorded = deployed.current();
        if (recorded) return recorded;
      }
      let name = known.get(upstream.name);
      if (!name) {
        name = lookUp(upstream, timeoutMs);
        known.set(upstream.name, name);
        name.catch(() => known.delete(upstream.name));
      }
      return name;
    },
    /**
     * The one model a server lists, asked now, or null when it lists several (a LoRA server: its
     * base model and adapters) or cannot be asked: what a single-model server answers to while
     * the deployment's record still names the model it replaced.
     */
    async soleListed(upstream: Upstream): Promise<string | null> {
      const ids = await listed(upstream, timeoutMs).catch(() => [] as string[]);
      return ids.length === 1 ? ids[0]! : null;
    },
    forget(upstream: Upstream): void {
      known.delete(upstream.name);
      if (deployed && upstream.name === deployed.upstream) deployedStale = true;
    },
  };
}
export type ModelNames = ReturnType<typeof createModelNames>;

/** The model ids a server's /v1/models lists, in its order. */
async function listed(upstream: Upstream, timeoutMs: number): Promise<string[]> {
  const response = await sendUpstream({ baseUrl: upstream.baseUrl, path: '/v1/models', method: 'GET', timeoutMs }).response;
  const body = await readBody(response);
  if (response.statusCode !== 200) throw new UpstreamUnreachable(`${upstream.baseUrl}/v1/models answered ${response.statusCode}`);
  try {
    const data = (JSON.parse(body.toString('utf8')) as { data?: { id?: unknown }[] }).data ?? [];
    return data.map((m) => m.id).filter((id): id is string => typeof id === 'string' && id !== '');
  } catch {
    return [];
  }
}

async function lookUp(upstream: Upstream, timeoutMs: number): Promise<string> {
  const [first] = await listed(upstream, timeoutMs);
  if (first) return first;
  throw new UpstreamUnreachable(`${upstream.baseUrl}/v1/models lists no model (set gateway.upstreams[].model)`);
}
