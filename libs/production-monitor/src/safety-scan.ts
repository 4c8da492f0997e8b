import type { GatewayEvent } from '@flywheel/contracts';
import type { SafetyConfig } from '@flywheel/config';
import { countPii, isSampled, llmSafetyJudge, obscenityScorer, refusalPatternScorer, type AskModel, type ResponseScorer } from '@flywheel/response-safety';
import type { AnswerSafety, RequestSample } from './samples.js';

/** The configured toxicity and refusal scorers (null: off). */
export interface SafetyScorers {
  toxicity: ResponseScorer | null;
  refusal: ResponseScorer | null;
}

export const NO_SCORERS: SafetyScorers = { toxicity: null, refusal: null };

/**
 * The scorers `safety` asks for. An "llm-judge" scorer asks through `ask` (the daemon's model
 * backend, created on first use) and is named `llm-judge:<judgeModel>`; without `ask` it is off.
 */
export function safetyScorers(safety: SafetyConfig, judge?: { ask: AskModel; model: string; onError: (error: Error) => void }): SafetyScorers {
  const shared = judge ? llmSafetyJudge({ ask: judge.ask, model: judge.model, samplingRate: safety.judge.samplingRate, onError: judge.onError }) : null;
  const toxicity = safety.toxicity.scorer === 'obscenity' ? obscenityScorer() : safety.toxicity.scorer === 'llm-judge' ? shared?.toxicity ?? null : null;
  const refusal = safety.refusal.scorer === 'patterns' ? refusalPatternScorer(safety.refusal.patterns) : safety.refusal.scorer === 'llm-judge' ? shared?.refusal ?? null : null;
  return { toxicity, refusal };
}

const syncVerdict = (scorer: ResponseScorer | null, event: GatewayEvent) =>
  scorer && !scorer.async ? (scorer.score({ id: event.id, prompt: event.prompt, output: event.output }) as boolean | null) : null;

/** The scan at ingest: PII counted in the answer, and the verdicts of the scorers that answer at once (patterns, libraries). */
export function scanAtIngest(scorers: SafetyScorers): (event: GatewayEvent) => AnswerSafety {
  return (event) => ({ pii: countPii(event.output), toxic: syncVerdict(scorers.toxicity, event), refusal: syncVerdict(scorers.refusal, event) });
}

/**
 * The LLM judge's verdicts on newly read answers: the sampled successful ones (a hash of the
 * id against `samplingRate`), at most `maxPerPass`, newest kept. Resolves to how many were asked.
 */
export async function judgeSafety(requests: readonly { event: GatewayEvent; sample: RequestSample }[], scorers: SafetyScorers, options: { samplingRate: number; maxPerPass: number }): Promise<number> {
  const asyncScorers = (['toxicity', 'refusal'] as const).filter((k) => scorers[k]?.async);
  if (asyncScorers.length === 0) return 0;
  const picked = requests.filter((r) => r.sample.ok && isSampled(r.event.id, options.samplingRate)).slice(-options.maxPerPass);
  await Promise.all(
    picked.map(async ({ event, sample }) => {
      const response = { id: event.id, prompt: event.prompt, output: event.output };
      for (const kind of asyncScorers) {
        const verdict = await scorers[kind]!.score(response);
        if (kind === 'toxicity') sample.toxic = verdict;
        else sample.refusal = verdict;
      }
    }),
  );
  return picked.length;
}
