import { option, type OptionSpec } from './option-spec.js';

const o = option;

/** The alert analyst's options (`alerts.*`, see alerts-config.ts). */
export const ALERTS_OPTIONS: readonly OptionSpec[] = [
  o('alerts.severities.regression', 'string', 'P1', 'Severity (P0, P1, P2) of a regression flagged by regression_monitoring.json'),
  o('alerts.severities.health_warning', 'string', 'P1', 'Severity of llm_health.json level WARNING'),
  o('alerts.severities.health_critical', 'string', 'P0', 'Severity of llm_health.json level CRITICAL'),
  o('alerts.severities.deployment_failed', 'string', 'P0', 'Severity of a failed deployment with nothing to roll back to'),
  o('alerts.severities.deployment_rolled_back', 'string', 'P1', 'Severity of a failed deployment that was rolled back'),
  o('alerts.severities.drift', 'string', 'P2', 'Severity of drift flagged by llm_health.json'),
  o('alerts.analyseSeverities', 'string', 'P0,P1', 'Severities that get an analysis (comma-separated or a JSON list); all alerts are recorded'),
  o('alerts.batchWindowSeconds', 'number', '30', 'Seconds after an analysable alert during which further alerts join the same analysis'),
  o('alerts.streamMaxLength', 'number', '10000', 'Approximate cap on the alerts stream (XADD MAXLEN ~)'),
  o('alerts.eventsMaxLength', 'number', '20000', 'Approximate cap on the analysis events stream (SSE replay)'),
  o('alerts.evidence.trafficSamples', 'number', '10', 'Recent gateway requests quoted in an analysis prompt'),
  o('alerts.evidence.failedExamples', 'number', '8', 'Failed validation examples of the flagged checkpoint quoted in the prompt'),
  o('alerts.evidence.excerptChars', 'number', '300', 'Characters kept of each quoted prompt, answer or prediction'),
  o('alerts.analysis.baseUrl', 'string', 'deploy.baseUrl, else http://127.0.0.1:<deploy.port>', 'OpenAI-compatible server asked for analyses (without /v1)'),
  o('alerts.analysis.model', 'string', "the server's first model", 'Model asked for analyses'),
  o('alerts.analysis.apiKey', 'string', 'unset', 'Bearer key for the analysis server (set it from the environment)'),
  o('alerts.analysis.maxTokens', 'number', '400', 'Tokens generated per analysis'),
  o('alerts.analysis.temperature', 'number', '0.2', 'Sampling temperature of analyses'),
  o('alerts.analysis.repetitionPenalty', 'number', '1.3', 'repetition_penalty sent (vLLM sampling parameter; 1 sends none)'),
  o('alerts.analysis.frequencyPenalty', 'number', '0', 'OpenAI frequency_penalty sent (-2 to 2; 0 sends none)'),
  o('alerts.analysis.timeoutSeconds', 'number', '120', 'Seconds of server silence before an analysis try fails'),
  o('alerts.analysis.retryBaseSeconds', 'number', '30', 'Seconds before the first retry of an unavailable analysis; doubles per try'),
  o('alerts.analysis.retryMaxSeconds', 'number', '1800', 'Longest wait between retries of an analysis'),
];
