import { AlertSeverity } from '@flywheel/contracts';
import { z } from 'zod';

/** Severities to analyse: a list in a file; from the environment or a flag, "P0,P1" or a JSON list. */
const severityList = z
  .preprocess((value) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (text.startsWith('[')) {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    }
    return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
  }, z.array(AlertSeverity))
  .default(['P0', 'P1']);

/**
 * The alert analyst (issue 10, seed 002): which status changes raise which severity, which
 * severities are analysed, the batch window, the evidence gathered and the analysis endpoint.
 * See docs/alert-analyst.md.
 */
export const AlertsConfig = z.object({
  /** Severity of each alert kind. */
  severities: z
    .object({
      /** regression_monitoring.json flags a checkpoint. @defaultValue "P1" */
      regression: AlertSeverity.default('P1'),
      /** llm_health.json level became WARNING. @defaultValue "P1" */
      health_warning: AlertSeverity.default('P1'),
      /** llm_health.json level became CRITICAL. @defaultValue "P0" */
      health_critical: AlertSeverity.default('P0'),
      /** A deployment failed with nothing to roll back to. @defaultValue "P0" */
      deployment_failed: AlertSeverity.default('P0'),
      /** A deployment failed and was rolled back. @defaultValue "P1" */
      deployment_rolled_back: AlertSeverity.default('P1'),
      /** llm_health.json flagged traffic drift. @defaultValue "P2" */
      drift: AlertSeverity.default('P2'),
    })
    .prefault({}),
  /** Severities that get an analysis; every alert is recorded whatever its severity. @defaultValue ["P0", "P1"] */
  analyseSeverities: severityList,
  /** Seconds after an analysable alert during which further alerts join the same analysis. @defaultValue 30 */
  batchWindowSeconds: z.number().nonnegative().default(30),
  /** Approximate cap on the `alerts` stream (XADD MAXLEN ~): the recent alerts the API lists. @defaultValue 10000 */
  streamMaxLength: z.number().int().min(100).default(10_000),
  /** Approximate cap on the `analysisEvents` stream (tokens of recent analyses, for SSE replay). @defaultValue 20000 */
  eventsMaxLength: z.number().int().min(100).default(20_000),
  evidence: z
    .object({
      /** Recent gateway requests quoted in the prompt. @defaultValue 10 */
      trafficSamples: z.number().int().nonnegative().default(10),
      /** Failed validation examples of the flagged checkpoint quoted in the prompt. @defaultValue 8 */
      failedExamples: z.number().int().nonnegative().default(8),
      /** Characters kept of each quoted prompt, answer or prediction. @defaultValue 300 */
      excerptChars: z.number().int().min(20).default(300),
    })
    .prefault({}),
  analysis: z
    .object({
      /** OpenAI-compatible server asked for analyses, without `/v1`; unset: the deployed model's server (`deploy.baseUrl`, else http://127.0.0.1:<deploy.port>). */
      baseUrl: z.url({ protocol: /^https?$/ }).optional(),
      /** Model name; unset: the server's first model (GET /v1/models). */
      model: z.string().min(1).optional(),
      /** Bearer key for that server, if it wants one. Set it from the environment. */
      apiKey: z.string().min(1).optional(),
      /** Tokens generated per analysis. @defaultValue 400 */
      maxTokens: z.number().int().positive().default(400),
      /** Sampling temperature. @defaultValue 0.2 */
      temperature: z.number().min(0).max(2).default(0.2),
      /** Multiplicative repetition penalty (seed 002: 1.3), sent as vLLM's `repetition_penalty`; 1 sends none. @defaultValue 1.3 */
      repetitionPenalty: z.number().positive().default(1.3),
      /** OpenAI's additive `frequency_penalty` (-2 to 2), for servers without `repetition_penalty`; 0 sends none. @defaultValue 0 */
      frequencyPenalty: z.number().min(-2).max(2).default(0),
      /** Seconds the server may stay silent (before its answer or between chunks) before the try counts as failed. @defaultValue 120 */
      timeoutSeconds: z.number().positive().default(120),
      /** Seconds before the first retry of an analysis the backend could not give; doubles per try. @defaultValue 30 */
      retryBaseSeconds: z.number().positive().default(30),
      /** Longest wait between retries, in seconds. @defaultValue 1800 */
      retryMaxSeconds: z.number().positive().default(1800),
    })
    .prefault({}),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;
