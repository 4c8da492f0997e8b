/**
 * The error rate one look may spend so that a whole run stays within `runRate`: the `look`-th
 * look (1-based) gets runRate · H / ((look + H − 1)(look + H)). These shares telescope,
 * Σ_{t≥1} H/((t+H−1)(t+H)) = H · (1/H) = 1, so by the union bound the chance that a run of
 * any length raises even one false alarm is at most `runRate`, however the looks depend on one
 * another (they share examples and checkpoints, so they do). `horizon` H only says where the
 * budget goes: about evenly over the first H looks (from runRate/(H+1) at the first to
 * runRate/(4H) at the H-th), then falling like 1/t², never running out.
 */
export function runLevelAlpha(look: number, runRate: number, horizon: number): number {
  if (!Number.isInteger(look) || look < 1) throw new Error(`look must be a positive integer (got ${look})`);
  if (!(horizon >= 1)) throw new Error(`horizon must be at least 1 (got ${horizon})`);
  return (runRate * horizon) / ((look + horizon - 1) * (look + horizon));
}
