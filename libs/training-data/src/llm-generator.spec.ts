import { describe, expect, it } from '@jest/globals';
import { backendProfile, createModelBackend } from '@flywheel/model-backend';
import { startJsonServer } from '@flywheel/testing';
import { llmTaskPrompt, llmTasks, parseGenerated } from './llm-generator.js';

describe('LLM generator', () => {
  it('keeps answers in the Q:/A: form and drops the rest', async () => {
    const answers = ['Q: What is 9 * 7?\nA: 63', 'I cannot do that.', 'Q: Is every wug a wug?\nA: yes'];
    const server = await startJsonServer((_, i) => ({ body: { choices: [{ text: answers[i]! }], usage: { completion_tokens: 5 } } }));
    try {
      const backend = createModelBackend({ baseUrl: server.url, model: 'm', profile: backendProfile('vllm') }, { concurrency: 1, timeoutMs: 2_000, retries: 0 });
      const tasks = await llmTasks(backend, 3, () => 'hard', ['arithmetic']);
      expect(tasks).toEqual([
        { prompt: 'What is 9 * 7?', golden: '63', difficulty: 'hard', skill: 'arithmetic', source: 'llm:m' },
        { prompt: 'Is every wug a wug?', golden: 'yes', difficulty: 'hard', skill: 'arithmetic', source: 'llm:m' },
      ]);
      expect((server.requests[0]!.body as { prompt: string }).prompt).toMatch(/^Write one new hard question about arithmetic/);
      expect(parseGenerated('[simulator] unknown prompt')).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('puts the fine-tune brief before the template when the skill focus carries one', async () => {
    const server = await startJsonServer(() => ({ body: { choices: [{ text: 'Q: 2 + 3?\nA: 5' }], usage: { completion_tokens: 5 } } }));
    try {
      const backend = createModelBackend({ baseUrl: server.url, model: 'm', profile: backendProfile('vllm') }, { concurrency: 1, timeoutMs: 2_000, retries: 0 });
      const brief = 'Write new training questions for the skills the deployed model is weak at: reasoning.';
      await llmTasks(backend, 1, () => 'easy', ['reasoning'], brief);
      expect((server.requests[0]!.body as { prompt: string }).prompt).toBe(`${brief}\n\n${llmTaskPrompt('reasoning', 'easy', 0)}`);
      expect(llmTaskPrompt('reasoning', 'easy', 0)).toMatch(/^Write one new easy question about reasoning/);
    } finally {
      await server.close();
    }
  });
});
