import type { CostFigures, SafetyFigures } from '@flywheel/contracts';
import type { CostConfig } from '@flywheel/config';
import { safetyFigures, windowCost, type ModelPrice } from '@flywheel/response-safety';
import type { SafetyScorers } from './safety-scan.js';
import type { RequestSample } from './samples.js';

/** GPU utilisation as the API's `/api/gpu` reads it (nvidia-smi); null fields when the host has no GPU figure. */
export interface GpuFigure {
  utilization_percent: number | null;
  source: string | null;
}

/** Money keeps six significant digits: a cost per query of 0.0000013 must not round to 0. */
const money = (v: number | null) => (v === null ? null : Number(v.toPrecision(6)));
const share = (v: number | null) => (v === null ? null : Math.round(v * 1e6) / 1e6);

/** The config's price list as a map by model name. */
export function priceTable(cost: CostConfig): Record<string, ModelPrice> {
  return Object.fromEntries(cost.prices.map(({ model, ...price }) => [model, price as ModelPrice]));
}

/** Safety figures of a window's successful answers (failed requests have none), each rate with its scorer's name. */
export function windowSafety(requests: readonly RequestSample[], scorers: SafetyScorers, redacted: boolean): SafetyFigures {
  const figures = safetyFigures(requests.filter((r) => r.ok), { toxicity: scorers.toxicity?.name ?? null, refusal: scorers.refusal?.name ?? null }, redacted);
  return {
    ...figures,
    pii: { ...figures.pii, rate: share(figures.pii.rate) },
    toxicity: { ...figures.toxicity, rate: share(figures.toxicity.rate) },
    refusal: { ...figures.refusal, rate: share(figures.refusal.rate) },
  };
}

/** Cost figures of a window's requests (see `windowCost` for the formulas) with the GPU utilisation. */
export function windowCostFigures(requests: readonly RequestSample[], cost: CostConfig, windowSeconds: number, gpu: GpuFigure | null): CostFigures {
  const figures = windowCost(requests, priceTable(cost), cost.currency, windowSeconds);
  return {
    ...figures,
    total_cost: money(figures.total_cost),
    cost_per_query: money(figures.cost_per_query),
    by_model: Object.fromEntries(Object.entries(figures.by_model).map(([m, f]) => [m, { ...f, cost: money(f.cost), cost_per_query: money(f.cost_per_query) }])),
    gpu_utilization_percent: gpu?.utilization_percent ?? null,
    gpu_source: gpu?.source ?? null,
  };
}
