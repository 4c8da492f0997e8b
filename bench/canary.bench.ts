// Canary by live quality (issue 19): many simulated runs of live traffic (bench/canary-models.ts:
// varied base quality, noise, skill mixes, rating sparsity, judge scores, correlated or
// independent outcomes, worse through answers or through errors), each with a canary either
// 10 points worse than the champion in expected live quality or equal to it, decided by the
// deployer's own code: liveQuality → matchPairs → canaryVerdict at the looks canaryLookDue
// schedules, with the default canary.* settings. Prints, per model, the share of worse canaries
// rolled back before getting all traffic (goal ≥ 90%), of equal ones promoted (goal ≥ 90%), and
// the canary's mean traffic until the decision. `BENCH_CANARY_RUNS` (default 200) runs per model
// and condition. Beside it, on the same traffic (same seeds), a baseline that tests at a fixed
// α = canary.alpha at every look (no spending), to show what the spending buys; and a canary
// worse by exactly the margin, whose promotion rate the spending bounds by α.
import { canaryLookDue, canaryVerdict, liveQuality, matchPairs, type CanaryDecision, type CanaryPair, type ScoredRequest } from '@flywheel/deploy';
import { FlywheelConfig } from '@flywheel/config';
import { normalQuantile, pairedZTest } from '@flywheel/statistics';
import { TRAFFIC_MODELS, type TrafficModel } from './canary-models.js';

/** One canary trial to its decision: the verdict, the canary's requests, and all requests meanwhile. */
type Decide = (pairs: readonly CanaryPair[], look: number) => CanaryDecision;

/** The baseline: the same two boundaries, each look at the full α (what a z-test checked at every look does). */
function fixedAlpha(rules: ReturnType<typeof canaryRules>): Decide {
  const q = normalQuantile(1 - rules.alpha);
  return (pairs, look) => {
    const z = pairedZTest(pairs.map((p) => p.champion), pairs.map((p) => p.canary));
    if (z.difference + q * z.standardError < -rules.minHarm) return 'rollback';
    if (z.difference - q * z.standardError > -rules.margin) return 'promote';
    return look >= rules.maxLooks ? 'rollback' : 'continue';
  };
}

function trial(model: TrafficModel, seed: number, worsePoints: number, rules: ReturnType<typeof canaryRules>, decide: Decide): { verdict: CanaryDecision; canaryRequests: number; requests: number; pairs: number } {
  const run = model.newRun(seed, rules.share, worsePoints);
  const scored: ScoredRequest[] = [];
  let looks = 0;
  let canaryRequests = 0;
  let requests = 0;
  let canaryScored = 0;
  for (;;) {
    const r = run.next();
    requests++;
    if (r.arm === 'canary') canaryRequests++;
    const quality = liveQuality({ outcome: r.error ? 'error' : 'success', fault: r.error ? 'model' : null }, { rating: r.rating, judge: r.judge });
    if (quality === null) continue;
    scored.push({ id: String(requests), at: r.at, arm: r.arm, skill: r.skill, quality });
    if (r.arm !== 'canary') continue;
    // Pairs never outnumber the canary's scored requests: pair only when a look can be due.
    if (++canaryScored < (looks + 1) * rules.pairsPerLook) continue;
    const pairs = matchPairs(scored, rules.bucketSeconds * 1000);
    const look = canaryLookDue(pairs.length, looks, rules.pairsPerLook);
    if (look === null) continue;
    looks = look;
    const verdict = decide(pairs, look);
    if (verdict !== 'continue') return { verdict, canaryRequests, requests, pairs: pairs.length };
  }
}

function canaryRules() {
  const c = FlywheelConfig.parse({}).canary;
  return { alpha: c.alpha, margin: c.margin, minHarm: c.minHarm, maxLooks: c.maxLooks, pairsPerLook: c.pairsPerLook, share: c.share, bucketSeconds: c.bucketSeconds };
}

