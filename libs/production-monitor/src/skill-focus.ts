import { SkillFocus, type FineTuneBrief, type MonitoringLevel } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';

/** File name of the skill focus in the run's status folder. */
export const SKILL_FOCUS_FILE = 'skill_focus.json';

/**
 * The share of generated data each skill should get: its share of the window's traffic, weak
 * skills multiplied by `boost`, normalised to sum to 1. A weak skill missing from the mix
 * counts as one request.
 */
export function skillFocusShares(mix: Record<string, number>, weak: readonly string[], boost: number): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const [skill, count] of Object.entries(mix)) weights[skill] = count;
  for (const skill of weak) weights[skill] = (weights[skill] || 1) * boost;
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const shares: Record<string, number> = {};
  for (const skill of Object.keys(weights).sort()) shares[skill] = total === 0 ? 0 : Math.round((weights[skill]! / total) * 1e6) / 1e6;
  return shares;
}

/** Writes `status/skill_focus.json` atomically, checked against its contract. Resolves to its path. */
export async function writeSkillFocus(
  statusDir: string,
  focus: { at: Date; level: MonitoringLevel; weak: readonly string[]; mix: Record<string, number>; boost: number; reason: string; brief?: FineTuneBrief },
): Promise<string> {
  const body = SkillFocus.parse({
    generated_at: focus.at.toISOString(),
    level: focus.level,
    weak_skills: [...focus.weak],
    shares: skillFocusShares(focus.mix, focus.weak, focus.boost),
    boost: focus.boost,
    reason: focus.reason,
    ...(focus.brief ? { brief: focus.brief } : {}),
  });
  const file = path.join(statusDir, SKILL_FOCUS_FILE);
  await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
