import type { EvalRecord, EvaluationSummary } from '@flywheel/contracts';

/**
 * Totals over records. Accuracy is correct / examples. Confidence is the plain mean of the
 * per-example confidences. Golden loss is token-weighted (Σ nll / Σ tokens), which is what a
 * Trainer's eval_loss means, so the two sources are comparable in kind. A figure that no
 * record could measure is null, with the first reason the backend gave.
 */
export function summarizeRecords(records: readonly EvalRecord[], skippedLines: number, cachedRecords: number): EvaluationSummary {
  const unsupported: Record<string, string> = {};
  const correct = records.filter((r) => r.correct).length;
  const confidences: number[] = [];
  let nll = 0;
  let tokens = 0;
  for (const record of records) {
    if (typeof record.confidence === 'number') confidences.push(record.confidence);
    else unsupported['meanConfidence'] ??= record.confidence.unsupported;
    if ('nll' in record.golden) {
      nll += record.golden.nll;
      tokens += record.golden.tokens;
    } else {
      unsupported['goldenLoss'] ??= record.golden.unsupported;
    }
  }
  // A figure measured on some records but not others is still reported, over the ones measured.
  if (confidences.length > 0) delete unsupported['meanConfidence'];
  if (tokens > 0) delete unsupported['goldenLoss'];
  return {
    examples: records.length,
    correct,
    accuracy: records.length > 0 ? correct / records.length : null,
    meanConfidence: confidences.length > 0 ? confidences.reduce((a, b) => a + b, 0) / confidences.length : null,
    goldenLoss: tokens > 0 ? nll / tokens : null,
    goldenTokens: tokens,
    unsupported,
    skippedLines,
    cachedRecords,
  };
}
