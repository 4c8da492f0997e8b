import { CONVERSATION_TYPE_OF, type GatewayEvent } from '@flywheel/contracts';
import { isSampled } from '@flywheel/response-safety';

/**
 * The answers the judge scores this pass: answered text requests (chat, completions) in the
 * sample (by request id, so a restart samples the same ones), the newest `maxPerPass`. An
 * image, audio or video answer has no text for the judge's quality metrics to read.
 */
export function judgeCandidates<T extends { event: Pick<GatewayEvent, 'id' | 'outcome' | 'kind'> }>(requests: readonly T[], samplingRate: number, maxPerPass: number): T[] {
  return requests
    .filter((r) => r.event.outcome === 'success' && CONVERSATION_TYPE_OF[r.event.kind] === 'text' && isSampled(r.event.id, samplingRate))
    .slice(-maxPerPass);
}
