import type { TrainingFileScan } from '../scan-training-file.js';
import { questionAndGolden } from './admit-line.js';
import type { ContaminationIndex } from './contamination.js';

/**
 * Takes the lines of a queued file whose question overlaps the held-out split out of its
 * valid lines and into its rejected ones, with the reason, so `quarantineRejected` moves them
 * to `queue/rejected/` like a malformed line: a file dropped into `queue/normal/` by hand,
 * or written before the admission existed, cannot train on the held-out split either.
 * Returns how many were taken out.
 */
export function rejectContaminated(scan: TrainingFileScan, index: ContaminationIndex): number {
  const keep: TrainingFileScan['valid'] = [];
  let taken = 0;
  for (const v of scan.valid) {
    const dirty = index.check(questionAndGolden(v.value).question);
    if (!dirty) {
      keep.push(v);
      continue;
    }
    taken++;
    scan.rejected.push({
      file: scan.file, line: v.line, raw: v.text, encoding: 'utf8',
      reason: `held-out contamination: shares "${dirty.run}" with held-out example ${dirty.heldOutId} (${index.n}-gram check)`,
    });
  }
  scan.valid = keep;
  scan.rejected.sort((a, b) => a.line - b.line);
  return taken;
}
