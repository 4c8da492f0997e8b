import type { CostConfig, SafetyConfig } from '@flywheel/config';
import type { CostFigures, GatewayEvent, SafetyFigures } from '@flywheel/contracts';
import { countPii, obscenityScorer, refusalPatternScorer, safetyFigures, windowCost, type CostedRequest, type ModelPrice, type ResponseSafety, type ResponseScorer } from '@flywheel/response-safety';

/**
 * Safety and cost of the report window's own traffic, with `@flywheel/response-safety`'s
 * functions: PII per kind in every successful answer, toxicity and refusals by the configured
 * scorers when they answer at once (obscenity, patterns; an LLM judge is the live monitor's,
 * so its figure is left unscored here), tokens and cost from the price table.
 */
export class WindowSafetyCost {
  private readonly responses: ResponseSafety[] = [];
  private readonly requests: CostedRequest[] = [];
  private readonly toxicity: ResponseScorer | null;
  private readonly refusal: ResponseScorer | null;

  constructor(private readonly safety: SafetyConfig, private readonly cost: CostConfig) {
    this.toxicity = safety.toxicity.scorer === 'obscenity' ? obscenityScorer() : null;
    this.refusal = safety.refusal.scorer === 'patterns' ? refusalPatternScorer(safety.refusal.patterns) : null;
  }

  add(event: GatewayEvent): void {
    this.requests.push({ model: event.model, promptTokens: event.prompt_tokens, completionTokens: event.completion_tokens });
    if (event.outcome !== 'success') return;
    const response = { id: event.id, prompt: event.prompt, output: event.output };
    this.responses.push({
      pii: countPii(event.output),
      toxic: (this.toxicity?.score(response) as boolean | null | undefined) ?? null,
      refusal: (this.refusal?.score(response) as boolean | null | undefined) ?? null,
    });
  }

  get requestCount(): number {
    return this.requests.length;
  }

  safetyFigures(): SafetyFigures {
    return safetyFigures(this.responses, { toxicity: this.toxicity?.name ?? null, refusal: this.refusal?.name ?? null }, this.safety.redact);
  }

  /** The window's cost; GPU utilisation comes from the live monitor's figure when there is one. */
  costFigures(windowSeconds: number, gpu: { percent: number | null; source: string | null }): CostFigures {
    const prices: Record<string, ModelPrice> = {};
    for (const { model, ...price } of this.cost.prices) prices[model] = price;
    return { ...windowCost(this.requests, prices, this.cost.currency, windowSeconds), gpu_utilization_percent: gpu.percent, gpu_source: gpu.source };
  }
}
