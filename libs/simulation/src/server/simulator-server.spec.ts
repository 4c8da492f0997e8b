import type { Example } from '@flywheel/contracts';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { renderChat } from './chat-template.js';
import { startSimulatorServer, type SimulatorServer } from './simulator-server.js';
import { tokenize } from './sim-tokenizer.js';
import { pCorrect, DEFAULT_SKILL_CURVE, answerConfidenceFor, goldenTokenProbability, wrongAnswer } from './skill-model.js';
import { saturationThroughput } from './service-time.js';

// p is 1 for easy and 0 for hard at every step (start = ceiling, no skill offset), so which
// answers are right is forced, and every figure can be worked out by hand.
const curve = { start: { easy: 1, medium: 0.5, hard: 0 }, ceiling: { easy: 1, medium: 0.5, hard: 0 }, skillSpread: 0 };
const examples: Example[] = [
  { id: 'easy-sum', prompt: 'What is 2 + 2?\n', golden: '4', difficulty: 'easy', skill: 'math' },
  { id: 'hard-sum', prompt: 'What is 8 + 9?\n', golden: '17', difficulty: 'hard', skill: 'math' },
  { id: 'easy-chat', messages: [{ role: 'user', content: 'Capital of France?' }], golden: 'Paris', difficulty: 'easy', skill: 'geo' },
];

let sim: SimulatorServer;
const lines: string[] = [];
beforeAll(async () => {
  sim = await startSimulatorServer({ examples, curve, calibration: 'overconfident', baseModel: 'checkpoint-100', serviceTime: { maxConcurrency: 2, baseMs: 40 }, log: (l) => lines.push(l) });
});
afterAll(() => sim.close());

