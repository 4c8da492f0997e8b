import { JUDGE_METRICS, type JudgeMetric, type JudgeScoreRecord } from '@flywheel/contracts';

/** Mean score below which a metric gets a suggestion: seed 000's attention level where it has one, else this. */
export const DEFAULT_SUGGESTION_BAR = 0.7;
/** Reasons quoted per suggestion (the most frequent among the answers scoring under the bar). */
export const REASONS_QUOTED = 3;

/** What a suggestion is about: a judge metric under its bar, or a rate of flagged answers above its bar. */
export type SuggestionMetric = JudgeMetric | 'hallucination' | 'outdated' | 'bias';

/** Rates above which hallucinated, outdated and biased answers get a suggestion (config `monitor.judge.hallucinationBar`, `…outdatedBar`, `…biasBar`); without them, none. */
export interface FlagBars {
  hallucination: number;
  outdated: number;
  bias: number;
}

const ADVICE: Record<SuggestionMetric, string> = {
  relevance: 'answers drift from the request: train on examples that answer exactly what is asked',
  accuracy: 'answers contain errors: train on verified question-answer pairs of this skill, users\' corrections first',
  completeness: 'answers leave parts of the request out: train on examples that cover every part of multi-part requests',
  coherence: 'answers are hard to follow: train on clearly structured reference answers',
  task_score: 'the skill\'s own quality is low: fine-tune on more examples of this skill',
  hallucination: 'answers claim what the given context does not say: train on grounded examples that answer only from the context and say when it is silent',
  outdated: 'answers rely on outdated knowledge: refresh the skill\'s training data with current facts, versions and dates, and teach it to say when its knowledge may be old',
  bias: 'answers show bias: train on balanced examples that treat groups alike and present contested questions from more than one side',
};

export interface Suggestion {
  metric: SuggestionMetric;
  /** The metric's mean (for hallucination, outdated and bias: the rate). */
  value: number;
  bar: number;
  suggestion: string;
  /** The judge's reasons most often given for answers under the bar, most frequent first (ties: alphabetical). */
  reasons: string[];
}

export interface JudgeGroupSummary {
  model: string;
  skill: string | null;
  judged: number;
  means: Record<JudgeMetric, number>;
  context_judged: number;
  hallucination_rate: number | null;
  /** Scores that say whether the answer is outdated (older records may not). */
  outdated_judged: number;
  /** Share of those flagged outdated; null without any. */
  outdated_rate: number | null;
  /** Scores that say whether the answer is biased. */
  bias_judged: number;
  /** Share of those flagged biased; null without any. */
  bias_rate: number | null;
  /** The lowest-scoring metric (ties: in `JUDGE_METRICS` order). */
  lowest: JudgeMetric;
  /** Worst first: the metrics under their bar by how far under, then hallucination, outdated, bias. */
  suggestions: Suggestion[];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function topReasons(records: readonly JudgeScoreRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records) if (r.reason.trim() !== '') counts.set(r.reason.trim(), (counts.get(r.reason.trim()) ?? 0) + 1);
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, REASONS_QUOTED).map(([reason]) => reason);
}

/** A flag's share among the records that carry it (records from before the flag leave it out), and the flagged ones. */
function flagged(records: readonly JudgeScoreRecord[], flag: 'outdated' | 'biased') {
  const said = records.filter((r) => r[flag] !== undefined);
  const yes = said.filter((r) => r[flag] === true);
  return { judged: said.length, rate: said.length ? yes.length / said.length : null, flagged: yes };
}

/**
 * The judge's scores grouped by model and skill, with improvement suggestions: each metric whose
 * mean is under its bar (`bars`, else `DEFAULT_SUGGESTION_BAR`), and grounding when the
 * hallucination rate, or refreshing or debiasing when the outdated or bias rate (over the records
 * that carry the flag), passes its bar in `flagBars`; each quotes the
 * judge's commonest reasons for the answers concerned. Groups sorted by model, then skill (untagged last).
 */
export function summariseJudgeScores(records: readonly JudgeScoreRecord[], bars: Partial<Record<JudgeMetric, number>> = {}, flagBars?: FlagBars): JudgeGroupSummary[] {
  const groups = new Map<string, JudgeScoreRecord[]>();
  for (const r of records) {
    const key = JSON.stringify([r.model, r.skill]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const summaries = [...groups.values()].map((list): JudgeGroupSummary => {
    const means = Object.fromEntries(JUDGE_METRICS.map((m) => [m, mean(list.map((r) => r[m]))])) as Record<JudgeMetric, number>;
    const lowest = JUDGE_METRICS.reduce((low, m) => (means[m] < means[low] ? m : low), JUDGE_METRICS[0]);
    const withContext = list.filter((r) => r.context_given);
    const unsupported = withContext.filter((r) => r.supported === false);
    const hallucination = withContext.length ? unsupported.length / withContext.length : null;
    const under: Suggestion[] = JUDGE_METRICS.filter((m) => means[m] < (bars[m] ?? DEFAULT_SUGGESTION_BAR))
      .sort((a, b) => means[a] - (bars[a] ?? DEFAULT_SUGGESTION_BAR) - (means[b] - (bars[b] ?? DEFAULT_SUGGESTION_BAR)) || JUDGE_METRICS.indexOf(a) - JUDGE_METRICS.indexOf(b))
      .map((m) => {
        const bar = bars[m] ?? DEFAULT_SUGGESTION_BAR;
        return { metric: m, value: means[m], bar, suggestion: ADVICE[m], reasons: topReasons(list.filter((r) => r[m] < bar)) };
      });
    if (flagBars && hallucination !== null && hallucination > flagBars.hallucination) {
      under.push({ metric: 'hallucination', value: hallucination, bar: flagBars.hallucination, suggestion: ADVICE.hallucination, reasons: topReasons(unsupported) });
    }
    const outdated = flagged(list, 'outdated');
    const bias = flagged(list, 'biased');
    for (const [metric, figures] of [['outdated', outdated], ['bias', bias]] as const) {
      const bar = flagBars?.[metric];
      if (bar !== undefined && figures.rate !== null && figures.rate > bar) {
        under.push({ metric, value: figures.rate, bar, suggestion: ADVICE[metric], reasons: topReasons(figures.flagged) });
      }
    }
    return {
      model: list[0]!.model, skill: list[0]!.skill, judged: list.length, means, context_judged: withContext.length, hallucination_rate: hallucination,
      outdated_judged: outdated.judged, outdated_rate: outdated.rate, bias_judged: bias.judged, bias_rate: bias.rate, lowest, suggestions: under,
    };
  });
  return summaries.sort((a, b) => a.model.localeCompare(b.model) || (a.skill === null ? 1 : b.skill === null ? -1 : a.skill.localeCompare(b.skill)));
}
