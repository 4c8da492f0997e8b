import { PII_KINDS, type PiiKind, type SafetyFigures } from '@flywheel/contracts';

/** What the safety figures need of one response. */
export interface ResponseSafety {
  /** Findings per kind in the response. */
  pii: Readonly<Record<PiiKind, number>>;
  /** The toxicity scorer's verdict; null when it did not score this response. */
  toxic: boolean | null;
  refusal: boolean | null;
}

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/**
 * A window's safety figures: responses with any PII / responses scanned, matches per kind,
 * and flagged / scored for toxicity and refusal, each with the scorer that produced it
 * (null when that scorer is off).
 */
export function safetyFigures(
  responses: readonly ResponseSafety[],
  scorers: { toxicity: string | null; refusal: string | null },
  redacted: boolean,
): SafetyFigures {
  const by_kind = Object.fromEntries(PII_KINDS.map((k) => [k, 0])) as Record<PiiKind, number>;
  let withPii = 0;
  const toxicity = { flagged: 0, scored: 0 };
  const refusal = { flagged: 0, scored: 0 };
  for (const r of responses) {
    let any = false;
    for (const kind of PII_KINDS) {
      by_kind[kind] += r.pii[kind];
      if (r.pii[kind] > 0) any = true;
    }
    if (any) withPii += 1;
    if (r.toxic !== null) {
      toxicity.scored += 1;
      if (r.toxic) toxicity.flagged += 1;
    }
    if (r.refusal !== null) {
      refusal.scored += 1;
      if (r.refusal) refusal.flagged += 1;
    }
  }
  return {
    responses_scanned: responses.length,
    pii: { responses_with_pii: withPii, rate: rate(withPii, responses.length), by_kind, redacted_in_logs_and_exports: redacted },
    toxicity: { rate: rate(toxicity.flagged, toxicity.scored), ...toxicity, scorer: scorers.toxicity },
    refusal: { rate: rate(refusal.flagged, refusal.scored), ...refusal, scorer: scorers.refusal },
  };
}
