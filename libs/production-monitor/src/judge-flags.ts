import type { JudgeScores } from './samples.js';

/** The judge's yes/no verdicts on an answer that are counted as rates (each may be unknown: null). */
export type JudgeFlag = 'outdated' | 'biased';

/** How many judged answers carry each flag, and the share of those flagged (null when none carries it). */
export interface JudgeFlagFigures {
  /** Judged answers the judge said outdated or not about. */
  outdated_judged: number;
  /** Share of those relying on outdated knowledge (seed 000's outdated information). */
  outdated_rate: number | null;
  /** Judged answers the judge said biased or not about. */
  bias_judged: number;
  /** Share of those showing bias (seed 001's bias). */
  bias_rate: number | null;
}

function rate(judged: readonly JudgeScores[], flag: JudgeFlag): { judged: number; rate: number | null } {
  // An answer without the flag (an older judge prompt, a record stored before it) is left out, not counted as false.
  const said = judged.filter((j) => j[flag] !== null);
  return { judged: said.length, rate: said.length === 0 ? null : said.filter((j) => j[flag] === true).length / said.length };
}

/** The outdated and bias rates of a set of judged answers. */
export function judgeFlagFigures(judged: readonly JudgeScores[]): JudgeFlagFigures {
  const outdated = rate(judged, 'outdated');
  const biased = rate(judged, 'biased');
  return { outdated_judged: outdated.judged, outdated_rate: outdated.rate, bias_judged: biased.judged, bias_rate: biased.rate };
}

/**
 * The figures as the monitor reports them: a rate over fewer than `minSamples` answers carrying
 * its flag is null (too few to say), as the threshold table treats every metric.
 */
export function gateJudgeFlags<T extends JudgeFlagFigures>(figures: T, minSamples: number): T {
  return {
    ...figures,
    outdated_rate: figures.outdated_judged >= minSamples ? figures.outdated_rate : null,
    bias_rate: figures.bias_judged >= minSamples ? figures.bias_rate : null,
  };
}