export async function canaryBench(): Promise<{ missed: string[]; figures: Record<string, { worseRolledBack: number; equalPromoted: number; meanCanaryRequests: number }> }> {
  const runs = Number(process.env['BENCH_CANARY_RUNS'] ?? 200);
  const rules = canaryRules();
  const missed: string[] = [];
  const figures: Record<string, { worseRolledBack: number; equalPromoted: number; meanCanaryRequests: number }> = {};
  console.log(`\ncanary by live quality: ${runs} simulated runs per model and condition; share ${rules.share}, α ${rules.alpha}, margin ${rules.margin}, ${rules.pairsPerLook} pairs a look, at most ${rules.maxLooks} looks`);
  const started = Date.now();
  let all = { worse: 0, equal: 0, n: 0 };
  for (const [m, model] of TRAFFIC_MODELS.entries()) {
    console.log(`  model "${model.name}": ${model.describe}`);
    const ours: Decide = (pairs, look) => canaryVerdict(pairs, look, rules).verdict;
    const tally = (worsePoints: number, seedBase: number, decide = ours, wanted: CanaryDecision = worsePoints > 0 ? 'rollback' : 'promote') => {
      let hits = 0;
      let canary = 0;
      let share = 0;
      let pairs = 0;
      for (let r = 0; r < runs; r++) {
        const t = trial(model, seedBase + r, worsePoints, rules, decide);
        if (t.verdict === wanted) hits++;
        canary += t.canaryRequests;
        share += t.canaryRequests / t.requests;
        pairs += t.pairs;
      }
      return { rate: hits / runs, canary: canary / runs, share: share / runs, pairs: pairs / runs };
    };
    const worse = tally(10, 1_000_000 * (m + 1));
    const equal = tally(0, 1_000_000 * (m + 1) + 500_000);
    figures[model.name] = { worseRolledBack: worse.rate, equalPromoted: equal.rate, meanCanaryRequests: (worse.canary + equal.canary) / 2 };
    all = { worse: all.worse + worse.rate, equal: all.equal + equal.rate, n: all.n + 1 };
    const line = (label: string, x: typeof worse) =>
      `    ${label.padEnd(40)} ${pct(x.rate).padStart(6)}  (goal ≥ 90%: ${x.rate >= 0.9 ? 'met' : 'MISSED'});  canary served ${x.canary.toFixed(0)} requests (${pct(x.share)} of traffic meanwhile), ${x.pairs.toFixed(0)} pairs at the decision`;
    console.log(line('10 points worse: rolled back before all', worse));
    console.log(line('equal: promoted', equal));
    const atMargin = tally(rules.margin * 100, 1_000_000 * (m + 1) + 250_000, ours, 'promote');
    const baselineEqual = tally(0, 1_000_000 * (m + 1) + 500_000, fixedAlpha(rules), 'rollback');
    const baselineMargin = tally(rules.margin * 100, 1_000_000 * (m + 1) + 250_000, fixedAlpha(rules), 'promote');
    console.log(`    ${`${rules.margin * 100} points worse (the margin): promoted`.padEnd(40)} ${pct(atMargin.rate).padStart(6)}  (bounded by α = ${rules.alpha}); fixed α at every look: ${pct(baselineMargin.rate)}`);
    console.log(`    ${'equal: rolled back'.padEnd(40)} ${pct(1 - equal.rate).padStart(6)}  (bounded by α = ${rules.alpha} plus the last look's misses); fixed α at every look: ${pct(baselineEqual.rate)}`);
    if (worse.rate < 0.9) missed.push(`canary, ${model.name}: worse rolled back ${pct(worse.rate)} (goal ≥ 90%)`);
    if (equal.rate < 0.9) missed.push(`canary, ${model.name}: equal promoted ${pct(equal.rate)} (goal ≥ 90%)`);
  }
  console.log(`  over all models: worse rolled back ${pct(all.worse / all.n)}, equal promoted ${pct(all.equal / all.n)}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { missed, figures };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const { missed } = await canaryBench();
  console.log(missed.length ? `goals missed:\n  ${missed.join('\n  ')}` : 'all canary goals met');
}
