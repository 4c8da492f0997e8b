// Each profile's answer shapes, replayed from a real local HTTP server. The shapes follow the
// servers' own docs and sources: vLLM (OpenAI-compatible server, /tokenize), llama.cpp
// (tools/server README, /v1/chat/completions with logprobs), Ollama (OpenAI compatibility
// doc), TGI (Messages API), SGLang (OpenAI-compatible API). Values are small and made up.
import { afterEach, describe, expect, it } from '@jest/globals';
import { startJsonServer, type JsonHttpServer } from '@flywheel/testing';
import { readFileSync } from 'node:fs';
import { createModelBackend } from './create-model-backend.js';
import type { BackendProfileName } from './model-backend.js';
import { backendProfile } from './profiles.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'));
const params = { maxTokens: 16, temperature: 0, stop: [] };
const messages = [{ role: 'user' as const, content: 'Capital of France?' }];

let server: JsonHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function backendFor(profile: BackendProfileName, url: string) {
  return createModelBackend({ baseUrl: url, model: 'm', profile: backendProfile(profile) }, { concurrency: 2, timeoutMs: 5_000, retries: 0 });
}

describe('recorded chat answers, per profile', () => {
  // confidence inputs: the token logprobs as sent; exp(mean) worked out by hand.
  const cases: [BackendProfileName, string, string, number[], number][] = [
    ['vllm', 'vllm-chat', 'Paris', [-0.1, -0.3], Math.exp(-0.2)], // exp((-0.1 - 0.3) / 2)
    ['llamacpp', 'llamacpp-chat', 'Paris', [-0.2231435513], 0.8], // ln 0.8 = -0.2231435513
    ['ollama', 'ollama-chat', '4', [-0.5108256238], 0.6], // ln 0.6
    ['tgi', 'tgi-chat', 'Rome', [-0.1053605157], 0.9], // ln 0.9
    ['sglang', 'sglang-chat', 'Yes', [-0.3566749439], 0.7], // ln 0.7
  ];
  it.each(cases)('%s: text, token logprobs and usage', async (profile, file, text, logprobs, confidence) => {
    server = await startJsonServer(() => ({ body: fixture(file) }));
    const generation = await backendFor(profile, server.url).generate({ messages }, params);
    expect(generation.text).toBe(text);
    expect(Array.isArray(generation.tokens) && generation.tokens.map((t) => t.logprob)).toEqual(logprobs);
    const lps = generation.tokens as { logprob: number }[];
    expect(Math.exp(lps.reduce((a, t) => a + t.logprob, 0) / lps.length)).toBeCloseTo(confidence, 9);
    expect(generation.outputTokens).toBe(logprobs.length);
    expect(server.requests[0]).toMatchObject({
      method: 'POST', url: '/v1/chat/completions',
      body: { model: 'm', messages, temperature: 0, max_tokens: 16, logprobs: true, top_logprobs: 1 },
    });
  });

  it('says unsupported when a server sends no logprobs (older Ollama)', async () => {
    server = await startJsonServer(() => ({ body: fixture('ollama-chat-no-logprobs') }));
    const generation = await backendFor('ollama', server.url).generate({ messages }, params);
    expect(generation.tokens).toEqual({ unsupported: 'ollama gives no token logprobs on chat completions' });
    expect(generation.outputTokens).toBe(1);
  });
});

describe('golden score (teacher forcing)', () => {
  it('vLLM: tokenizes context and golden apart and scores exactly the golden slice of the echo', async () => {
    server = await startJsonServer((request) => {
      if (request.url === '/tokenize') {
        const body = request.body as { add_special_tokens?: boolean };
        return { body: fixture(body.add_special_tokens === false ? 'vllm-tokenize-golden' : 'vllm-tokenize-context') };
      }
      return { body: fixture('vllm-completion-echo') };
    });
    const score = await backendFor('vllm', server.url).scoreContinuation({ prompt: '2+2=' }, ' 42');
    // Context is 5 tokens, golden 2: slice [5, 7) → logprobs -0.05 and -0.7; the generated "\n" is dropped.
    // nll = 0.05 + 0.7 = 0.75; mean 0.375; "2" at -0.7 is below "0" at -0.5, so not greedy.
    expect(score).toEqual({ nll: 0.75, tokens: 2, meanNll: 0.375, isGreedy: false });
    expect(server.requests.map((r) => r.body)).toEqual([
      { model: 'm', prompt: '2+2=' },
      { model: 'm', prompt: ' 42', add_special_tokens: false },
      { model: 'm', echo: true, logprobs: 1, max_tokens: 1, temperature: 0, prompt: [1, 17, 10, 17, 28, 604, 17] },
    ]);
  });

  it('vLLM: chat prompts are rendered by the server through /tokenize with messages', async () => {
    server = await startJsonServer((request) =>
      request.url === '/tokenize'
        ? { body: fixture((request.body as { messages?: unknown }).messages ? 'vllm-tokenize-context' : 'vllm-tokenize-golden') }
        : { body: fixture('vllm-completion-echo') },
    );
    await backendFor('vllm', server.url).scoreContinuation({ messages }, ' 42');
    expect(server.requests[0]!.body).toEqual({ model: 'm', messages, add_generation_prompt: true });
  });

  it.each(['llamacpp', 'ollama', 'tgi', 'sglang', 'openai'] as const)('%s: unsupported, and nothing is sent', async (profile) => {
    server = await startJsonServer(() => ({ status: 500 }));
    const score = await backendFor(profile, server.url).scoreContinuation({ prompt: '2+2=' }, ' 4');
    expect(score).toEqual({ unsupported: `${profile} gives no prompt logprobs (echo)` });
    expect(server.requests).toHaveLength(0);
  });

  it('echo with null prompt logprobs is unsupported, not zero', async () => {
    const echo = fixture('vllm-completion-echo') as { choices: { logprobs: { token_logprobs: (number | null)[] } }[] };
    echo.choices[0]!.logprobs.token_logprobs = echo.choices[0]!.logprobs.token_logprobs.map(() => null);
    server = await startJsonServer((request) =>
      request.url === '/tokenize'
        ? { body: fixture((request.body as { add_special_tokens?: boolean }).add_special_tokens === false ? 'vllm-tokenize-golden' : 'vllm-tokenize-context') }
        : { body: echo },
    );
    expect(await backendFor('vllm', server.url).scoreContinuation({ prompt: '2+2=' }, ' 42')).toEqual({
      unsupported: 'server gave no logprob for prompt token 5 (echo without prompt logprobs)',
    });
  });
});
