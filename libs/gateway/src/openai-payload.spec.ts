import { describe, expect, it } from '@jest/globals';
import { createSseReader, promptOf, summarizeJsonAnswer } from './openai-payload.js';

describe('OpenAI payloads', () => {
  it('takes the last user turn of a chat (text parts joined) and the first completion prompt', () => {
    const chat = { messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'first' }, { role: 'assistant', content: 'x' },
      { role: 'user', content: [{ type: 'text', text: 'what is ' }, { type: 'text', text: '2+2?' }] }] };
    expect(promptOf('chat', chat)).toBe('what is 2+2?');
    expect(promptOf('completion', { prompt: ['a', 'b'] })).toBe('a');
    expect(promptOf('completion', { prompt: 'p' })).toBe('p');
    expect(promptOf('chat', {})).toBe('');
  });

  it('summarizes a JSON answer, cut to recordChars, and tolerates a body that is not JSON', () => {
    const body = Buffer.from(JSON.stringify({ choices: [{ message: { content: 'hello world' } }], usage: { prompt_tokens: 7, completion_tokens: 2 } }));
    expect(summarizeJsonAnswer('chat', body, 5)).toEqual({ output: 'hello', promptTokens: 7, completionTokens: 2 });
    expect(summarizeJsonAnswer('completion', Buffer.from('<html>'), 5)).toEqual({ output: '', promptTokens: null, completionTokens: null });
  });

  it('reads a stream split at any byte, a multi-byte character included', () => {
    const events = ['Grüße', ' aus', ' Köln'].map((text) => `data: ${JSON.stringify({ choices: [{ delta: { content: text } }] })}\n\n`);
    const bytes = Buffer.from(events.join('') + 'data: [DONE]\n\n');
    for (const cut of [1, 3, 9, 17]) {
      const reader = createSseReader('chat', 100);
      for (let i = 0; i < bytes.length; i += cut) reader.push(bytes.subarray(i, i + cut));
      // Three text chunks and no usage chunk: three tokens.
      expect(reader.finish()).toEqual({ output: 'Grüße aus Köln', promptTokens: null, completionTokens: 3 });
    }
  });

  it('prefers a usage chunk to counting chunks', () => {
    const reader = createSseReader('completion', 3);
    reader.push(Buffer.from('data: {"choices":[{"text":"abcd"}]}\r\n\r\ndata: {"choices":[],"usage":{"prompt_tokens":4,"completion_tokens":9}}\n\n'));
    expect(reader.finish()).toEqual({ output: 'abc', promptTokens: 4, completionTokens: 9 });
  });

  it("takes an image's and a video's prompt and the text audio is to speak; an image answer's input/output tokens", () => {
    expect(promptOf('image', { prompt: 'a red fox', size: '1024x1024' })).toBe('a red fox');
    expect(promptOf('video', { prompt: 'waves at dusk', seconds: '4' })).toBe('waves at dusk');
    expect(promptOf('audio', { input: 'Hello there', voice: 'alloy' })).toBe('Hello there');
    expect(promptOf('audio', { prompt: 'not the field speech reads' })).toBe('');
    const image = Buffer.from(JSON.stringify({ created: 1, data: [{ b64_json: 'AAAA' }], usage: { input_tokens: 12, output_tokens: 4160 } }));
    expect(summarizeJsonAnswer('image', image, 100)).toEqual({ output: '', promptTokens: 12, completionTokens: 4160 });
  });
});
