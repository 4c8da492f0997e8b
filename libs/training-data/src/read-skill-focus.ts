import { SkillFocus } from '@flywheel/contracts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What `status/skill_focus.json` says for data generation right now: a focus in force, or
 * none and why (absent, stale, naming no weak skill, or malformed, which deserves a warning).
 */
export type SkillFocusReading =
  | { state: 'in_force'; file: string; focus: SkillFocus; ageHours: number }
  | { state: 'absent' | 'stale' | 'empty' | 'malformed'; file: string; focus: null; reason: string };

/**
 * Reads production-monitor's skill focus from `statusDir`, checked against its contract. A
 * file older than `maxAgeHours` is stale: the monitor writes it only when its fine-tune trigger
 * fires, so an old one describes traffic that may have moved on. Never throws: a broken file
 * must not stop the queue from being stocked.
 */
export async function readSkillFocus(statusDir: string, now: Date, maxAgeHours: number): Promise<SkillFocusReading> {
  const file = path.join(statusDir, 'skill_focus.json');
  const none = (state: 'absent' | 'stale' | 'empty' | 'malformed', reason: string): SkillFocusReading => ({ state, file, focus: null, reason });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return none('absent', `${file} does not exist`);
    return none('malformed', `${file}: cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return none('malformed', `${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = SkillFocus.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `field "${issue.path.length ? issue.path.join('.') : '(root)'}": ${issue.message}`);
    return none('malformed', `${file}: ${problems.join('; ')}`);
  }
  const focus = parsed.data;
  const ageHours = (now.getTime() - Date.parse(focus.generated_at)) / 3_600_000;
  if (ageHours > maxAgeHours) {
    return none('stale', `${file} was written at ${focus.generated_at}, ${ageHours.toFixed(1)} h ago, more than generation.focusMaxAgeHours (${maxAgeHours} h)`);
  }
  if (focus.weak_skills.length === 0) return none('empty', `${file} names no weak skill`);
  return { state: 'in_force', file, focus, ageHours };
}
