/** What the self-judging rule reads of the config (the parts that say where the served model is). */
export interface SelfJudgingInput {
  monitor: { judge: { baseUrl?: string; model?: string; allowSelfJudging: boolean; samplingRate: number } };
  backend: { baseUrl: string; model?: string };
  gateway: { upstreams: readonly { name: string; baseUrl: string; model?: string }[] };
  deploy: { baseUrl?: string; port: number };
}

const normalise = (url: string) => url.replace(/\/+$/, '').replace(/\/v1$/, '').toLowerCase();

/**
 * The served model the judge would be, if any: the judge's endpoint (its `baseUrl`, else
 * `backend.baseUrl`) and model (unset on both sides means "the server's first model", the same
 * one) equal to `backend.*`, an upstream of the gateway, or the deployed server. Null when the
 * judge is independent or judging is off.
 */
export function selfJudgingTarget(config: SelfJudgingInput): string | null {
  const { judge } = config.monitor;
  if (judge.samplingRate === 0) return null;
  const url = normalise(judge.baseUrl ?? config.backend.baseUrl);
  const model = judge.model ?? (judge.baseUrl === undefined ? config.backend.model : undefined);
  const served = [
    { what: 'backend.baseUrl/backend.model', baseUrl: config.backend.baseUrl, model: config.backend.model },
    ...config.gateway.upstreams.map((u) => ({ what: `gateway upstream "${u.name}"`, baseUrl: u.baseUrl, model: u.model })),
    { what: 'the deployed server (deploy.baseUrl/deploy.port)', baseUrl: config.deploy.baseUrl ?? `http://127.0.0.1:${config.deploy.port}`, model: undefined },
  ];
  const same = served.find((s) => normalise(s.baseUrl) === url && s.model === model);
  return same ? same.what : null;
}
