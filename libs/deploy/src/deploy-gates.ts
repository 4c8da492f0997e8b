/** What the gates read: the status files as the daemons wrote them (loose: old files may lack keys). */
export interface GateInputs {
  comparison: { best_checkpoint?: string | null; rankings?: { checkpoint: string; score: number; score_interval?: [number | null, number | null] }[] } | null;
  testing: { checkpoint?: string | null; regression_detected?: boolean } | null;
  regression: { checkpoint?: string | null; regression_detected?: boolean } | null;
  deployed: string | null;
  /** Whether the candidate is complete on disk (trainer_state, weights, nothing in flight). */
  complete(checkpoint: string): Promise<{ complete: boolean; reason?: string }>;
}

export interface GateResult {
  candidate: string | null;
  pass: boolean;
  /** One line per gate, passed or not. */
  checks: { gate: string; pass: boolean; detail: string }[];
  score: number | null;
}

/**
 * Whether model-comparison's best checkpoint should replace the deployed one: it differs from
 * it, no daemon flagged a regression on it, it beats the deployed one by the comparison's own
 * evidence (the lower end of its score interval is above the deployed score), and it is
 * complete on disk. Every gate is reported, so a refusal says which one.
 */
export async function deployGates(input: GateInputs): Promise<GateResult> {
  const candidate = input.comparison?.best_checkpoint ?? null;
  const checks: GateResult['checks'] = [];
  if (!candidate) return { candidate, pass: false, score: null, checks: [{ gate: 'ranked', pass: false, detail: 'no best checkpoint in model_comparisons.json yet' }] };
  const rows = input.comparison?.rankings ?? [];
  const best = rows.find((r) => r.checkpoint === candidate);
  checks.push({ gate: 'new', pass: candidate !== input.deployed, detail: candidate === input.deployed ? `${candidate} is already deployed` : `${candidate} is not deployed (deployed: ${input.deployed ?? 'none'})` });
  for (const [name, status] of [['automated-testing', input.testing], ['regression-monitor', input.regression]] as const) {
    const flagged = status?.checkpoint === candidate && status.regression_detected === true;
    checks.push({ gate: `no regression (${name})`, pass: !flagged, detail: flagged ? `${name} flagged a regression on ${candidate}` : 'none flagged' });
  }
  const deployedRow = rows.find((r) => r.checkpoint === input.deployed);
  if (!input.deployed || !deployedRow) {
    checks.push({ gate: 'better', pass: true, detail: input.deployed ? `${input.deployed} is no longer ranked; nothing to beat` : 'nothing deployed yet' });
  } else {
    const low = best?.score_interval?.[0];
    const better = low !== null && low !== undefined ? low > deployedRow.score : (best?.score ?? -Infinity) > deployedRow.score;
    checks.push({
      gate: 'better',
      pass: better,
      detail: `${candidate} scores ${best?.score} (95% from ${low ?? 'n/a'}), ${input.deployed} ${deployedRow.score}`,
    });
  }
  const disk = await input.complete(candidate);
  checks.push({ gate: 'complete', pass: disk.complete, detail: disk.complete ? 'complete on disk' : disk.reason ?? 'incomplete' });
  return { candidate, pass: checks.every((c) => c.pass), checks, score: best?.score ?? null };
}
