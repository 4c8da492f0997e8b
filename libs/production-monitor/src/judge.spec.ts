import { describe, expect, it } from '@jest/globals';
import { backendProfile, createModelBackend } from '@flywheel/model-backend';
import { startJsonServer } from '@flywheel/testing';
import { judgeRequest, parseJudgeReply } from './judge.js';

const reply = (content: string) => ({ body: { choices: [{ message: { content } }], usage: { prompt_tokens: 50, completion_tokens: 20 } } });

describe('LLM judge', () => {
  it('asks the model server for five scores and reads them from its answer', async () => {
    const server = await startJsonServer(() => reply('Scores: {"relevance": 0.9, "accuracy": 0.6, "completeness": 0.8, "coherence": 1, "task_score": 0.5, "context_given": false, "supported": null, "reason": "terse"}'));
    try {
      const backend = createModelBackend({ baseUrl: server.url, model: 'judge', profile: backendProfile('openai') }, { concurrency: 1, timeoutMs: 5_000, retries: 0 });
      const scores = await judgeRequest(backend, { prompt: 'Sort a list in Python', output: 'sorted(xs)', skill: 'code_generation' });
      expect(scores).toEqual({ relevance: 0.9, accuracy: 0.6, completeness: 0.8, coherence: 1, task: 0.5, contextGiven: false, supported: null, outdated: null, biased: null, reason: 'terse' });
      const sent = server.requests[0]!;
      expect([sent.method, sent.url]).toEqual(['POST', '/v1/chat/completions']);
      const body = sent.body as { model: string; temperature: number; messages: { role: string; content: string }[] };
      expect([body.model, body.temperature, body.messages.map((m) => m.role)]).toEqual(['judge', 0, ['system', 'user']]);
      expect(body.messages[1]!.content).toContain('The task type is "code_generation".');
      expect(body.messages[1]!.content).toContain('Answer:\nsorted(xs)');
      expect(body.messages[0]!.content).toContain('"outdated": o, "biased": b');
    } finally {
      await server.close();
    }
  });

  it('refuses a reply without the five scores in 0–1, saying which', () => {
    expect(() => parseJudgeReply('I think it is fine')).toThrow('judge reply has no JSON object: "I think it is fine"');
    expect(() => parseJudgeReply('{"relevance": 9, "accuracy": 1, "completeness": 1, "coherence": 1, "task_score": 1}')).toThrow('"relevance" must be a number from 0 to 1, got 9');
    expect(() => parseJudgeReply('{"relevance": 1, "accuracy": 1, "completeness": 1, "coherence": 1}')).toThrow('"task_score" must be a number from 0 to 1, got undefined');
    const five = '"relevance": 1, "accuracy": 1, "completeness": 1, "coherence": 1, "task_score": 1';
    expect(() => parseJudgeReply(`{${five}}`)).toThrow('"context_given" must be true or false, got undefined');
    expect(() => parseJudgeReply(`{${five}, "context_given": true}`)).toThrow('"supported" must be true or false when context_given, got null');
  });

  it('reads the context verdict: unsupported claims are a hallucination, no context leaves it null', () => {
    const five = '"relevance": 0.5, "accuracy": 0.2, "completeness": 1, "coherence": 1, "task_score": 0.4';
    expect(parseJudgeReply(`{${five}, "context_given": true, "supported": false, "reason": "claims a date the passage does not give"}`)).toMatchObject({ contextGiven: true, supported: false, reason: 'claims a date the passage does not give' });
    expect(parseJudgeReply(`{${five}, "context_given": false, "supported": true}`)).toMatchObject({ contextGiven: false, supported: null, reason: '' });
  });

  it('reads the outdated and biased flags; a reply without them leaves them unknown, one of another type is no judgement', () => {
    const six = '"relevance": 1, "accuracy": 1, "completeness": 1, "coherence": 1, "task_score": 1, "context_given": false';
    expect(parseJudgeReply(`{${six}, "outdated": true, "biased": false}`)).toMatchObject({ outdated: true, biased: false });
    expect(parseJudgeReply(`{${six}, "biased": true}`)).toMatchObject({ outdated: null, biased: true });
    expect(() => parseJudgeReply(`{${six}, "outdated": "yes", "biased": false}`)).toThrow('judge reply: "outdated" must be true or false, got "yes"');
    expect(() => parseJudgeReply(`{${six}, "outdated": false, "biased": null}`)).toThrow('judge reply: "biased" must be true or false, got null');
    expect(() => parseJudgeReply(`{${six}, "outdated": 0}`)).toThrow('"outdated" must be true or false, got 0');
  });
});
