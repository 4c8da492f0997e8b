import type { Request, Response } from 'express';
import { HttpError } from './errors.js';
import { snapshotStamp, type GatewayPerformance } from './gateway-performance.js';

/**
 * Answers `req` with the gateway's own route `gatewayPath` (e.g. `/performance/rankings`) run
 * over the snapshot, its JSON plus `snapshot_file`, `snapshot_at` and `snapshot_age_seconds`.
 * The gateway's router is called as a sub-router with the request's URL set to the gateway
 * path for the call, so the body is the gateway's code's, not a copy of it. Queries are
 * checked by the plugin before (the API's 400 shape), and so are model names (404).
 */
export async function answerWithGatewayRoute(
  req: Request,
  res: Response,
  performance: GatewayPerformance,
  now: Date,
  gatewayPath: string,
  query: Record<string, string | undefined> = {},
): Promise<void> {
  const stamp = snapshotStamp(performance, now);
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined)).toString();
  const url = req.url;
  const json = res.json;
  const restore = () => {
    req.url = url;
    res.json = json;
  };
  await new Promise<void>((resolve, reject) => {
    res.json = function stamped(this: Response, body: unknown) {
      restore();
      resolve();
      return json.call(this, { ...withoutUpstreamUrls(body as Record<string, unknown>), ...stamp });
    };
    req.url = search ? `${gatewayPath}?${search}` : gatewayPath;
    performance.router(req, res, (error?: unknown) => {
      restore();
      reject(error ?? new Error(`the gateway's performance routes have no ${gatewayPath}`));
    });
  });
}

/** The model named by `:modelName`, or a 404 naming it and the models the snapshot has. */
export function requireModel(performance: GatewayPerformance, name: string, now: Date): string {
  if (performance.upstreams.some((u) => u.name === name)) return name;
  throw new HttpError(404, `unknown model "${name}": the gateway's performance file knows ${performance.upstreams.map((u) => `"${u.name}"`).join(', ') || 'no model yet'}`, {
    field: 'modelName',
    model: name,
    models: performance.upstreams.map((u) => u.name),
    ...snapshotStamp(performance, now),
  });
}

/**
 * The gateway's body without `base_url`: the upstreams' addresses (internal hosts, ports,
 * sometimes credentials) are the gateway's configuration, not something the API's clients need.
 */
function withoutUpstreamUrls(body: Record<string, unknown>): Record<string, unknown> {
  const { base_url: _dropped, ...rest } = body; // eslint-disable-line @typescript-eslint/no-unused-vars
  if (!Array.isArray(rest['models'])) return rest;
  return { ...rest, models: rest['models'].map((model: unknown) => (model && typeof model === 'object' ? withoutUpstreamUrls(model as Record<string, unknown>) : model)) };
}
