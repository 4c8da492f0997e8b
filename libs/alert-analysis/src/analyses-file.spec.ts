import { afterEach, describe, expect, it } from '@jest/globals';
import { AlertAnalysisRecord } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { analysesFile, appendAnalysis, findAnalysis, readAnalyses } from './analyses-file.js';

let base: Awaited<ReturnType<typeof tempDir>> | undefined;
afterEach(async () => base?.remove());

const AT = '2026-11-25T12:00:00.000Z';
// Every record with a one-digit n is the same length as a line (checked below).
const analysis = (n: number): AlertAnalysisRecord => ({
  analysis_id: `an-${n}`, status: 'complete', alerts: [], model: 'served-7b', base_url: 'http://127.0.0.1:8000',
  messages: [{ role: 'user', content: `prompt ${n}` }], prompt: `prompt ${n}`, answer: 'roll back', error: null, attempt: 1,
  timings: { first_alert_at: AT, started_at: AT, first_token_ms: 5, total_ms: 10 }, tokens: 2,
});
const LINE_BYTES = 366;

describe('hostile input: growth of alert_analyses.jsonl (rotated)', () => {
  it('rotates by size and still finds an analysis that moved to the rotated copy', async () => {
    base = await tempDir('analyses-rotate');
    const statusDir = path.join(base.dir, 'status');
    expect(Buffer.byteLength(JSON.stringify(AlertAnalysisRecord.parse(analysis(1))) + '\n')).toBe(LINE_BYTES);
    // Two lines fit exactly; one copy kept: rotations before an-3 and an-5, the second dropping an-1 and an-2.
    const rotation = { maxBytes: 2 * LINE_BYTES, rotatedFiles: 1 };
    for (let n = 1; n <= 5; n += 1) await appendAnalysis(statusDir, analysis(n), rotation);
    expect((await readdir(statusDir)).sort()).toEqual(['alert_analyses.jsonl', 'alert_analyses.jsonl.1']);
    const ids = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).analysis_id);
    expect(await ids(`${analysesFile(statusDir)}.1`)).toEqual(['an-3', 'an-4']);
    expect(await ids(analysesFile(statusDir))).toEqual(['an-5']);

    expect((await findAnalysis(statusDir, 'an-3', rotation))?.prompt).toBe('prompt 3');
    expect(await findAnalysis(statusDir, 'an-1', rotation)).toBeNull();
    const { analyses, problems } = await readAnalyses(statusDir, rotation);
    expect(analyses.map((a) => a.analysis_id)).toEqual(['an-5', 'an-4', 'an-3']);
    expect(problems).toEqual([]);
  });
});
