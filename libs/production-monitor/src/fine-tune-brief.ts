import type { BriefExample, FineTuneBrief, SkillGap } from '@flywheel/contracts';
import type { ChampionSkillAccuracy } from './champion-skill-accuracy.js';
import type { RatingSample, RequestSample } from './samples.js';
import { skillKey } from './window-metrics.js';

/** A rated-bad answer with the user's correction, as the monitor keeps it (texts cut to `BRIEF_TEXT_CHARS`, not yet redacted). */
export interface CorrectionExample {
  requestId: string;
  atMs: number;
  skill: string | null;
  prompt: string;
  answer: string;
  correction: string;
}

export const BRIEF_TEXT_CHARS = 300;
export const EXAMPLES_PER_SKILL = 3;
/** Corrections the monitor keeps for briefs (newest). */
export const MAX_KEPT_CORRECTIONS = 50;

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fmt = (v: number) => String(round(v));

export interface BriefInput {
  weakSkills: readonly string[];
  /** The window's requests and ratings. */
  requests: readonly RequestSample[];
  ratings: readonly RatingSample[];
  /** Newest last. */
  corrections: readonly CorrectionExample[];
  champion: ChampionSkillAccuracy;
  /** PII redaction: always applied, whatever `safety.redact` says, since the brief reaches training data. */
  redact: (text: string) => string;
}

function skillGap(skill: string, input: BriefInput): SkillGap {
  const requests = input.requests.filter((r) => skillKey(r.skill) === skill);
  const judged = requests.filter((r) => r.judged).map((r) => r.judged!.accuracy);
  const ratings = input.ratings.filter((r) => skillKey(r.skill) === skill);
  const live = judged.length ? { value: mean(judged), source: 'judge' as const, samples: judged.length }
    : ratings.length ? { value: ratings.filter((r) => r.good).length / ratings.length, source: 'ratings' as const, samples: ratings.length }
    : { value: null, source: null, samples: 0 };
  const champion = input.champion.bySkill[skill] ?? null;
  return {
    skill,
    traffic_share: input.requests.length ? round(requests.length / input.requests.length) : 0,
    live_accuracy: live.value === null ? null : round(live.value),
    live_source: live.source,
    live_samples: live.samples,
    champion_accuracy: champion ? round(champion.accuracy) : null,
    champion_examples: champion?.examples ?? 0,
    gap_points: champion && live.value !== null ? round((champion.accuracy - live.value) * 100) : null,
  };
}

/**
 * The estimate: the champion's offline accuracy minus the live accuracy on each weak skill, in
 * points, a negative gap counted as 0 (training cannot be expected to make it worse), averaged
 * with the skills' traffic shares as weights (equal weights when none has traffic).
 */
function estimate(gaps: readonly SkillGap[], champion: ChampionSkillAccuracy): FineTuneBrief['estimate'] {
  const measured = gaps.filter((g) => g.gap_points !== null);
  if (measured.length === 0) {
    const why = champion.missing ?? `the champion ${champion.champion} has no evaluated examples of ${gaps.map((g) => g.skill).join(', ') || 'the weak skills'}, or they have no live accuracy`;
    return { champion: champion.champion, points: null, basis: `no estimate: ${why}`, skills: [...gaps] };
  }
  const total = measured.reduce((a, g) => a + g.traffic_share, 0);
  const weight = (g: SkillGap) => (total > 0 ? g.traffic_share / total : 1 / measured.length);
  const points = round(measured.reduce((a, g) => a + weight(g) * Math.max(0, g.gap_points!), 0));
  const terms = measured.map((g) => `${g.skill}: champion ${fmt(g.champion_accuracy!)} on ${g.champion_examples} examples vs live ${fmt(g.live_accuracy!)} (${g.live_source}, ${g.live_samples}) = ${fmt(g.gap_points!)} points, weight ${fmt(weight(g))}`);
  return {
    champion: champion.champion,
    points,
    basis: `accuracy gap to the champion ${champion.champion} on the weak skills (its offline accuracy minus the live one, below 0 counted as 0), weighted by traffic: ${terms.join('; ')} → ${fmt(points)} points`,
    skills: [...gaps],
  };
}

function generatorPrompt(gaps: readonly SkillGap[], examples: readonly BriefExample[], reasons: readonly string[]): string {
  const skills = gaps.map((g) => {
    const live = g.live_accuracy === null ? 'no live accuracy' : `live accuracy ${fmt(g.live_accuracy)} (${g.live_source})`;
    const champ = g.champion_accuracy === null ? '' : `, champion ${fmt(g.champion_accuracy)}`;
    return `${g.skill.replace(/_/g, ' ')} (${live}${champ})`;
  });
  const lines = [
    skills.length
      ? `Write new training questions for the skills the deployed model is weak at: ${skills.join('; ')}.`
      : 'No skill stands out as weak in the window: write new training questions across the skills the deployed model serves.',
  ];
  if (examples.length) {
    lines.push('Users corrected answers like these (question → wrong answer → correct answer):');
    for (const e of examples) lines.push(`- ${e.prompt.replace(/\s+/g, ' ')} → ${e.answer.replace(/\s+/g, ' ')} → ${e.correction.replace(/\s+/g, ' ')}`);
  }
  if (reasons.length) lines.push(`The judge's commonest reasons for low scores: ${reasons.join('; ')}.`);
  lines.push('Write questions of the same kinds, each with a single short, certainly correct answer.');
  return lines.join('\n');
}

/** The judge's commonest reasons on the weak skills' answers (most frequent first, ties alphabetical), at most 3. */
function commonReasons(requests: readonly RequestSample[], weak: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const reason = r.judged?.reason.trim();
    if (reason && weak.has(skillKey(r.skill))) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, 3).map(([reason]) => reason);
}

/** What the trigger asks to be trained (see `FineTuneBrief`). Deterministic: the same window gives the same brief. */
export function buildFineTuneBrief(input: BriefInput): FineTuneBrief {
  const weak = new Set(input.weakSkills);
  const gaps = input.weakSkills.map((skill) => skillGap(skill, input));
  const cut = (text: string) => input.redact(text).slice(0, BRIEF_TEXT_CHARS);
  const perSkill = new Map<string, number>();
  const examples: BriefExample[] = [];
  for (const c of [...input.corrections].reverse()) {
    const skill = skillKey(c.skill);
    if (!weak.has(skill) || (perSkill.get(skill) ?? 0) >= EXAMPLES_PER_SKILL) continue;
    perSkill.set(skill, (perSkill.get(skill) ?? 0) + 1);
    examples.push({ request_id: c.requestId, skill: c.skill, prompt: cut(c.prompt), answer: cut(c.answer), correction: cut(c.correction) });
  }
  return {
    weak_skills: [...input.weakSkills],
    examples,
    generator_prompt: generatorPrompt(gaps, examples, commonReasons(input.requests, weak).map((reason) => input.redact(reason))),
    estimate: estimate(gaps, input.champion),
  };
}
