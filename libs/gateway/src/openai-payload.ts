import type { GatewayRequestKind } from '@flywheel/contracts';

/** What the gateway takes from an answer for its event: text (cut) and token counts. */
export interface AnswerSummary {
  output: string;
  promptTokens: number | null;
  completionTokens: number | null;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  // Content parts (`[{ type: 'text', text }]`): the text parts, in order.
  if (Array.isArray(content)) return content.map((part) => (isObject(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
  return '';
}

/**
 * The user's prompt: the last user turn of a chat, the completion prompt (the first, when a
 * list), the image's or video's `prompt`, the text to speak (`input`) of audio.
 */
export function promptOf(kind: GatewayRequestKind, body: Json): string {
  if (kind === 'audio') return typeof body['input'] === 'string' ? body['input'] : '';
  if (kind === 'chat') {
    const messages = Array.isArray(body['messages']) ? body['messages'] : [];
    const lastUser = [...messages].reverse().find((m) => isObject(m) && m['role'] === 'user');
    return isObject(lastUser) ? textOf(lastUser['content']) : '';
  }
  const prompt = body['prompt'];
  if (typeof prompt === 'string') return prompt;
  return Array.isArray(prompt) && typeof prompt[0] === 'string' ? prompt[0] : '';
}

function usageOf(json: Json): Pick<AnswerSummary, 'promptTokens' | 'completionTokens'> {
  const usage = isObject(json['usage']) ? json['usage'] : {};
  const n = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);
  // Image answers count `input_tokens`/`output_tokens`, as the Responses API does.
  return { promptTokens: n(usage['prompt_tokens'] ?? usage['input_tokens']), completionTokens: n(usage['completion_tokens'] ?? usage['output_tokens']) };
}

/** The first choice's text of one answer object or streamed chunk. */
function choiceText(kind: GatewayRequestKind, json: Json, streamed: boolean): string {
  const choice = Array.isArray(json['choices']) ? json['choices'][0] : undefined;
  if (!isObject(choice)) return '';
  if (kind === 'completion') return typeof choice['text'] === 'string' ? choice['text'] : '';
  const message = choice[streamed ? 'delta' : 'message'];
  return isObject(message) ? textOf(message['content']) : '';
}

/** Summary of a non-streamed JSON answer; tolerates anything (the bytes go to the client as they are). */
export function summarizeJsonAnswer(kind: GatewayRequestKind, body: Buffer, recordChars: number): AnswerSummary {
  try {
    const json: unknown = JSON.parse(body.toString('utf8'));
    if (!isObject(json)) return { output: '', promptTokens: null, completionTokens: null };
    return { output: choiceText(kind, json, false).slice(0, recordChars), ...usageOf(json) };
  } catch {
    return { output: '', promptTokens: null, completionTokens: null };
  }
}

/**
 * Reads an OpenAI server-sent-event stream as it passes through, chunk by chunk (lines may be
 * split anywhere, even inside a UTF-8 character), keeping the first `recordChars` of the text,
 * the usage if the server sends it, and the number of chunks that carried text.
 */
export function createSseReader(kind: GatewayRequestKind, recordChars: number) {
  const decoder = new TextDecoder();
  let partial = '';
  let output = '';
  let textChunks = 0;
  let usage: Pick<AnswerSummary, 'promptTokens' | 'completionTokens'> = { promptTokens: null, completionTokens: null };

  const line = (text: string) => {
    if (!text.startsWith('data:')) return;
    const data = text.slice(5).trim();
    if (data === '' || data === '[DONE]') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    if (!isObject(json)) return;
    const piece = choiceText(kind, json, true);
    if (piece) {
      textChunks += 1;
      if (output.length < recordChars) output += piece.slice(0, recordChars - output.length);
    }
    const found = usageOf(json);
    if (found.completionTokens !== null || found.promptTokens !== null) usage = found;
  };

  return {
    push(chunk: Uint8Array): void {
      partial += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = partial.indexOf('\n')) >= 0) {
        line(partial.slice(0, newline).replace(/\r$/, ''));
        partial = partial.slice(newline + 1);
      }
    },
    /**
     * The summary; without a usage chunk, completion tokens are the text-carrying chunks
     * (vLLM and its kin send one token per chunk).
     */
    finish(): AnswerSummary {
      partial += decoder.decode();
      if (partial) line(partial.replace(/\r$/, ''));
      partial = '';
      return { output, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens ?? textChunks };
    },
  };
}
