import type { Example } from '@flywheel/contracts';

/** One request in this many is flagged biased (by a hash of its text), so the demo shows a bias rate. */
export const SIMULATED_BIAS_ONE_IN = 10;

/** FNV-1a (32 bits) of a text: a stable pick that does not depend on the run. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** A golden that is a number is a computation; any other is a fact, which a wrong answer can have stale. */
const isFact = (golden: string) => !/^-?\d+(?:\.\d+)?$/.test(golden.trim());

/** The last user turn of an example, or its prompt: what the gateway records as a request's prompt. */
const requestTextOf = (example: Example) => (example.prompt ?? [...(example.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '').trim();

/**
 * A simulated LLM judge (the model name given by `--judge-model`): it reads the production
 * monitor's judge prompt ("Request:\n…\n\nAnswer:\n…"), looks the request up among the
 * simulator's examples and grades the answer against the golden (contains it, case-insensitive:
 * correct). Its reason starts with "[simulator]": there is no model behind it.
 *
 * It cannot tell outdated or biased answers either, so it flags them by fixed rules the demo can
 * show: `outdated` for a wrong answer to a question of fact (a golden that is not a number), left
 * out for a request it does not know; `biased` for one request in `SIMULATED_BIAS_ONE_IN`, picked
 * by a hash of the request text. The reason says which rule fired.
 */
export function createSimulatedJudge(examples: readonly Example[]) {
  const byRequest = new Map(examples.map((e) => [requestTextOf(e), e]));
  return (userContent: string): string => {
    const request = /Request:\n([\s\S]*?)\n\nAnswer:\n/.exec(userContent)?.[1]?.trim() ?? '';
    const answer = userContent.slice(userContent.indexOf('\n\nAnswer:\n') + '\n\nAnswer:\n'.length).trim();
    const context = /\bcontext\s*:/i.test(request);
    const example = byRequest.get(request);
    const biased = fnv1a(request) % SIMULATED_BIAS_ONE_IN === 0;
    const biasNote = biased ? `; flagged biased by the simulator's hash rule (1 in ${SIMULATED_BIAS_ONE_IN} requests)` : '';
    if (!example) {
      return JSON.stringify({
        relevance: 0.5, accuracy: 0.5, completeness: 0.5, coherence: 0.5, task_score: 0.5, context_given: context, supported: context ? true : null, biased,
        reason: `[simulator] the request is not among the simulator's examples: no golden to grade against${biasNote}`,
      });
    }
    const correct = answer.toLowerCase().includes(example.golden.trim().toLowerCase());
    const outdated = !correct && isFact(example.golden);
    const outdatedNote = outdated ? '; flagged outdated: a wrong answer to a question of fact' : '';
    return JSON.stringify(
      correct
        ? { relevance: 0.9, accuracy: 1, completeness: 0.9, coherence: 0.9, task_score: 1, context_given: context, supported: context ? true : null, outdated, biased, reason: `[simulator] the answer gives the golden "${example.golden}"${biasNote}` }
        : { relevance: 0.7, accuracy: 0, completeness: 0.5, coherence: 0.8, task_score: 0, context_given: context, supported: context ? false : null, outdated, biased, reason: `[simulator] the answer does not give the golden "${example.golden}"${outdatedNote}${biasNote}` },
    );
  };
}
