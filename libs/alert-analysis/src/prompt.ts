import type { RecordedAlert } from '@flywheel/contracts';

/** What an analysis is asked about: the alerts and the evidence gathered for them. */
export interface Evidence {
  /** Status file name → the fields of it that bear on the alerts. */
  statuses: Record<string, unknown>;
  /** Validation examples the flagged checkpoint got wrong. */
  failedExamples: { checkpoint: string; exampleId: string; skill: string; difficulty: string; prediction: string }[];
  /** The most recent gateway requests, newest first. */
  traffic: { at: string; model: string; outcome: string; latency_ms: number; skill: string | null; prompt: string; output: string; error: string | null }[];
  /** What could not be read (named), so the model and the reader know what is missing. */
  missing: string[];
}

export const ANALYSIS_SYSTEM_PROMPT =
  'You are the on-call assistant of flywheel, a system that fine-tunes an LLM, evaluates its checkpoints, deploys the best one and monitors it in production. ' +
  'You get alerts and the evidence behind them. Answer in at most 150 words of plain text, in two parts: ' +
  '"Why:" the most likely cause, citing the numbers that show it; "Action:" the one thing to do first. Do not repeat the evidence back.';

const json = (value: unknown) => JSON.stringify(value);

/** The user turn of an analysis: the alerts, then each piece of evidence under its own heading. */
export function analysisPrompt(alerts: readonly RecordedAlert[], evidence: Evidence): string {
  const lines: string[] = [`Alerts (${alerts.length}):`];
  for (const alert of alerts) {
    lines.push(`- [${alert.severity}] ${alert.kind} at ${alert.at} from ${alert.source}: ${alert.summary}`);
    lines.push(`  numbers: ${json(alert.details)}`);
  }
  for (const [file, body] of Object.entries(evidence.statuses)) {
    lines.push('', `Status ${file}:`, json(body));
  }
  if (evidence.failedExamples.length > 0) {
    lines.push('', `Validation examples the checkpoint got wrong (${evidence.failedExamples.length}):`);
    for (const e of evidence.failedExamples) lines.push(`- ${e.checkpoint} ${e.exampleId} (${e.skill}, ${e.difficulty}): answered ${json(e.prediction)}`);
  }
  if (evidence.traffic.length > 0) {
    lines.push('', `Recent production requests, newest first (${evidence.traffic.length}):`);
    for (const t of evidence.traffic) {
      lines.push(`- ${t.at} ${t.model} ${t.outcome} ${t.latency_ms} ms${t.skill ? ` [${t.skill}]` : ''}: asked ${json(t.prompt)} → ${t.error ? `error ${json(t.error)}` : json(t.output)}`);
    }
  }
  if (evidence.missing.length > 0) lines.push('', `Not available: ${evidence.missing.join('; ')}`);
  return lines.join('\n');
}

/** The conversation sent for an analysis. */
export function analysisMessages(prompt: string): { role: 'system' | 'user'; content: string }[] {
  return [
    { role: 'system', content: ANALYSIS_SYSTEM_PROMPT },
    { role: 'user', content: prompt },
  ];
}
