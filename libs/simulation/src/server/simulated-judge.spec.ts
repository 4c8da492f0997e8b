import { describe, expect, it } from '@jest/globals';
import type { Example } from '@flywheel/contracts';
import { startSimulatorServer } from './simulator-server.js';

const examples: Example[] = [{ id: 'sum', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math' }];
// The production monitor's judge prompt (libs/production-monitor/src/judge.ts): task line, request, answer.
const judgePrompt = (request: string, answer: string) => `The task type is "math".\n\nRequest:\n${request}\n\nAnswer:\n${answer}`;

describe('simulated judge (--judge-model)', () => {
  it('grades an answer against the golden of the example it asks about, saying it is a simulator', async () => {
    const sim = await startSimulatorServer({ examples, judgeModel: 'simulated-judge' });
    try {
      const ask = async (content: string) => {
        const res = await fetch(`${sim.url}/v1/chat/completions`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'simulated-judge', messages: [{ role: 'system', content: 'You grade answers.' }, { role: 'user', content }] }),
        });
        const body = (await res.json()) as { system_fingerprint: string; choices: { message: { content: string } }[] };
        return { fingerprint: body.system_fingerprint, verdict: JSON.parse(body.choices[0]!.message.content) as Record<string, unknown> };
      };
      const right = await ask(judgePrompt('What is 2 + 2?', 'It is 4.'));
      expect(right.fingerprint).toBe('flywheel-simulator');
      expect(right.verdict).toEqual({ relevance: 0.9, accuracy: 1, completeness: 0.9, coherence: 0.9, task_score: 1, context_given: false, supported: null, reason: '[simulator] the answer gives the golden "4"' });
      expect((await ask(judgePrompt('What is 2 + 2?', 'Five.'))).verdict).toMatchObject({ accuracy: 0, task_score: 0, reason: '[simulator] the answer does not give the golden "4"' });
      expect((await ask(judgePrompt('Context: the sum is asked.\nWhat is 3 + 3?', '6'))).verdict).toMatchObject({ accuracy: 0.5, context_given: true, supported: true, reason: expect.stringMatching(/^\[simulator\] the request is not among/) });
      const models = (await (await fetch(`${sim.url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).toEqual(['simulated-base', 'simulated-judge']);
    } finally {
      await sim.close();
    }
  });
});
