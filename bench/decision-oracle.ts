// How much a sudden drop can be caught at all from right/wrong on 100 examples, whatever the
// rule: the likelihood-ratio test that KNOWS each example's true chance of being right before
// and after a 10-point drop (estimated from 300 extra checkpoints of each, which no daemon has),
// looking at windows of one and two checkpoints, with its threshold set so that exactly
// `runRate` of runs of 30 equal checkpoints page. By Neyman–Pearson no test of right/wrong on
// these examples does better at the same run-level false-page rate; only another signal (the
// golden loss) or more examples can. The decision-quality bench prints it beside the rules.
import type { RunModel } from './decision-models.js';

const ESTIMATE_CHECKPOINTS = 300;

export function suddenDropOracle(model: RunModel, runs: number, examples: number, runRate: number, seedBase: number): number {
  const nullMax: number[] = [];
  const dropped: number[] = [];
  for (let r = 0; r < runs; r++) {
    const make = model.newRun(seedBase + r, examples);
    const before = new Array<number>(examples).fill(0);
    const after = new Array<number>(examples).fill(0);
    for (let k = 0; k < ESTIMATE_CHECKPOINTS; k++) {
      const a = make(100 + k, 0);
      const b = make(100 + ESTIMATE_CHECKPOINTS + k, 10);
      for (let i = 0; i < examples; i++) {
        before[i]! += a.correct[i] ? 1 : 0;
        after[i]! += b.correct[i] ? 1 : 0;
      }
    }
    const clamp = (x: number) => Math.min(0.995, Math.max(0.005, x / ESTIMATE_CHECKPOINTS));
    const p = before.map(clamp);
    const q = after.map(clamp);
    const logRatio = (correct: readonly boolean[]) => correct.reduce((s, x, i) => s + (x ? Math.log(q[i]! / p[i]!) : Math.log((1 - q[i]!) / (1 - p[i]!))), 0);
    const equal = Array.from({ length: 30 }, (_, t) => logRatio(make(t, 0).correct));
    let max = -Infinity;
    for (let t = 0; t < equal.length; t++) max = Math.max(max, equal[t]!, t > 0 ? equal[t]! + equal[t - 1]! : -Infinity);
    nullMax.push(max);
    // The drop's checkpoint and the next, after a clean one: the 1- and 2-checkpoint windows at both looks.
    const clean = logRatio(make(1_000, 0).correct);
    const first = logRatio(make(1_001, 10).correct);
    const second = logRatio(make(1_002, 10).correct);
    dropped.push(Math.max(first, first + clean, second, first + second));
  }
  nullMax.sort((a, b) => a - b);
  const threshold = nullMax[Math.floor((1 - runRate) * runs)]!;
  return dropped.filter((d) => d > threshold).length / runs;
}
