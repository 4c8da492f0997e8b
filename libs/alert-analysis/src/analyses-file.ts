import { AlertAnalysisRecord } from '@flywheel/contracts';
import { appendJsonLine, readJsonLines, type LineProblem } from '@flywheel/feedback';
import path from 'node:path';

/** `<statusDir>/alert_analyses.jsonl`: one line per finished try of an analysis, append-only. */
export const analysesFile = (statusDir: string): string => path.join(statusDir, 'alert_analyses.jsonl');

/** Appends a record, synced to disk before it resolves. */
export async function appendAnalysis(statusDir: string, record: AlertAnalysisRecord): Promise<void> {
  await appendJsonLine(analysesFile(statusDir), AlertAnalysisRecord.parse(record));
}

/**
 * The analyses, newest first, each as its last try (a retried analysis that completed shows
 * complete), and the lines that are not records (by file and line).
 */
export async function readAnalyses(statusDir: string): Promise<{ analyses: AlertAnalysisRecord[]; problems: LineProblem[] }> {
  const { values, problems } = await readJsonLines(analysesFile(statusDir), AlertAnalysisRecord);
  const last = new Map<string, number>();
  values.forEach((record, index) => last.set(record.analysis_id, index));
  const analyses = values.filter((record, index) => last.get(record.analysis_id) === index).reverse();
  return { analyses, problems };
}

/** The last record of an analysis, or null. */
export async function findAnalysis(statusDir: string, analysisId: string): Promise<AlertAnalysisRecord | null> {
  const { analyses } = await readAnalyses(statusDir);
  return analyses.find((a) => a.analysis_id === analysisId) ?? null;
}