const post = async (route: string, body: unknown) => {
  const res = await fetch(sim.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // plain text answers (LoRA)
  }
  return { status: res.status, header: res.headers.get('x-flywheel-simulator'), json: json as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

describe('tokenizer and chat template', () => {
  it('splits words with their leading space, digits one by one, and specials whole', () => {
    expect(tokenize('What is 12?\n', false).strs).toEqual(['What', ' is', ' 1', '2', '?', '\n']);
    expect(tokenize('Hi', true).strs).toEqual(['<s>', 'Hi']);
    expect(renderChat([{ role: 'user', content: 'Hi' }], true)).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
    expect(tokenize(renderChat([{ role: 'user', content: 'Hi' }], false), false).strs).toEqual(['<|im_start|>', 'user', '\nHi', '<|im_end|>', '\n']);
  });
});

describe('skill model', () => {
  it('follows the documented curve', () => {
    // easy at step 400 with decay 400: 0.3 + (0.95 − 0.3)(1 − e^−1) = 0.3 + 0.65 · 0.6321206 = 0.7108784 (no skill offset)
    expect(pCorrect({ ...DEFAULT_SKILL_CURVE, skillSpread: 0 }, 400, 'easy', 'x')).toBeCloseTo(0.7108784, 6);
    // regressed from step 600 on: × 0.6
    expect(pCorrect({ ...DEFAULT_SKILL_CURVE, skillSpread: 0, regressAtStep: 600 }, 0, 'hard', 'x')).toBeCloseTo(0.05, 12);
    expect(pCorrect({ ...DEFAULT_SKILL_CURVE, skillSpread: 0, regressAtStep: 600 }, 600, 'hard', 'x')).toBeCloseTo(
      0.6 * (0.05 + 0.5 * (1 - Math.exp(-1.5))), 12);
    expect(answerConfidenceFor(0.5, 'calibrated')).toBe(0.5);
    expect(answerConfidenceFor(0.5, 'overconfident')).toBeCloseTo(0.85, 12); // 0.5 + 0.5 · 0.7
    expect(goldenTokenProbability(0.4)).toBeCloseTo(0.5, 12); // 0.2 + 0.75 · 0.4
    expect([wrongAnswer('17'), wrongAnswer('B'), wrongAnswer('E'), wrongAnswer('Paris')]).toEqual(['18', 'C', 'A', 'I am not sure']);
  });
});

describe('simulated model server', () => {
  it('answers a known prompt with logprobs whose exp(mean) is the confidence', async () => {
    const easy = await post('/v1/completions', { model: 'checkpoint-100', prompt: 'What is 2 + 2?\n', max_tokens: 8, logprobs: 1 });
    expect(easy.header).toBe('1');
    expect(easy.json.system_fingerprint).toBe('flywheel-simulator');
    expect(easy.json.choices[0].text).toBe('4');
    expect(easy.json.choices[0].logprobs.token_logprobs).toEqual([0]); // p = 1 → c = 1 → ln 1
    const hard = await post('/v1/completions', { model: 'checkpoint-100', prompt: 'What is 8 + 9?\n', max_tokens: 8, logprobs: 1 });
    // p = 0: wrong answer "18", c = 0 + 1 · 0.7 per token
    expect(hard.json.choices[0].text).toBe('18');
    expect(hard.json.choices[0].logprobs.token_logprobs).toEqual([Math.log(0.7), Math.log(0.7)]);
    expect(hard.json.usage).toEqual({ prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 }); // <s> What ␣is ␣8 ␣+ ␣9 ? \n
  });

  it('answers chat with OpenAI-shaped logprobs', async () => {
    const chat = await post('/v1/chat/completions', { model: 'checkpoint-100', messages: examples[2]!.messages, logprobs: true, top_logprobs: 1 });
    expect(chat.json.choices[0].message.content).toBe('Paris');
    expect(chat.json.choices[0].logprobs.content).toEqual([
      { token: 'Paris', logprob: 0, bytes: [80, 97, 114, 105, 115], top_logprobs: [{ token: 'Paris', logprob: 0, bytes: [80, 97, 114, 105, 115] }] },
    ]);
  });

  it('streams chat as vLLM does: role, one token per chunk, finish reason, usage, [DONE]', async () => {
    const request = { model: 'checkpoint-100', messages: [{ role: 'user', content: 'Tell me something new.' }], max_tokens: 32 };
    const whole = await post('/v1/chat/completions', request);
    const res = await fetch(sim.url + '/v1/chat/completions', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, stream: true, stream_options: { include_usage: true } }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'checkpoint-100')).toBe(true);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const tokens = chunks.slice(1, -2).map((c) => c.choices[0].delta.content as string);
    // The same answer as without streaming, a token a chunk, then the finish reason and the usage.
    expect(tokens.join('')).toBe(whole.json.choices[0].message.content);
    expect(tokens).toHaveLength(whole.json.usage.completion_tokens);
    expect(chunks.at(-2).choices[0]).toMatchObject({ delta: {}, finish_reason: whole.json.choices[0].finish_reason });
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: whole.json.usage });
  });

  it('scores the golden answer under teacher forcing (echo), first token without a logprob', async () => {
    // Context "What is 8 + 9?\n" = <s> What is 8 + 9 ? \n (8 tokens); golden "17" = "1" "7".
    const ids = [...tokenize('What is 8 + 9?\n').ids, ...tokenize('17', false).ids];
    const echo = await post('/v1/completions', { model: 'checkpoint-100', prompt: ids, echo: true, logprobs: 1, max_tokens: 1 });
    const lp = echo.json.choices[0].logprobs;
    const half = Math.log(0.5);
    const g = Math.log(0.2); // p = 0 → g = 0.2
    expect(lp.token_logprobs).toEqual([null, half, half, half, half, half, half, half, g, g, Math.log(0.9)]);
    // wrong model: the golden tokens are not its top choice
    expect(lp.top_logprobs[8]).toEqual({ '1': g, ' the': g + 0.1 });
    expect(lp.tokens.slice(-3)).toEqual(['1', '7', '\n']);
    const zero = await post('/v1/completions', { model: 'checkpoint-100', prompt: 'What is 2 + 2?\n4', echo: true, logprobs: 1, max_tokens: 0 });
    // As text, "\n4" is one token that straddles prompt and golden; it is scored as golden.
    expect(zero.json.choices[0].logprobs.tokens).toEqual(['<s>', 'What', ' is', ' 2', ' +', ' 2', '?', '\n4']);
    expect(zero.json.choices[0].logprobs.token_logprobs).toEqual([null, half, half, half, half, half, half, Math.log(0.95)]);
    expect(zero.json.choices[0].text).toBe('What is 2 + 2?\n4');
  });

  it('counts inferences per model, example and kind', async () => {
    sim.resetStats();
    await post('/v1/completions', { model: 'checkpoint-100', prompt: 'What is 2 + 2?\n', max_tokens: 4 });
    await post('/v1/completions', { model: 'checkpoint-100', prompt: 'What is 2 + 2?\n4', echo: true, logprobs: 1, max_tokens: 1 });
    await post('/v1/completions', { model: 'checkpoint-100', prompt: 'Who are you?', max_tokens: 4 });
    const stats = sim.stats();
    expect(stats.inferences).toEqual({ 'checkpoint-100': { 'easy-sum': { generate: 1, score: 1 } } });
    expect(stats.unknownPrompts).toBe(1);
    expect(stats.requests['POST /v1/completions']).toBe(3);
  });

  it('hot-loads LoRA adapters, whose step comes from their name or path', async () => {
    const load = await post('/v1/load_lora_adapter', { lora_name: 'adapter-a', lora_path: '/ckpt/checkpoint-700' });
    expect([load.status, load.json]).toEqual([200, "Success: LoRA adapter 'adapter-a' added successfully."]);
    expect((await post('/v1/load_lora_adapter', { lora_name: 'adapter-a', lora_path: '/x' })).status).toBe(400);
    const models = (await (await fetch(`${sim.url}/v1/models`)).json()) as { data: { id: string; owned_by: string; root: string; parent: string | null }[] };
    expect(models.data.map((m) => [m.id, m.owned_by])).toEqual([['checkpoint-100', 'flywheel-simulator'], ['adapter-a', 'flywheel-simulator']]);
    // As vLLM lists them: an adapter's root is the path it was loaded from, its parent the base model.
    expect(models.data.map((m) => [m.root, m.parent])).toEqual([['checkpoint-100', null], ['/ckpt/checkpoint-700', 'checkpoint-100']]);
    const answer = await post('/v1/completions', { model: 'adapter-a', prompt: 'What is 2 + 2?\n', max_tokens: 4 });
    expect(answer.json.choices[0].text).toBe('4');
    expect((await post('/v1/unload_lora_adapter', { lora_name: 'adapter-a' })).status).toBe(200);
    expect((await post('/v1/completions', { model: 'adapter-a', prompt: 'x' })).status).toBe(404);
  });

  it('refuses unknown models and bad bodies like vLLM, naming the field', async () => {
    const missing = await post('/v1/completions', { model: 'nope', prompt: 'x' });
    expect([missing.status, missing.json.type, missing.header]).toEqual([404, 'NotFoundError', '1']);
    const bad = await post('/v1/chat/completions', { model: 'checkpoint-100', messages: [{ role: 'robot', content: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/^\[simulator\] messages\[0\]\.role: /);
  });

  it('serves at most maxConcurrency requests at once', async () => {
    sim.resetStats();
    await Promise.all(Array.from({ length: 6 }, () => post('/v1/completions', { model: 'checkpoint-100', prompt: 'What is 2 + 2?\n', max_tokens: 1 })));
    expect(sim.stats().peakConcurrency).toBe(2);
    // 2 slots × 1000 / 40 ms = 50 requests/s
    expect(saturationThroughput({ maxConcurrency: 2, baseMs: 40, promptTokenMs: 0, tokenMs: 0 }, 10, 1)).toBe(50);
  });

  it('says it is a simulator in its log', () => {
    expect(lines[0]).toMatch(/^\[simulator\] simulated model server \(no real model\)/);
  });
});

describe('hash01', () => {
  it('stays in [0, 1) for many inputs', async () => {
    const { hash01 } = await import('./skill-model.js');
    const values = Array.from({ length: 5000 }, (_, i) => hash01(`seed|m|${i}`));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Roughly uniform: the mean of 5000 uniform draws is 0.5 ± 0.02 (4 standard errors).
    expect(Math.abs(values.reduce((a, b) => a + b, 0) / values.length - 0.5)).toBeLessThan(0.02);
  });
});

describe('answerMargin', () => {
  it('is right with probability p, and two checkpoints agree on an example far more than chance', async () => {
    const { answerMargin } = await import('./skill-model.js');
    const ids = Array.from({ length: 4000 }, (_, i) => `ex-${i}`);
    const a = ids.map((id) => answerMargin('s', 'checkpoint-1', id, 0.6, 0.8) > 0);
    const b = ids.map((id) => answerMargin('s', 'checkpoint-2', id, 0.6, 0.8) > 0);
    // 4000 draws of p = 0.6: standard error 0.0077; allow 4 of them.
    expect(Math.abs(a.filter(Boolean).length / 4000 - 0.6)).toBeLessThan(0.031);
    // Independent checkpoints would agree 0.6² + 0.4² = 52% of the time.
    const agree = a.filter((x, i) => x === b[i]).length / 4000;
    expect(agree).toBeGreaterThan(0.75);
    expect(answerMargin('s', 'm', 'x', 1, 0.8)).toBe(Infinity);
    expect(answerMargin('s', 'm', 'x', 0, 0.8)).toBe(-Infinity);
  });
});
