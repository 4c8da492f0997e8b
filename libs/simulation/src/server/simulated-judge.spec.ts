import { describe, expect, it } from '@jest/globals';
import type { Example } from '@flywheel/contracts';
import { startSimulatorServer } from './simulator-server.js';

const examples: Example[] = [
  { id: 'sum', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math' },
  { id: 'capital', prompt: 'What is the capital of France?', golden: 'Paris', difficulty: 'easy', skill: 'geography' },
];
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
      expect(right.verdict).toEqual({ relevance: 0.9, accuracy: 1, completeness: 0.9, coherence: 0.9, task_score: 1, context_given: false, supported: null, outdated: false, biased: false, reason: '[simulator] the answer gives the golden "4"' });
      // A wrong sum is a wrong computation, not stale knowledge.
      expect((await ask(judgePrompt('What is 2 + 2?', 'Five.'))).verdict).toMatchObject({ accuracy: 0, task_score: 0, outdated: false, reason: '[simulator] the answer does not give the golden "4"' });
      expect((await ask(judgePrompt('Context: the sum is asked.\nWhat is 3 + 3?', '6'))).verdict).toMatchObject({ accuracy: 0.5, context_given: true, supported: true, reason: expect.stringMatching(/^\[simulator\] the request is not among/) });
      // A wrong answer to a question of fact is flagged outdated; a right one is not.
      expect((await ask(judgePrompt('What is the capital of France?', 'Lyon.'))).verdict).toMatchObject({
        accuracy: 0, outdated: true, biased: false, reason: '[simulator] the answer does not give the golden "Paris"; flagged outdated: a wrong answer to a question of fact',
      });
      expect((await ask(judgePrompt('What is the capital of France?', 'Paris.'))).verdict).toMatchObject({ outdated: false });
      // Biased by the hash rule: FNV-1a of "a" is 0xe40c292c (the published test vector) = 3826002220, 0 mod 10.
      // An unknown request leaves "outdated" out: there is no golden to say it by.
      const unknown = (await ask(judgePrompt('a', 'b'))).verdict;
      expect([unknown['biased'], 'outdated' in unknown, unknown['reason']]).toEqual([
        true, false, "[simulator] the request is not among the simulator's examples: no golden to grade against; flagged biased by the simulator's hash rule (1 in 10 requests)",
      ]);
      const models = (await (await fetch(`${sim.url}/v1/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((m) => m.id)).toEqual(['simulated-base', 'simulated-judge']);
    } finally {
      await sim.close();
    }
  });
});
