import { checkpointStep } from '@flywheel/checkpoints';
import { ChampionStatus, EvaluationResult } from '@flywheel/contracts';
import { accuracyBySkill } from '@flywheel/production-monitor';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

// Seed 000's "retention" (Knowledge integration): how much of what earlier checkpoints knew the
// served champion still knows. Per skill, the champion's offline accuracy against the best
// accuracy any earlier checkpoint (lower step) reached on that skill, on the same examples
// (same example set fingerprint); forgetting is the drop from that best.

/** One skill's retention. */
export interface SkillRetention {
  skill: string;
  /** The champion's accuracy on the skill's examples. */
  current: number;
  /** The best accuracy an earlier checkpoint reached on them, and which one. */
  best: number;
  best_checkpoint: string;
  examples: number;
  /** min(1, current / best). */
  retention: number;
}

export interface KnowledgeRetention {
  champion: string | null;
  /** Earlier checkpoints evaluated on the champion's examples. */
  compared: string[];
  /** Mean of the skills' retention; null when nothing could be compared. */
  retention: number | null;
  skills: SkillRetention[];
  /** Why there is no figure; null when there is one. */
  missing: string | null;
}

/** A checkpoint's evaluation, as far as retention needs it. */
export interface CheckpointEvaluation {
  checkpoint: string;
  step: number;
  exampleSetId: string;
  evaluatedAt: string;
  bySkill: Record<string, { accuracy: number; examples: number }>;
}

/**
 * Retention of `champion` from the evaluations (the newest per checkpoint on one example set):
 * per skill that an earlier checkpoint got at least partly right, min(1, champion / best earlier);
 * overall, the mean over those skills. A skill no earlier checkpoint got right has nothing to
 * forget and is left out. The best is a maximum over noisy accuracies, so with many earlier
 * checkpoints the figure reads somewhat low by chance; the basis lists each skill's numbers.
 */
export function knowledgeRetention(champion: string | null, evaluations: readonly CheckpointEvaluation[]): KnowledgeRetention {
  const none = (missing: string, compared: string[] = []): KnowledgeRetention => ({ champion, compared, retention: null, skills: [], missing });
  if (!champion) return none('no champion (status/champion.json absent or naming none)');
  const own = evaluations.filter((e) => e.checkpoint === champion).sort((a, b) => b.evaluatedAt.localeCompare(a.evaluatedAt))[0];
  if (!own) return none(`no evaluation of the champion ${champion} in status/evals/${champion}/`);
  const earlier = evaluations.filter((e) => e.step < own.step && e.exampleSetId === own.exampleSetId);
  const compared = [...new Set(earlier.map((e) => e.checkpoint))];
  if (earlier.length === 0) return none(`no checkpoint before ${champion} was evaluated on the same examples`);
  const skills: SkillRetention[] = [];
  for (const [skill, mine] of Object.entries(own.bySkill).sort(([a], [b]) => a.localeCompare(b))) {
    let best: { accuracy: number; checkpoint: string } | null = null;
    for (const e of earlier) {
      const theirs = e.bySkill[skill];
      if (theirs && (!best || theirs.accuracy > best.accuracy)) best = { accuracy: theirs.accuracy, checkpoint: e.checkpoint };
    }
    if (!best || best.accuracy === 0) continue;
    skills.push({ skill, current: mine.accuracy, best: best.accuracy, best_checkpoint: best.checkpoint, examples: mine.examples, retention: Math.min(1, mine.accuracy / best.accuracy) });
  }
  if (skills.length === 0) return none(`no skill of ${champion}'s examples was answered right by an earlier checkpoint`, compared);
  return { champion, compared, retention: skills.reduce((s, k) => s + k.retention, 0) / skills.length, skills, missing: null };
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/**
 * Reads `status/champion.json` and, for every `checkpoint-<step>` folder of `status/evals/`, its
 * newest evaluation on the champion's example set (by `evaluatedAt`). Never throws: what is
 * missing is said in `missing`.
 */
export async function readKnowledgeRetention(statusDir: string): Promise<KnowledgeRetention> {
  const status = ChampionStatus.safeParse(parseJson(await readFile(path.join(statusDir, 'champion.json'), 'utf8').catch(() => 'null')));
  const champion = status.success ? status.data.champion : null;
  const evalsDir = path.join(statusDir, 'evals');
  const folders = (await readdir(evalsDir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && checkpointStep(d.name) !== null);
  const newest = new Map<string, EvaluationResult>();
  for (const folder of folders) {
    for (const name of (await readdir(path.join(evalsDir, folder.name)).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))) {
      const parsed = EvaluationResult.safeParse(parseJson(await readFile(path.join(evalsDir, folder.name, name), 'utf8').catch(() => 'null')));
      if (!parsed.success || parsed.data.checkpoint !== folder.name) continue;
      const key = `${folder.name}\u0000${parsed.data.exampleSetId}`;
      const kept = newest.get(key);
      if (!kept || parsed.data.evaluatedAt > kept.evaluatedAt) newest.set(key, parsed.data);
    }
  }
  const evaluations = [...newest.values()].map((r) => ({ checkpoint: r.checkpoint, step: checkpointStep(r.checkpoint)!, exampleSetId: r.exampleSetId, evaluatedAt: r.evaluatedAt, bySkill: accuracyBySkill(r) }));
  return knowledgeRetention(champion, evaluations);
}
