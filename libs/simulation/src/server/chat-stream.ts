import type { Response } from 'express';

export interface ChatStream {
  id: string;
  model: string;
  created: number;
  /** The answer's tokens, one chunk each. */
  tokens: readonly string[];
  finishReason: string;
  /** Pause before each token after the first (the simulated decode time). */
  tokenMs: number;
  /** Sent as a last chunk with empty `choices` when the client asked for it (`stream_options.include_usage`). */
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes a chat answer as vLLM streams it: Server-Sent Events of `chat.completion.chunk`s — the
 * role first, then one token per chunk, then the finish reason, the usage if asked for, and
 * `data: [DONE]`. Stops early when the client goes away.
 */
export async function writeChatStream(res: Response, stream: ChatStream): Promise<void> {
  res.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  let gone = false;
  res.once('close', () => (gone = true));
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ id: stream.id, object: 'chat.completion.chunk', created: stream.created, model: stream.model, choices, ...extra })}\n\n`);
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  for (const [i, token] of stream.tokens.entries()) {
    if (i > 0 && stream.tokenMs > 0) await pause(stream.tokenMs);
    if (gone) return;
    chunk([{ index: 0, delta: { content: token }, logprobs: null, finish_reason: null }]);
  }
  chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: stream.finishReason }]);
  if (stream.usage) chunk([], { usage: stream.usage });
  res.end('data: [DONE]\n\n');
}
