import type { TrainingLine } from '@flywheel/contracts';
import { correctionsFile, queueCorrection } from '@flywheel/feedback';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

type HeldOutIndex = Awaited<ReturnType<(typeof import('@flywheel/training-data'))['loadHeldOutIndex']>>;
/** The last index built, with the identity (path, mtime, size of each file) of the split it came from. */
let cached: { identity: string; index: HeldOutIndex } | null = null;
/** How many times the index was built (tests read it). */
export const heldOutIndexBuilds = { count: 0 };

/** What identifies the held-out split on disk: each `*.jsonl` file's path, mtime and size. */
async function heldOutIdentity(validationDir: string): Promise<string> {
  const files = (await readdir(validationDir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl')).sort();
  const parts = await Promise.all(files.map(async (f) => {
    const s = await stat(path.join(validationDir, f)).catch(() => null);
    return `${path.join(validationDir, f)}:${s?.mtimeMs ?? 'gone'}:${s?.size ?? 0}`;
  }));
  return `${validationDir}|${parts.join('|')}`;
}

/** The held-out split's contamination index, rebuilt only when its files change. */
async function heldOutIndex(validationDir: string): Promise<HeldOutIndex> {
  const identity = await heldOutIdentity(validationDir);
  if (cached?.identity !== identity) {
    const { loadHeldOutIndex } = await import('@flywheel/training-data');
    heldOutIndexBuilds.count++;
    cached = { identity, index: await loadHeldOutIndex(validationDir) };
  }
  return cached.index;
}

/**
 * A rating's correction on its way into `queue/corrections/`, through the same admission as
 * every line of the queue (`@flywheel/training-data`): personal data and secrets redacted while
 * `safety.redact` is on, refused when its question is (or contains) a held-out question of
 * `<dataDir>/validation/` — a correction of a validation preview would train on the set that
 * gates promotion — or when a checker finds the correction wrong. A refused line is kept in
 * `queue/rejected/` with the reason. The lib is loaded at the first correction, not at start-up; the
 * held-out index is built once and rebuilt only when a file of the split changes (path, mtime, size).
 */
export async function admitCorrection(
  queueDir: string,
  dataDir: string | undefined,
  line: TrainingLine,
  at: Date,
  redact: boolean,
): Promise<{ file: string; refused: null } | { file: null; refused: string }> {
  const { admitLine, keepRefused } = await import('@flywheel/training-data');
  const index = await heldOutIndex(dataDir ? path.join(dataDir, 'validation') : '');
  const admission = admitLine(line, { index, redact });
  if (admission.admitted) return { file: await queueCorrection(queueDir, admission.line, at), refused: null };
  await keepRefused(path.join(queueDir, 'rejected'), correctionsFile(queueDir, at), [admission], at);
  return { file: null, refused: admission.reason };
}
