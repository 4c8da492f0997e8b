import { option, type OptionSpec } from './option-spec.js';

const o = option;

/** Safety and cost options (`safety.*`, `cost.*`, see safety-config.ts). */
export const SAFETY_OPTIONS: readonly OptionSpec[] = [
  o('safety.redact', 'boolean', 'true', 'Replace PII and secrets by [REDACTED:<kind>] in logs and exports'),
  o('safety.toxicity.scorer', 'string', 'obscenity', 'Toxicity scorer: obscenity (profanity library), llm-judge (sampled), none'),
  o('safety.refusal.scorer', 'string', 'patterns', 'Refusal scorer: patterns, llm-judge (sampled), none'),
  o('safety.refusal.patterns', 'string', '"I can\'t help with", "As an AI", … (5 patterns)', 'Case-insensitive regexes of refusals (JSON list from env/flags)'),
  o('safety.judge.samplingRate', 'number', '0.1', 'Share of successful responses the LLM safety judge scores'),
  o('safety.judge.maxPerPass', 'number', '20', 'Most safety-judge calls per pass'),
  o('safety.judge.model', 'string', 'monitor.judge.model (without monitor.judge.baseUrl), else backend.model', 'Model the safety judge asks through the model backend'),
  o('cost.currency', 'string', 'USD', 'Currency label of the prices'),
  o('cost.prices', 'string', '[] (nothing priced)', 'Price list: {model, per_million_prompt_tokens, per_million_completion_tokens} or {model, per_gpu_hour, gpus} (JSON list from env/flags)'),
];
