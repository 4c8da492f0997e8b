import type { TrainingLine } from '@flywheel/contracts';
import { correctionsFile, queueCorrection } from '@flywheel/feedback';
import path from 'node:path';

/**
 * A rating's correction on its way into `queue/corrections/`, through the same admission as
 * every line of the queue (`@flywheel/training-data`): personal data and secrets redacted while
 * `safety.redact` is on, refused when its question is (or contains) a held-out question of
 * `<dataDir>/validation/` — a correction of a validation preview would train on the set that
 * gates promotion — or when a checker finds the correction wrong. A refused line is kept in
 * `queue/rejected/` with the reason. The lib is loaded at the first correction, not at start-up.
 */
export async function admitCorrection(
  queueDir: string,
  dataDir: string | undefined,
  line: TrainingLine,
  at: Date,
  redact: boolean,
): Promise<{ file: string; refused: null } | { file: null; refused: string }> {
  const { admitLine, keepRefused, loadHeldOutIndex } = await import('@flywheel/training-data');
  const index = await loadHeldOutIndex(dataDir ? path.join(dataDir, 'validation') : '');
  const admission = admitLine(line, { index, redact });
  if (admission.admitted) return { file: await queueCorrection(queueDir, admission.line, at), refused: null };
  await keepRefused(path.join(queueDir, 'rejected'), correctionsFile(queueDir, at), [admission], at);
  return { file: null, refused: admission.reason };
}
