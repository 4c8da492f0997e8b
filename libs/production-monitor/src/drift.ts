import type { DriftTest } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';
import { ksTwoSample } from './chi-square.js';
import { binCounts, countBy, populationStabilityIndex, quantileEdges } from './psi.js';
import { round } from './recommendation.js';
import type { RequestSample } from './samples.js';
import { skillKey } from './window-metrics.js';

export interface DriftReport {
  detected: boolean;
  tests: DriftTest[];
}

type Planned =
  | { feature: string; test: 'psi'; current: Map<string, number>; reference: Map<string, number>; n: number; m: number }
  | { feature: string; test: 'ks'; current: number[]; reference: number[] };

const numbers = (samples: readonly RequestSample[], pick: (s: RequestSample) => number | null) => {
  const out: number[] = [];
  for (const s of samples) {
    const v = pick(s);
    if (v !== null) out.push(v);
  }
  return out;
};

/**
 * Drift of the current window against the reference window (seed 001):
 * - PSI for mixes: the skill mix, and prompt and output length binned at the reference's
 *   quantiles; severity moderate from `psiModerate`, significant from `psiSignificant`;
 * - KS two-sample for continuous values: latency, prompt length, output length (tokens).
 * A test runs only when both windows have `minSamples` values. It is flagged when the shift is
 * both large (PSI ≥ psiModerate, or KS distance ≥ ksMinDistance) and significant at
 * `alpha / tests run` (Bonferroni), so noise between two windows of one distribution is not
 * called drift.
 */
export function detectDrift(current: readonly RequestSample[], reference: readonly RequestSample[], settings: MonitorConfig['drift']): DriftReport {
  const planned: Planned[] = [];
  const enough = (a: number, b: number) => a >= settings.minSamples && b >= settings.minSamples;
  if (enough(current.length, reference.length)) {
    planned.push({
      feature: 'skill_mix',
      test: 'psi',
      current: countBy(current.map((s) => skillKey(s.skill))),
      reference: countBy(reference.map((s) => skillKey(s.skill))),
      n: current.length,
      m: reference.length,
    });
  }
  for (const [feature, pick] of [
    ['prompt_tokens', (s: RequestSample) => s.promptTokens],
    ['completion_tokens', (s: RequestSample) => s.completionTokens],
  ] as const) {
    const c = numbers(current, pick);
    const r = numbers(reference, pick);
    if (!enough(c.length, r.length)) continue;
    const edges = quantileEdges(r, settings.lengthBins);
    planned.push({ feature: `${feature}_mix`, test: 'psi', current: binCounts(c, edges), reference: binCounts(r, edges), n: c.length, m: r.length });
    planned.push({ feature, test: 'ks', current: c, reference: r });
  }
  const latencyNow = current.map((s) => s.latencyMs);
  const latencyThen = reference.map((s) => s.latencyMs);
  if (enough(latencyNow.length, latencyThen.length)) planned.push({ feature: 'latency_ms', test: 'ks', current: latencyNow, reference: latencyThen });

  const alpha = settings.alpha / Math.max(1, planned.length);
  const tests: DriftTest[] = planned.map((p) => {
    if (p.test === 'psi') {
      const { psi, pValue } = populationStabilityIndex(p.current, p.reference);
      const severity = psi >= settings.psiSignificant ? 'significant' : psi >= settings.psiModerate ? 'moderate' : 'none';
      return {
        feature: p.feature, test: 'psi', statistic: round(psi), p_value: round(pValue), severity,
        flagged: psi >= settings.psiModerate && pValue < alpha, current_samples: p.n, reference_samples: p.m,
      };
    }
    const { statistic, pValue } = ksTwoSample(p.current, p.reference);
    const flagged = statistic >= settings.ksMinDistance && pValue < alpha;
    return {
      feature: p.feature, test: 'ks', statistic: round(statistic), p_value: round(pValue), severity: flagged ? 'significant' : 'none',
      flagged, current_samples: p.current.length, reference_samples: p.reference.length,
    };
  });
  return { detected: tests.some((t) => t.flagged), tests };
}
