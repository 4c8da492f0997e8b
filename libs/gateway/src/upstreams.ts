import { CONVERSATION_TYPE_OF, type ConversationType, type GatewayRequestKind } from '@flywheel/contracts';
import type { FlywheelConfig, GatewayUpstream } from '@flywheel/config';

/** An upstream as configured, with its per-token price from `cost.prices` when it has one there. */
export type Upstream = GatewayUpstream & { tokenPrice?: { per_million_prompt_tokens: number; per_million_completion_tokens: number } };

/** The name of the upstream the gateway puts in front when none are configured. */
export const DEPLOYED_UPSTREAM = 'deployed';

/**
 * The gateway's upstreams in order: the configured list, or, when it is empty, the deployed
 * checkpoint's serving server (`deploy.baseUrl`, else http://127.0.0.1:<deploy.port>).
 */
export function upstreamsFromConfig(config: Pick<FlywheelConfig, 'gateway' | 'deploy'> & Partial<Pick<FlywheelConfig, 'cost'>>): Upstream[] {
  // The monitor's price list prices an upstream by its gateway name, as it prices the traffic.
  const tokenPrice = (name: string) => {
    const price = config.cost?.prices.find((p) => p.model === name);
    return price && 'per_million_prompt_tokens' in price ? { tokenPrice: { per_million_prompt_tokens: price.per_million_prompt_tokens, per_million_completion_tokens: price.per_million_completion_tokens } } : {};
  };
  if (config.gateway.upstreams.length > 0) return config.gateway.upstreams.map((u) => ({ ...u, baseUrl: u.baseUrl.replace(/\/+$/, ''), ...tokenPrice(u.name) }));
  const baseUrl = (config.deploy.baseUrl ?? `http://127.0.0.1:${config.deploy.port}`).replace(/\/+$/, '');
  return [{ name: DEPLOYED_UPSTREAM, baseUrl, ...tokenPrice(DEPLOYED_UPSTREAM) }];
}

/** What an upstream serves: its configured `types`, else text only (chat and completions). */
export function typesOf(upstream: Upstream): readonly ConversationType[] {
  return upstream.types ?? DEFAULT_TYPES;
}
const DEFAULT_TYPES: readonly ConversationType[] = ['text'];

/** The upstreams that serve a request of `kind`, in the configured order: its only candidates. */
export function upstreamsFor(upstreams: readonly Upstream[], kind: GatewayRequestKind): Upstream[] {
  const type = CONVERSATION_TYPE_OF[kind];
  return upstreams.filter((u) => typesOf(u).includes(type));
}

/** How a conversation type is named to people: seed 003's "text-to-image" and so on. */
export function conversationTypeLabel(type: ConversationType): string {
  return `text-to-${type}`;
}
