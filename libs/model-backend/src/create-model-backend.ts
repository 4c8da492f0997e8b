import type { GenerationParams, GoldenScore, Unsupported } from '@flywheel/contracts';
import { scoreSpan, textSpan } from './golden-span.js';
import { requestJson, type HttpOptions } from './http-client.js';
import { createLimiter } from './limiter.js';
import type { Endpoint, Generation, ModelBackend, PromptInput, TokenLogprob } from './model-backend.js';
import { ChatCompletionResponse, CompletionResponse, TokenizeResponse } from './response-shapes.js';

export interface ModelBackendOptions {
  /** Requests in flight at once (all calls of this client share it). */
  concurrency: number;
  timeoutMs: number;
  retries: number;
  /** First retry delay (ms); tests shorten it. */
  backoffMs?: number;
}

/** The OpenAI-compatible client for one endpoint; what it asks for follows the profile. */
export function createModelBackend(endpoint: Endpoint, options: ModelBackendOptions): ModelBackend {
  const http: HttpOptions = {
    baseUrl: endpoint.baseUrl,
    apiKey: endpoint.apiKey,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    backoffMs: options.backoffMs,
    limiter: createLimiter(options.concurrency),
  };
  const can = endpoint.profile.capabilities;
  const model = endpoint.model;
  const noLogprobs = (where: string): Unsupported => ({ unsupported: `${endpoint.profile.name} gives no token logprobs on ${where}` });

  async function generate(input: PromptInput, params: GenerationParams): Promise<Generation> {
    const started = performance.now();
    const common = { model, temperature: params.temperature, max_tokens: params.maxTokens, ...(params.stop.length ? { stop: params.stop } : {}) };
    if ('messages' in input) {
      const body = { ...common, messages: input.messages, ...(can.chatLogprobs ? { logprobs: true, top_logprobs: 1 } : {}) };
      const answer = await requestJson(http, 'POST', '/v1/chat/completions', body, ChatCompletionResponse);
      const choice = answer.choices[0]!;
      const content = choice.logprobs?.content;
      const tokens: TokenLogprob[] | Unsupported =
        can.chatLogprobs && content ? content.map(({ token, logprob }) => ({ token, logprob })) : noLogprobs('chat completions');
      return finish(choice.message.content ?? '', tokens, answer.usage?.completion_tokens, started);
    }
    const body = { ...common, prompt: input.prompt, ...(can.completionLogprobs ? { logprobs: 1 } : {}) };
    const answer = await requestJson(http, 'POST', '/v1/completions', body, CompletionResponse);
    const choice = answer.choices[0]!;
    const lp = choice.logprobs;
    const tokens: TokenLogprob[] | Unsupported =
      can.completionLogprobs && lp && lp.token_logprobs.every((v) => v !== null)
        ? lp.tokens.map((token, i) => ({ token, logprob: lp.token_logprobs[i]! }))
        : noLogprobs('completions');
    return finish(choice.text, tokens, answer.usage?.completion_tokens, started);
  }

  async function scoreContinuation(input: PromptInput, continuation: string): Promise<GoldenScore | Unsupported> {
    if (!can.echoLogprobs) return { unsupported: `${endpoint.profile.name} gives no prompt logprobs (echo)` };
    const echo = { model, echo: true, logprobs: 1, max_tokens: 1, temperature: 0 };
    if (can.tokenize && (can.tokenizeChat || !('messages' in input))) {
      // Context and continuation tokenized apart, as lm-evaluation-harness does: the golden's
      // tokens are then exactly the slice after the context, whatever the tokenizer merges.
      // The two tokenizations are independent: sent together, they cost one round trip.
      const [context, golden] = await Promise.all([
        requestJson(
          http, 'POST', '/tokenize',
          'messages' in input ? { model, messages: input.messages, add_generation_prompt: true } : { model, prompt: input.prompt },
          TokenizeResponse,
        ),
        requestJson(http, 'POST', '/tokenize', { model, prompt: continuation, add_special_tokens: false }, TokenizeResponse),
      ]);
      const answer = await requestJson(http, 'POST', '/v1/completions', { ...echo, prompt: [...context.tokens, ...golden.tokens] }, CompletionResponse);
      const lp = answer.choices[0]!.logprobs;
      if (!lp) return { unsupported: `${endpoint.profile.name} answered echo without logprobs` };
      return scoreSpan(lp, context.tokens.length, context.tokens.length + golden.tokens.length);
    }
    if ('messages' in input) return { unsupported: `${endpoint.profile.name} cannot render the chat template for scoring (no /tokenize with messages)` };
    const prompt = input.prompt + continuation;
    const answer = await requestJson(http, 'POST', '/v1/completions', { ...echo, prompt }, CompletionResponse);
    const lp = answer.choices[0]!.logprobs;
    if (!lp) return { unsupported: `${endpoint.profile.name} answered echo without logprobs` };
    const span = textSpan(lp, input.prompt.length, prompt.length);
    return 'unsupported' in span ? span : scoreSpan(lp, span.start, span.end);
  }

  return { endpoint, generate, scoreContinuation };
}

function finish(text: string, tokens: TokenLogprob[] | Unsupported, completionTokens: number | undefined, started: number): Generation {
  const outputTokens = completionTokens ?? (Array.isArray(tokens) ? tokens.length : 0);
  return { text, tokens, outputTokens, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}
