import { describe, expect, it } from '@jest/globals';
import { chatStreamBody, deltasOfData } from './chat-stream-client.js';

describe('chat stream client', () => {
  const base = { baseUrl: 'http://x', model: 'm', messages: [{ role: 'user' as const, content: 'q' }], maxTokens: 10, temperature: 0.2, idleTimeoutMs: 1000 };
  it('sends repetition_penalty (vLLM) and frequency_penalty (OpenAI) only when they change anything', () => {
    expect(chatStreamBody({ ...base, repetitionPenalty: 1.3, frequencyPenalty: 0 })).toEqual({
      model: 'm', messages: base.messages, stream: true, max_tokens: 10, temperature: 0.2, repetition_penalty: 1.3,
    });
    const neither = chatStreamBody({ ...base, repetitionPenalty: 1, frequencyPenalty: 0 });
    expect('repetition_penalty' in neither || 'frequency_penalty' in neither).toBe(false);
    expect(chatStreamBody({ ...base, repetitionPenalty: 1, frequencyPenalty: 0.5 })).toMatchObject({ frequency_penalty: 0.5 });
  });

  it('reads the content deltas of a chunk, none from the role chunk, done at [DONE]', () => {
    expect(deltasOfData('{"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}')).toEqual({ texts: [], done: false });
    expect(deltasOfData('{"choices":[{"index":0,"delta":{"content":" unknown"}}]}')).toEqual({ texts: [' unknown'], done: false });
    expect(deltasOfData('[DONE]')).toEqual({ texts: [], done: true });
    expect(() => deltasOfData('{"error":{"message":"out of memory"}}')).toThrow('server error in stream: out of memory');
  });
});
