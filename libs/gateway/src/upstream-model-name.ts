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
    forget(upstream: Upstream): void {
      known.delete(upstream.name);
      if (deployed && upstream.name === deployed.upstream) deployedStale = true;
    },
  };
}
export type ModelNames = ReturnType<typeof createModelNames>;

async function lookUp(upstream: Upstream, timeoutMs: number): Promise<string> {
  const response = await sendUpstream({ baseUrl: upstream.baseUrl, path: '/v1/models', method: 'GET', timeoutMs }).response;
  const body = await readBody(response);
  if (response.statusCode !== 200) throw new UpstreamUnreachable(`${upstream.baseUrl}/v1/models answered ${response.statusCode}`);
  try {
    const id = (JSON.parse(body.toString('utf8')) as { data?: { id?: unknown }[] }).data?.[0]?.id;
    if (typeof id === 'string' && id) return id;
  } catch {
    // fall through
  }
  throw new UpstreamUnreachable(`${upstream.baseUrl}/v1/models lists no model (set gateway.upstreams[].model)`);
}
