import type { Difficulty, EvalRecord, Example } from '@flywheel/contracts';
import { loadExampleSet } from '@flywheel/evaluation';
import path from 'node:path';

/** One inference preview in `/api/previews`. `prompt`/`golden` are null when the example is no longer in the set. */
export interface Preview {
  id: string;
  prompt: string | null;
  golden: string | null;
  output: string;
  correct: boolean;
  difficulty: Difficulty;
  skill: string;
  think: { present: boolean; closed: boolean; length: number };
}

/** What a person would read as the prompt: the plain prompt, or the last user message of a chat example. */
export function promptText(example: Example): string {
  if (example.prompt !== undefined) return example.prompt;
  const users = (example.messages ?? []).filter((m) => m.role === 'user');
  return (users.at(-1) ?? example.messages!.at(-1)!).content;
}

/**
 * The first `count` records (in the evaluation's order, i.e. the example set's), of one
 * difficulty when given, with the prompt and golden answer looked up in `examples` by id.
 */
export function previewsOf(
  records: readonly EvalRecord[],
  examples: ReadonlyMap<string, Example>,
  count: number,
  difficulty?: Difficulty,
): Preview[] {
  return records
    .filter((r) => difficulty === undefined || r.difficulty === difficulty)
    .slice(0, count)
    .map((r) => {
      const example = examples.get(r.exampleId);
      return {
        id: r.exampleId,
        prompt: example ? promptText(example) : null,
        golden: example ? example.golden : null,
        output: r.prediction,
        correct: r.correct,
        difficulty: r.difficulty,
        skill: r.skill,
        think: { present: r.think.present, closed: r.think.closed, length: r.think.length },
      };
    });
}

/** The example set `<dataDir>/<name>/` by id; empty when it cannot be read (previews then show outputs only). */
export async function examplesById(dataDir: string | undefined, name: string): Promise<Map<string, Example>> {
  if (!dataDir) return new Map();
  try {
    const set = await loadExampleSet(path.join(dataDir, name), name);
    return new Map(set.examples.map((e) => [e.id, e]));
  } catch {
    return new Map();
  }
}
