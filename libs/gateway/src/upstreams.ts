import type { FlywheelConfig, GatewayUpstream } from '@flywheel/config';

export type Upstream = GatewayUpstream;

/** The name of the upstream the gateway puts in front when none are configured. */
export const DEPLOYED_UPSTREAM = 'deployed';

/**
 * The gateway's upstreams in order: the configured list, or, when it is empty, the deployed
 * checkpoint's serving server (`deploy.baseUrl`, else http://127.0.0.1:<deploy.port>).
 */
export function upstreamsFromConfig(config: Pick<FlywheelConfig, 'gateway' | 'deploy'>): Upstream[] {
  if (config.gateway.upstreams.length > 0) return config.gateway.upstreams.map((u) => ({ ...u, baseUrl: u.baseUrl.replace(/\/+$/, '') }));
  const baseUrl = (config.deploy.baseUrl ?? `http://127.0.0.1:${config.deploy.port}`).replace(/\/+$/, '');
  return [{ name: DEPLOYED_UPSTREAM, baseUrl }];
}
