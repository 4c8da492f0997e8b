import { FeedbackExportLine, type FeedbackRecord } from '@flywheel/contracts';
import { ratingsInForce } from './ratings-store.js';

export interface ExportFilter {
  rating?: 'good' | 'bad';
  /** Only ratings given at or after this time. */
  since?: Date;
}

/**
 * Seed 002's export: for a bad rating the correction is the completion and the model's answer
 * `original_completion`; for a good one the answer is the completion; a rating's `dimensions` are kept. Bad ratings without a
 * correction are left out (nothing to learn from). One line per request: re-rating replaces.
 */
export function exportLines(records: readonly FeedbackRecord[], filter: ExportFilter = {}): FeedbackExportLine[] {
  const since = filter.since?.getTime();
  return ratingsInForce(records)
    .ratings.filter((r) => (filter.rating === undefined || r.rating === filter.rating) && (since === undefined || Date.parse(r.at) >= since))
    .flatMap((r): FeedbackExportLine[] => {
      // Seed 003's dimensions ride along, so a trainer can weight or filter by them.
      const dimensions = r.dimensions ? { dimensions: r.dimensions } : {};
      if (r.rating === 'good') return [{ prompt: r.prompt, completion: r.original_completion, rating: 'good', ...dimensions }];
      if (r.correction === undefined) return [];
      return [{ prompt: r.prompt, completion: r.correction, original_completion: r.original_completion, rating: 'bad', ...dimensions }];
    })
    .map((line) => FeedbackExportLine.parse(line));
}

/** JSON Lines text (`application/x-ndjson`): one line each, newline-terminated; empty for none. */
export const toJsonLines = (lines: readonly unknown[]): string => lines.map((line) => JSON.stringify(line) + '\n').join('');
