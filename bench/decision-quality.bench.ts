// Decision quality over whole runs (issue 15), on 100 examples at the default settings, on
// simulated runs from several generative models (bench/decision-models.ts), each scenario's
// runs shared by the three rule sets (bench/decision-rules.ts):
//   - false pages: runs of 30 checkpoints of equal quality with at least one regression (goal ≤ 5%);
//   - sudden drop: 20 equal checkpoints, then a 10-point drop that stays; caught at that
//     checkpoint or the next (goal ≥ 90%);
//   - slow decline: 10 equal checkpoints, then 3 points lost at each of 8 (24 in all); the last
//     flagged against the champion (goal ≥ 95%; the seed's and the old rules have no champion:
//     any flag of theirs on the last checkpoint counts);
//   - rise then decline: 16 points gained over 8 checkpoints, kept for 3, then 24 lost over 8; the
//     last flagged against the champion (goal ≥ 95%).
// `BENCH_DECISION_RUNS` (default 300) runs per scenario and model.
import { RUN_MODELS, type SimulatedCheckpoint, type RunModel } from './decision-models.js';
import { suddenDropOracle } from './decision-oracle.js';
import { newRules, oldRules, seedRules, type LookDecision, type RuleSet } from './decision-rules.js';

const EXAMPLES = 100;

interface Scenario {
  name: string;
  /** Accuracy drop (points) of each checkpoint of the run. */
  drops: number[];
  /** Whether a run counts, from the rule set's decision at every look. */
  counts(decisions: readonly LookDecision[]): boolean;
  goal: { atMost?: number; atLeast?: number };
}

const SCENARIOS: Scenario[] = [
  { name: 'false pages, 30 equal checkpoints', drops: Array(30).fill(0), counts: (d) => d.some((x) => x.paged), goal: { atMost: 0.05 } },
  { name: 'sudden 10-point drop, caught at it or the next', drops: [...Array(20).fill(0), 10, 10], counts: (d) => d[20]!.paged || d[21]!.paged, goal: { atLeast: 0.9 } },
  { name: 'slow decline, 24 points over 8, last flagged', drops: [...Array(10).fill(0), 3, 6, 9, 12, 15, 18, 21, 24], counts: (d) => d.at(-1)!.versusChampion, goal: { atLeast: 0.95 } },
  // The demo's shape: a run that improves (2 points a checkpoint for 8, then stays), then declines
  // as above. The champion sits at the top; its earlier neighbours are below it.
  {
    name: 'rise 16 then decline 24 over 8, last flagged',
    drops: [0, -2, -4, -6, -8, -10, -12, -14, -16, -16, -16, -16, -13, -10, -7, -4, -1, 2, 5, 8],
    counts: (d) => d.at(-1)!.versusChampion,
    goal: { atLeast: 0.95 },
  },
];

function runScenario(model: RunModel, scenario: Scenario, ruleSets: readonly RuleSet[], runs: number, seedBase: number): { rates: number[]; promotions: number } {
  const hits = ruleSets.map(() => 0);
  let promotions = 0;
  for (let r = 0; r < runs; r++) {
    const make = model.newRun(seedBase + r, EXAMPLES);
    const history: SimulatedCheckpoint[] = scenario.drops.map((drop, i) => make(i, drop));
    ruleSets.forEach((rules, k) => {
      const look = rules.start();
      const decisions = history.map((_, i) => look(history.slice(0, i + 1)));
      if (scenario.counts(decisions)) hits[k]!++;
      promotions += decisions.at(-1)!.promotions ?? 0;
    });
  }
  return { rates: hits.map((h) => h / runs), promotions: promotions / runs };
}

export async function decisionQualityBench(): Promise<{ missed: string[]; figures: Record<string, Record<string, number[]>> }> {
  const runs = Number(process.env['BENCH_DECISION_RUNS'] ?? 300);
  const ruleSets = [seedRules, oldRules, newRules()];
  const missed: string[] = [];
  const figures: Record<string, Record<string, number[]>> = {};
  console.log(`\ndecision quality: ${runs} simulated runs per scenario and model, ${EXAMPLES} examples, default settings`);
  console.log(`  columns: ${ruleSets.map((r) => r.name).join(' | ')}`);
  const started = Date.now();
  for (const [m, model] of RUN_MODELS.entries()) {
    console.log(`  model "${model.name}": ${model.describe}`);
    figures[model.name] = {};
    for (const [s, scenario] of SCENARIOS.entries()) {
      const { rates, promotions } = runScenario(model, scenario, ruleSets, runs, 1_000_000 * (m + 1) + 10_000 * s);
      figures[model.name]![scenario.name] = rates;
      const newRate = rates.at(-1)!;
      const goal = scenario.goal.atMost !== undefined ? `goal ≤ ${pct(scenario.goal.atMost)}` : `goal ≥ ${pct(scenario.goal.atLeast!)}`;
      const met = scenario.goal.atMost !== undefined ? newRate <= scenario.goal.atMost : newRate >= scenario.goal.atLeast!;
      console.log(`    ${scenario.name.padEnd(48)} ${rates.map(pct).map((x) => x.padStart(6)).join(' | ')}   (${goal}: ${met ? 'met' : 'MISSED'})`);
      if (s === 0) console.log(`    ${'  promotions per run of equal checkpoints (new rules)'.padEnd(48)} ${promotions.toFixed(2)}`);
      if (s === 1) {
        const bound = suddenDropOracle(model, runs, EXAMPLES, 0.05, 5_000_000 * (m + 1));
        figures[model.name]!['sudden drop, right/wrong oracle bound'] = [bound];
        console.log(`    ${'  bound for any rule on right/wrong alone (oracle)'.padEnd(48)} ${pct(bound).padStart(6)}`);
      }
      if (!met) missed.push(`decision quality, ${model.name}: ${scenario.name} ${pct(newRate)} (${goal})`);
    }
  }
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { missed, figures };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
