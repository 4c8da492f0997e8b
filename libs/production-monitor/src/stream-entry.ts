import { FeedbackRecord, GatewayEvent } from '@flywheel/contracts';

export type MonitoredStream = 'gateway' | 'feedback';

/** The field holding the JSON in each stream's entries (see `redisNamespace`). */
export const STREAM_FIELD: Record<MonitoredStream, string> = { gateway: 'event', feedback: 'record' };

export type ParsedEntry =
  | { ok: true; stream: 'gateway'; id: string; value: GatewayEvent }
  | { ok: true; stream: 'feedback'; id: string; value: FeedbackRecord }
  | { ok: false; stream: MonitoredStream; id: string; message: string };

/**
 * One stream entry (`fields` as Redis returns them: name, value, name, value…) checked
 * against its contract. A bad entry becomes a problem naming its stream id; it never throws.
 */
export function parseStreamEntry(stream: MonitoredStream, id: string, fields: readonly string[]): ParsedEntry {
  const wanted = STREAM_FIELD[stream];
  let text: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === wanted) text = fields[i + 1];
  }
  if (text === undefined) return { ok: false, stream, id, message: `no "${wanted}" field` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, stream, id, message: `"${wanted}" is not JSON: ${(error as Error).message}` };
  }
  const parsed = stream === 'gateway' ? GatewayEvent.safeParse(json) : FeedbackRecord.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, stream, id, message: `"${wanted}" does not match the contract: ${detail}` };
  }
  return stream === 'gateway'
    ? { ok: true, stream, id, value: parsed.data as GatewayEvent }
    : { ok: true, stream, id, value: parsed.data as FeedbackRecord };
}
