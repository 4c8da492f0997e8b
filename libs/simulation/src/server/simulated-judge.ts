import type { Example } from '@flywheel/contracts';

/** The last user turn of an example, or its prompt: what the gateway records as a request's prompt. */
const requestTextOf = (example: Example) => (example.prompt ?? [...(example.messages ?? [])].reverse().find((m) => m.role === 'user')?.content ?? '').trim();

/**
 * A simulated LLM judge (the model name given by `--judge-model`): it reads the production
 * monitor's judge prompt ("Request:\n…\n\nAnswer:\n…"), looks the request up among the
 * simulator's examples and grades the answer against the golden (contains it, case-insensitive:
 * correct). Its reason starts with "[simulator]": there is no model behind it.
 */
export function createSimulatedJudge(examples: readonly Example[]) {
  const byRequest = new Map(examples.map((e) => [requestTextOf(e), e]));
  return (userContent: string): string => {
    const request = /Request:\n([\s\S]*?)\n\nAnswer:\n/.exec(userContent)?.[1]?.trim() ?? '';
    const answer = userContent.slice(userContent.indexOf('\n\nAnswer:\n') + '\n\nAnswer:\n'.length).trim();
    const context = /\bcontext\s*:/i.test(request);
    const example = byRequest.get(request);
    if (!example) {
      return JSON.stringify({
        relevance: 0.5, accuracy: 0.5, completeness: 0.5, coherence: 0.5, task_score: 0.5, context_given: context, supported: context ? true : null,
        reason: '[simulator] the request is not among the simulator\'s examples: no golden to grade against',
      });
    }
    const correct = answer.toLowerCase().includes(example.golden.trim().toLowerCase());
    return JSON.stringify(
      correct
        ? { relevance: 0.9, accuracy: 1, completeness: 0.9, coherence: 0.9, task_score: 1, context_given: context, supported: context ? true : null, reason: `[simulator] the answer gives the golden "${example.golden}"` }
        : { relevance: 0.7, accuracy: 0, completeness: 0.5, coherence: 0.8, task_score: 0, context_given: context, supported: context ? false : null, reason: `[simulator] the answer does not give the golden "${example.golden}"` },
    );
  };
}
