import type { StreamEntry } from './alert-store.js';
import { analysisEventOfEntry } from './analysis-events.js';

export const STREAM_ID = /^\d+-\d+$/;

/** One stream entry as an SSE event: the entry id as `id:`, the event kind as `event:`. */
export function sseOfEntry(entry: StreamEntry): string {
  const parsed = analysisEventOfEntry(entry);
  if ('event' in parsed) return `id: ${parsed.id}\nevent: ${parsed.event.kind}\ndata: ${JSON.stringify(parsed.event)}\n\n`;
  // Sent with its id so a reconnecting client moves past it rather than asking for it again.
  return `id: ${parsed.id}\nevent: unreadable\ndata: ${JSON.stringify({ problem: parsed.problem })}\n\n`;
}
