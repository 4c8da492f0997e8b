import { checkpointStep } from '@flywheel/checkpoints';
/** The promotion test as model-comparison wrote it (model_comparisons.json's `promotion`). */
export interface PromotionEvidence {
  champion: string | null;
  challenger: string | null;
  pass: boolean;
  reason: string;
  test?: string;
  challenger_score?: number;
  [key: string]: unknown;
}

/** What the gates read: the status files as the daemons wrote them (loose: old files may lack keys). */
export interface GateInputs {
  comparison: {
    best_checkpoint?: string | null;
    rankings?: { checkpoint: string; score: number; score_interval?: [number | null, number | null] }[];
    promotion?: PromotionEvidence | null;
  } | null;
  testing: { checkpoint?: string | null; regression_detected?: boolean; evidence?: { reason?: string } } | null;
  regression: { checkpoint?: string | null; regression_detected?: boolean; evidence?: { reason?: string } } | null;
  /** champion.json as written; null when it does not exist. */
  champion: { champion?: string | null; rejected?: string[] } | null;
  deployed: string | null;
  /** Whether the candidate is complete on disk (trainer_state, weights, nothing in flight). */
  complete(checkpoint: string): Promise<{ complete: boolean; reason?: string }>;
}

/** One gate, passed or not: what it tested, with what numbers, and why it decided so. */
export interface GateCheck {
  gate: string;
  pass: boolean;
  /** The test or rule applied. */
  test: string;
  detail: string;
  /** The numbers behind the call, when there are any (for `better`: the whole promotion test). */
  evidence?: unknown;
}

export interface GateResult {
  candidate: string | null;
  pass: boolean;
  /** One line per gate, passed or not. */
  checks: GateCheck[];
  score: number | null;
  /** The champion the candidate had to beat (null: none yet). */
  champion: string | null;
  /** How the candidate becomes champion if deployed: `first` (nothing to beat yet) or `promoted`. */
  becomes: 'first' | 'promoted' | null;
}

/**
 * Whether model-comparison's best checkpoint should replace the champion and be deployed: it is
 * not what serves, no daemon flagged a regression on it, it won the paired promotion test
 * against the champion (model_comparisons.json's `promotion`, on the same examples), and it is
 * complete on disk. The `better` gate fails closed: a champion without a test against it, a
 * test against another champion or of another checkpoint, or something deployed without a
 * champion record, all refuse, saying which. Only a run with no champion and nothing deployed
 * lets the first checkpoint through untested. Every gate is reported.
 */
export async function deployGates(input: GateInputs): Promise<GateResult> {
  const champion = input.champion?.champion ?? null;
  const rejected = input.champion?.rejected ?? [];
  // The best checkpoint, unless a rollback rejected it: then the one model-comparison tested instead.
  const tested = input.comparison?.promotion?.challenger ?? null;
  const best = input.comparison?.best_checkpoint ?? null;
  const candidate = best && rejected.includes(best) && tested ? tested : best;
  const checks: GateCheck[] = [];
  if (!candidate) {
    return {
      candidate, pass: false, score: null, champion, becomes: null,
      checks: [{ gate: 'ranked', pass: false, test: 'model_comparisons.json names a best checkpoint', detail: 'no best checkpoint in model_comparisons.json yet' }],
    };
  }
  // The name becomes a path (`rm -rf …/<name>` when staging) and the server command's {name}:
  // only a checkpoint folder name (`checkpoint-<step>`) goes on, whatever a status file says.
  if (checkpointStep(candidate) === null) {
    return {
      candidate: null, pass: false, score: null, champion, becomes: null,
      checks: [{ gate: 'name', pass: false, test: 'the candidate is a checkpoint folder name (checkpoint-<step>)', detail: `model_comparisons.json names ${JSON.stringify(candidate)}, which is not a checkpoint name: refused` }],
    };
  }
  const rows = input.comparison?.rankings ?? [];
  const row = rows.find((r) => r.checkpoint === candidate);
  checks.push({
    gate: 'new', pass: candidate !== input.deployed, test: 'the candidate is not what serves',
    detail: candidate === input.deployed ? `${candidate} is already deployed` : `${candidate} is not deployed (deployed: ${input.deployed ?? 'none'})`,
  });
  checks.push({
    gate: 'not rejected', pass: !rejected.includes(candidate), test: "champion.json's rejected: checkpoints an explicit rollback went back from",
    detail: rejected.includes(candidate) ? `${candidate} was rolled back from; it is not promoted again` : 'not rejected',
  });
  for (const [name, status] of [['automated-testing', input.testing], ['regression-monitor', input.regression]] as const) {
    const judged = status?.checkpoint === candidate;
    const flagged = judged && status.regression_detected === true;
    checks.push({
      gate: `no regression (${name})`, pass: !flagged, test: `${name}'s regression_detected on the candidate`,
      detail: flagged ? `${name} flagged a regression on ${candidate}: ${status.evidence?.reason ?? ''}`.trim() : judged ? `none flagged: ${status.evidence?.reason ?? ''}`.trim() : `${name} has not judged ${candidate}; none flagged`,
    });
  }
  const better = betterGate(candidate, champion, input);
  checks.push(better.check);
  const disk = await input.complete(candidate);
  checks.push({ gate: 'complete', pass: disk.complete, test: 'trainer_state, weights, nothing in flight', detail: disk.complete ? 'complete on disk' : disk.reason ?? 'incomplete' });
  const promotion = input.comparison?.promotion;
  const score = better.becomes === 'promoted' && typeof promotion?.challenger_score === 'number' ? promotion.challenger_score : row?.score ?? null;
  return { candidate, pass: checks.every((c) => c.pass), checks, score, champion, becomes: better.becomes };
}

function betterGate(candidate: string, champion: string | null, input: GateInputs): { check: GateCheck; becomes: GateResult['becomes'] } {
  const test = "the paired promotion test against the champion (model_comparisons.json's promotion)";
  const refuse = (detail: string, evidence?: unknown) => ({ check: { gate: 'better', pass: false, test, detail, ...(evidence ? { evidence } : {}) }, becomes: null });
  if (!champion) {
    if (input.deployed) {
      return refuse(`${input.deployed} is deployed but champion.json records no champion: fail closed until it is recorded (checkpoint-auto-deploy records the deployed checkpoint as champion)`);
    }
    return { check: { gate: 'better', pass: true, test: 'no champion and nothing deployed: the first checkpoint to pass every other gate becomes champion', detail: `no champion yet: ${candidate} becomes the first` }, becomes: 'first' };
  }
  const promotion = input.comparison?.promotion;
  if (!promotion) return refuse(`model_comparisons.json has no promotion test against champion ${champion}: fail closed`);
  if (promotion.champion !== champion) return refuse(`model_comparisons.json tested against ${promotion.champion ?? 'no champion'}, not champion ${champion}: fail closed`, promotion);
  if (promotion.challenger !== candidate) return refuse(`${promotion.reason} (the test is not of ${candidate}: fail closed)`, promotion);
  return { check: { gate: 'better', pass: promotion.pass, test: promotion.test ?? test, detail: promotion.reason, evidence: promotion }, becomes: promotion.pass ? 'promoted' : null };
}
