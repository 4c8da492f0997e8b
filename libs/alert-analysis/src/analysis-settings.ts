import type { FlywheelConfig } from '@flywheel/config';

/** Where analyses are asked and how: `alerts.analysis.*`, the endpoint defaulting to the deployed model's server. */
export interface AnalysisSettings {
  baseUrl: string;
  /** Unset: the server's first model. */
  model?: string;
  apiKey?: string;
  maxTokens: number;
  temperature: number;
  repetitionPenalty: number;
  frequencyPenalty: number;
  idleTimeoutMs: number;
  retryBaseSeconds: number;
  retryMaxSeconds: number;
  batchWindowMs: number;
  eventsMaxLength: number;
  streamMaxLength: number;
}

export function analysisSettings(config: FlywheelConfig): AnalysisSettings {
  const a = config.alerts.analysis;
  return {
    baseUrl: a.baseUrl ?? config.deploy.baseUrl ?? `http://127.0.0.1:${config.deploy.port}`,
    model: a.model,
    apiKey: a.apiKey,
    maxTokens: a.maxTokens,
    temperature: a.temperature,
    repetitionPenalty: a.repetitionPenalty,
    frequencyPenalty: a.frequencyPenalty,
    idleTimeoutMs: a.timeoutSeconds * 1000,
    retryBaseSeconds: a.retryBaseSeconds,
    retryMaxSeconds: a.retryMaxSeconds,
    batchWindowMs: config.alerts.batchWindowSeconds * 1000,
    eventsMaxLength: config.alerts.eventsMaxLength,
    streamMaxLength: config.alerts.streamMaxLength,
  };
}
