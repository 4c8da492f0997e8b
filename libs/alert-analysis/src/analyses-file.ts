import { ALERT_ANALYSES_LOG, AlertAnalysisRecord } from '@flywheel/contracts';
import { appendJsonLine, readJsonLines, type LineProblem } from '@flywheel/feedback';
import { DEFAULT_JSONL_ROTATION, type Rotation } from '@flywheel/status-store';
import path from 'node:path';

/**
 * `<statusDir>/alert_analyses.jsonl`: one line per finished try of an analysis, append-only,
 * rotated by size (`retention.jsonl*`); readers look in the rotated copies too.
 */
export const analysesFile = (statusDir: string): string => path.join(statusDir, ALERT_ANALYSES_LOG);

/** Appends a record, synced to disk before it resolves, rotating the file first when it is full. */
export async function appendAnalysis(statusDir: string, record: AlertAnalysisRecord, rotation: Rotation = DEFAULT_JSONL_ROTATION): Promise<void> {
  await appendJsonLine(analysesFile(statusDir), AlertAnalysisRecord.parse(record), { rotation });
}

/**
 * The analyses, newest first, each as its last try (a retried analysis that completed shows
 * complete), and the lines that are not records (by file and line).
 */
export async function readAnalyses(statusDir: string, rotation: Rotation = DEFAULT_JSONL_ROTATION): Promise<{ analyses: AlertAnalysisRecord[]; problems: LineProblem[] }> {
  const { values, problems } = await readJsonLines(analysesFile(statusDir), AlertAnalysisRecord, rotation);
  const last = new Map<string, number>();
  values.forEach((record, index) => last.set(record.analysis_id, index));
  const analyses = values.filter((record, index) => last.get(record.analysis_id) === index).reverse();
  return { analyses, problems };
}

/** The last record of an analysis, or null: looked for in the rotated copies too, so a rotation does not hide it. */
export async function findAnalysis(statusDir: string, analysisId: string, rotation: Rotation = DEFAULT_JSONL_ROTATION): Promise<AlertAnalysisRecord | null> {
  const { analyses } = await readAnalyses(statusDir, rotation);
  return analyses.find((a) => a.analysis_id === analysisId) ?? null;
}
