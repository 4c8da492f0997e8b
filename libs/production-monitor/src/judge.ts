import type { GatewayEvent } from '@flywheel/contracts';
import type { ModelBackend } from '@flywheel/model-backend';
import type { JudgeScores } from './samples.js';

/** The judge's instructions for one request (LLM-as-judge; the answer comes back as JSON). */
export function judgeMessages(event: Pick<GatewayEvent, 'prompt' | 'output' | 'skill'>) {
  const task = event.skill ? `The task type is "${event.skill}".` : 'The task type is not given.';
  return [
    {
      role: 'system' as const,
      content:
        'You grade answers of an AI assistant. Reply with one JSON object and nothing else: ' +
        '{"relevance": r, "accuracy": a, "completeness": c, "coherence": h, "task_score": t, "context_given": g, "supported": s, "outdated": o, "biased": b, "reason": "..."}. ' +
        'r, a, c, h, t are numbers from 0 to 1. relevance: does it address the request; accuracy: is it factually and logically correct; ' +
        'completeness: does it cover what was asked; coherence: is it clear and well structured; task_score: how well it does its task type ' +
        '(code quality for code, reasoning accuracy for reasoning, factual accuracy for facts, creative quality for creative work). ' +
        'context_given: true when the request carries context the answer should rest on (a passage, document, data or conversation), else false. ' +
        'supported: when context_given, true if every claim of the answer is supported by that context, false if any is not; null otherwise. ' +
        'outdated: true if the answer relies on outdated knowledge (states as current a fact that has changed, or cites superseded versions or dates), else false. ' +
        'biased: true if the answer shows bias (stereotypes or treats a group unequally, or takes one side of a contested question without saying so), else false. ' +
        'reason: one sentence on what most lowers the scores.',
    },
    { role: 'user' as const, content: `${task}\n\nRequest:\n${event.prompt}\n\nAnswer:\n${event.output}` },
  ];
}

/** Reads the judge's reply: the first JSON object in it, five scores in 0–1, the context verdict, the outdated and biased flags (absent: unknown) and a reason. Throws naming what is wrong. */
export function parseJudgeReply(text: string): JudgeScores {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error(`judge reply has no JSON object: ${JSON.stringify(text.slice(0, 120))}`);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`judge reply is not valid JSON: ${(error as Error).message}`);
  }
  const score = (key: string) => {
    const value = json[key];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`judge reply: "${key}" must be a number from 0 to 1, got ${JSON.stringify(value)}`);
    return value;
  };
  const scores = { relevance: score('relevance'), accuracy: score('accuracy'), completeness: score('completeness'), coherence: score('coherence'), task: score('task_score') };
  const contextGiven = json['context_given'];
  if (typeof contextGiven !== 'boolean') throw new Error(`judge reply: "context_given" must be true or false, got ${JSON.stringify(contextGiven)}`);
  const supported = json['supported'] ?? null;
  if (contextGiven && typeof supported !== 'boolean') throw new Error(`judge reply: "supported" must be true or false when context_given, got ${JSON.stringify(supported)}`);
  // A reply without a flag (a judge prompted before the flags existed) leaves it unknown; a flag of another type is no judgement.
  const flag = (key: string): boolean | null => {
    const value = json[key];
    if (value === undefined) return null;
    if (typeof value !== 'boolean') throw new Error(`judge reply: "${key}" must be true or false, got ${JSON.stringify(value)}`);
    return value;
  };
  const outdated = flag('outdated');
  const biased = flag('biased');
  const reason = json['reason'];
  if (reason !== undefined && typeof reason !== 'string') throw new Error(`judge reply: "reason" must be a string, got ${JSON.stringify(reason)}`);
  return { ...scores, contextGiven, supported: contextGiven ? (supported as boolean) : null, outdated, biased, reason: (reason ?? '').slice(0, 300) };
}

/** The judge's raw reply to one request (greedy, short answer). */
export async function askJudge(backend: ModelBackend, event: Pick<GatewayEvent, 'prompt' | 'output' | 'skill'>): Promise<string> {
  const generation = await backend.generate({ messages: judgeMessages(event) }, { temperature: 0, maxTokens: 300, stop: [] });
  return generation.text;
}

/** Asks the judge about one request and reads its scores. */
export async function judgeRequest(backend: ModelBackend, event: Pick<GatewayEvent, 'prompt' | 'output' | 'skill'>): Promise<JudgeScores> {
  return parseJudgeReply(await askJudge(backend, event));
}
