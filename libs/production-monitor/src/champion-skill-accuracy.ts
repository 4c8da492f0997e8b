import { ChampionStatus, EvaluationResult } from '@flywheel/contracts';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The champion's offline accuracy per skill, from its newest evaluation. */
export interface ChampionSkillAccuracy {
  champion: string | null;
  /** skill → correct / examples of that skill. */
  bySkill: Record<string, { accuracy: number; examples: number }>;
  /** Why there are no figures (no champion, no evaluation), for the brief's basis. */
  missing: string | null;
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** Per-skill accuracy of an evaluation's records. */
export function accuracyBySkill(result: Pick<EvaluationResult, 'records'>): ChampionSkillAccuracy['bySkill'] {
  const counts: Record<string, { correct: number; examples: number }> = {};
  for (const record of result.records) {
    const c = (counts[record.skill] ??= { correct: 0, examples: 0 });
    c.examples += 1;
    if (record.correct) c.correct += 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([skill, c]) => [skill, { accuracy: c.correct / c.examples, examples: c.examples }]));
}

/**
 * Reads `status/champion.json` and the champion's newest evaluation under `status/evals/<champion>/`.
 * Never throws: what is missing is said in `missing`.
 */
export async function readChampionSkillAccuracy(statusDir: string): Promise<ChampionSkillAccuracy> {
  const status = ChampionStatus.safeParse(parseJson(await readFile(path.join(statusDir, 'champion.json'), 'utf8').catch(() => 'null')));
  const champion = status.success ? status.data.champion : null;
  if (!champion) return { champion: null, bySkill: {}, missing: 'no champion (status/champion.json absent or naming none)' };
  const dir = path.join(statusDir, 'evals', champion);
  // The name comes from a status file: keep the path inside the evals folder.
  if (champion.includes('/') || path.relative(path.join(statusDir, 'evals'), dir).startsWith('..')) return { champion, bySkill: {}, missing: `champion name "${champion}" is not a folder name` };
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
  let newest: EvaluationResult | null = null;
  for (const name of names) {
    const parsed = EvaluationResult.safeParse(parseJson(await readFile(path.join(dir, name), 'utf8').catch(() => 'null')));
    if (parsed.success && (!newest || parsed.data.evaluatedAt > newest.evaluatedAt)) newest = parsed.data;
  }
  if (!newest) return { champion, bySkill: {}, missing: `no evaluation of the champion ${champion} in status/evals/${champion}/` };
  return { champion, bySkill: accuracyBySkill(newest), missing: null };
}
