import { EvaluationResult } from '@flywheel/contracts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A pruned checkpoint's evaluation as the evaluator's cache keeps it
 * (`<evalsDir>/<checkpoint>/<key>.json`): the one on the same example set, with the same
 * example-set fingerprint and generation params as `like` (so its records are of the same suite,
 * answered the same way), or null. The checkpoint itself is gone, so nothing can be re-run; an
 * unreadable or mismatched file is skipped, never guessed from.
 */
export async function evaluationOnRecord(evalsDir: string, checkpoint: string, like: EvaluationResult): Promise<EvaluationResult | null> {
  const dir = path.join(evalsDir, checkpoint);
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    const text = await readFile(path.join(dir, file), 'utf8').catch(() => null);
    if (text === null) continue;
    let parsed: ReturnType<typeof EvaluationResult.safeParse>;
    try {
      parsed = EvaluationResult.safeParse(JSON.parse(text));
    } catch {
      continue;
    }
    if (!parsed.success) continue;
    const result = parsed.data;
    if (
      result.checkpoint === checkpoint &&
      result.exampleSet === like.exampleSet &&
      result.exampleSetId === like.exampleSetId &&
      JSON.stringify(result.params) === JSON.stringify(like.params)
    ) {
      return result;
    }
  }
  return null;
}
