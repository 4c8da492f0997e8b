import type { TrainingLine } from '@flywheel/contracts';
import { redactPiiDeep } from '@flywheel/response-safety';
import { verifyGolden } from '../verify/verify-golden.js';
import type { ContaminationIndex } from './contamination.js';

/** What every line entering `queue/` passes: redaction, the held-out split's contamination check, the golden check. */
export interface AdmissionGuard {
  index: ContaminationIndex;
  /** `safety.redact`: personal data and secrets replaced by `[REDACTED:<kind>]`, as in the exports. */
  redact: boolean;
}

/**
 * Why a line was refused. `contamination_check_unavailable` is not `contaminated`: the held-out
 * split was too large to index, so nobody knows whether the line overlaps it; it is refused
 * all the same (an unchecked line may be a held-out one), but counted apart so that a user can
 * tell "overlaps the held-out split" from "could not check" and shrink `data/validation`.
 */
export type RefusalKind = 'contaminated' | 'contamination_check_unavailable' | 'golden_wrong' | 'unverified';
export type Admission =
  | { admitted: true; line: TrainingLine; redacted: boolean }
  | { admitted: false; line: TrainingLine; kind: RefusalKind; reason: string };

/** Sources whose golden nobody vouches for but a checker: generators, the miner, models. */
export const isGenerated = (source: unknown) => typeof source === 'string' && /^(procedural|llm|adversarial|template)/.test(source);

/** The question of a line (its user turns) and its golden (a `golden` key, else the last answer). */
export function questionAndGolden(line: TrainingLine): { question: string; lastQuestion: string; golden: string } {
  const users = line.messages.filter((m) => m.role === 'user').map((m) => m.content);
  const golden = typeof (line as Record<string, unknown>)['golden'] === 'string' ? ((line as Record<string, unknown>)['golden'] as string) : line.messages.at(-1)!.content;
  return { question: users.join('\n'), lastQuestion: users.at(-1) ?? '', golden };
}

/**
 * One line's admission. Redacted first (so what is checked is what is written); refused when
 * its question shares a run with a held-out question, when a checker finds its golden wrong,
 * or when it was generated and no checker can confirm its golden. A user's line (a pool, a
 * rating's correction) that no checker understands is admitted: it is the user's answer.
 */
export function admitLine(line: TrainingLine, guard: AdmissionGuard): Admission {
  const out = guard.redact ? redactPiiDeep(line) : line;
  const redacted = guard.redact && JSON.stringify(out) !== JSON.stringify(line);
  const { question, lastQuestion, golden } = questionAndGolden(out);
  if (guard.index.overflow) return { admitted: false, line: out, kind: 'contamination_check_unavailable', reason: guard.index.overflow };
  const dirty = guard.index.check(question);
  if (dirty) {
    return { admitted: false, line: out, kind: 'contaminated', reason: `shares "${dirty.run}" with held-out example ${dirty.heldOutId} (${guard.index.n}-gram check)` };
  }
  const verdict = verifyGolden({ prompt: lastQuestion, golden });
  if (verdict.status === 'wrong') return { admitted: false, line: out, kind: 'golden_wrong', reason: `${verdict.checker} checker: ${verdict.reason}` };
  if (verdict.status === 'unverifiable' && isGenerated((out as Record<string, unknown>)['source'])) {
    return { admitted: false, line: out, kind: 'unverified', reason: `generated, and no checker can confirm its golden: ${verdict.reason}` };
  }
  return { admitted: true, line: out, redacted };
}

/** Counts of a pass's admissions, for the status files. */
export interface AdmissionCounts {
  checked: number;
  admitted: number;
  redacted: number;
  refused: Record<RefusalKind, number>;
  /** Refusals of generated lines per checker reason ("no_checker", "multiple_choice_unsolved", …). */
  unverified_reasons: Record<string, number>;
}

export const emptyCounts = (): AdmissionCounts => ({ checked: 0, admitted: 0, redacted: 0, refused: { contaminated: 0, contamination_check_unavailable: 0, golden_wrong: 0, unverified: 0 }, unverified_reasons: {} });

export function countAdmission(counts: AdmissionCounts, a: Admission): AdmissionCounts {
  counts.checked++;
  if (a.admitted) {
    counts.admitted++;
    if (a.redacted) counts.redacted++;
  } else {
    counts.refused[a.kind]++;
    if (a.kind === 'unverified') {
      const reason = /: ([a-z_]+)$/.exec(a.reason)?.[1] ?? 'unknown';
      counts.unverified_reasons[reason] = (counts.unverified_reasons[reason] ?? 0) + 1;
    }
  }
  return counts;
}
