/** An OpenAI-compatible chat endpoint and the generation settings of an analysis. */
export interface ChatStreamRequest {
  baseUrl: string;
  apiKey?: string;
  model: string;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  maxTokens: number;
  temperature: number;
  /** vLLM's multiplicative `repetition_penalty`; 1 leaves it out. */
  repetitionPenalty: number;
  /** OpenAI's additive `frequency_penalty`; 0 leaves it out. */
  frequencyPenalty: number;
  /** Longest silence (before the answer or between chunks) before the request is abandoned, in ms. */
  idleTimeoutMs: number;
}

/** The request body sent: the penalties only when they change anything (some servers reject unknown fields). */
export function chatStreamBody(request: ChatStreamRequest): Record<string, unknown> {
  return {
    model: request.model,
    messages: request.messages,
    stream: true,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    ...(request.repetitionPenalty !== 1 ? { repetition_penalty: request.repetitionPenalty } : {}),
    ...(request.frequencyPenalty !== 0 ? { frequency_penalty: request.frequencyPenalty } : {}),
  };
}

/** The text pieces of one SSE `data:` payload of a chat completion stream; `done` at `[DONE]`. */
export function deltasOfData(data: string): { texts: string[]; done: boolean } {
  if (data === '[DONE]') return { texts: [], done: true };
  const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string | null } }[]; error?: { message?: string } | string };
  if (chunk.error) throw new Error(`server error in stream: ${typeof chunk.error === 'string' ? chunk.error : (chunk.error.message ?? JSON.stringify(chunk.error))}`);
  const texts = (chunk.choices ?? []).map((c) => c.delta?.content ?? '').filter((t) => t !== '');
  return { texts, done: false };
}

/**
 * POSTs a streamed chat completion and calls `onText` with each piece of text as it arrives,
 * in order. Rejects when the server cannot be reached, answers an error, stays silent past
 * the idle timeout, or ends the stream before `[DONE]`.
 */
export async function streamChat(request: ChatStreamRequest, onText: (text: string) => Promise<void> | void): Promise<void> {
  const url = `${request.baseUrl.replace(/\/+$/, '')}/v1/chat/completions`;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${request.idleTimeoutMs} ms`)), request.idleTimeoutMs);
  };
  arm();
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(request.apiKey ? { authorization: `Bearer ${request.apiKey}` } : {}) },
        body: JSON.stringify(chatStreamBody(request)),
        signal: controller.signal,
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 300)}`.trim());
    }
    const decoder = new TextDecoder();
    let buffer = '';
    let done = false;
    try {
      for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        buffer += decoder.decode(bytes, { stream: true });
        let cut: number;
        while (!done && (cut = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, cut).replace(/\r$/, '');
          buffer = buffer.slice(cut + 1);
          if (!line.startsWith('data:')) continue;
          const parsed = deltasOfData(line.slice(5).trim());
          for (const text of parsed.texts) await onText(text);
          done = parsed.done;
        }
        if (done) break;
      }
    } catch (error) {
      if (controller.signal.aborted) throw new Error(`${url}: ${(controller.signal.reason as Error)?.message ?? 'aborted'}`);
      throw error;
    }
    if (!done) throw new Error(`${url}: the stream ended before [DONE]`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
