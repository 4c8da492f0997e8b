/**
 * The skill tag a caller gives (`x-flywheel-skill` or `metadata.skill`) becomes a key of the
 * monitor's `by_skill`, a weak skill in `skill_focus.json` and a `{skills}` argument of the
 * fine-tune command: so only well-formed names in a bounded number pass, the rest are `other`.
 */

/** A skill name: lower-case letters, digits and `_`, starting with a letter, at most 40 characters (never an option such as `-rf`). */
export const SKILL_NAME = /^[a-z][a-z0-9_]{0,39}$/;
/** The tag of a request whose skill is not accepted. */
export const OTHER_SKILL = 'other';

export interface SkillTagOptions {
  /** The only names accepted; empty: any well-formed name, up to `maxDistinct` of them. */
  allowed: readonly string[];
  /** Most distinct names this gateway accepts (a client inventing a new name per request gets `other`). */
  maxDistinct: number;
}

/** The tag to record for a caller's raw skill value: the name, `other`, or null when none was given. */
export function createSkillTagger(options: SkillTagOptions): (raw: string | null) => string | null {
  const allowed = new Set(options.allowed);
  const seen = new Set<string>();
  return (raw) => {
    if (raw === null) return null;
    const name = raw.trim();
    if (!SKILL_NAME.test(name)) return OTHER_SKILL;
    if (allowed.size > 0) return allowed.has(name) ? name : OTHER_SKILL;
    if (seen.has(name)) return name;
    if (seen.size >= options.maxDistinct) return OTHER_SKILL;
    seen.add(name);
    return name;
  };
}
