// Cost as work grows (issue 21, point 5): `/api/status`, model comparison and the dashboard's
// data routes on a run of 10 checkpoints × 100 examples, 100 × 1,000 and 1,000 × 10,000, each
// measured in a fresh child process with its app's pm2 flags (time per call; the peak memory the
// calls add). The baseline is the smallest run, measured in the same bench. Goal: nothing grows
// faster than linearly — the growth exponent of each figure between the two larger runs,
// log(cost ratio) / log(work ratio), is at most 1.15 (linear plus what a loaded machine adds to
// timings), where the work ratio is that of the data the figure could at most depend on
// (examples × checkpoints it reads, ×10 per step here). Timings of a few milliseconds are
// floored at 1 ms, so noise on a near-free call does not read as growth.
import { startRedis, tempDir } from '@flywheel/testing';
import { fileURLToPath } from 'node:url';
import { printResult } from './bench-examples.js';
import { childResult } from './with-node-flags.js';
import type { Measured, Scale } from './work-growth-scale.js';

const SCALES: Scale[] = [
  { checkpoints: 10, examples: 100 },
  { checkpoints: 100, examples: 1_000 },
  { checkpoints: 1_000, examples: 10_000 },
];
const ROUTES = ['/api/status', '/api/model_comparison', '/api/accuracy_history', '/api/checkpoints', '/api/deployments'];
const MAX_EXPONENT = 1.15;
const FLOOR_MS = 1;
const FLOOR_MIB = 4;

const child = <T>(app: string, mode: string, args: unknown) =>
  childResult<T>(fileURLToPath(new URL('./work-growth-scale.ts', import.meta.url)), [mode, JSON.stringify(args)], app);

/** log(cost ratio) / log(work ratio) between two runs, costs floored so a near-free call is not read as growth. */
export function growthExponent(smaller: number, larger: number, workRatio: number, floor: number): number {
  return Math.log(Math.max(larger, floor) / Math.max(smaller, floor)) / Math.log(workRatio);
}

interface Row {
  name: string;
  /** Per scale. */
  measured: Measured[];
  /** Work ratio between consecutive scales that this figure could depend on. */
  workRatio: number;
  /** Which of the figures the goal applies to: the warm figure (`ms`, fastest repeat) or the cold first call. */
  timeKey: 'ms' | 'firstMs';
}

export async function workGrowthBench(): Promise<{ missed: string[] }> {
  const redis = await startRedis();
  const dirs: Awaited<ReturnType<typeof tempDir>>[] = [];
  try {
    const comparison: Measured[] = [];
    const routes = new Map<string, Measured[]>(ROUTES.map((r) => [r, []]));
    for (const [i, scale] of SCALES.entries()) {
      const dir = await tempDir(`bench-growth-${i}`);
      dirs.push(dir);
      const args = { statusDir: dir.dir, redisUrl: redis.url, run: `growth${i}`, scale };
      await child('api', 'generate', args);
      comparison.push(await child<Measured>('model-comparison', 'comparison', args));
      for (const route of ROUTES) routes.get(route)!.push(await child<Measured>('api', 'route', { ...args, route }));
    }
    // Examples grow ×10 per step; so do checkpoints, but the ranking reads the newest
    // `comparison.window` of them and the API's routes at most `evaluation.keepCheckpoints`.
    const workRatio = SCALES[2]!.examples / SCALES[1]!.examples;
    const rows: Row[] = [
      { name: 'model comparison (rank + promotion test)', measured: comparison, workRatio, timeKey: 'ms' },
      ...ROUTES.map((route) => ({ name: `GET ${route}`, measured: routes.get(route)!, workRatio, timeKey: 'ms' as const })),
      { name: 'GET /api/accuracy_history, cold (first read)', measured: routes.get('/api/accuracy_history')!, workRatio, timeKey: 'firstMs' as const },
    ];
    const missed: string[] = [];
    const lines: Record<string, string> = {
      'runs (checkpoints × examples)': SCALES.map((s) => `${s.checkpoints}×${s.examples}`).join(' | '),
    };
    for (const row of rows) {
      const times = row.measured.map((m) => m[row.timeKey]);
      const memory = row.measured.map((m) => m.peakMiB);
      const timeExponent = growthExponent(times[1]!, times[2]!, row.workRatio, FLOOR_MS);
      const memoryExponent = growthExponent(memory[1]!, memory[2]!, row.workRatio, FLOOR_MIB);
      lines[`${row.name}: ms`] = `${times.map((t) => t.toFixed(1)).join(' | ')}  (×${(times[2]! / Math.max(times[0]!, FLOOR_MS)).toFixed(1)} of the smallest; exponent ${timeExponent.toFixed(2)})`;
      lines[`${row.name}: peak MiB`] = `${memory.map((m) => m.toFixed(1)).join(' | ')}  (exponent ${memoryExponent.toFixed(2)})`;
      if (timeExponent > MAX_EXPONENT) missed.push(`${row.name}: time grows with exponent ${timeExponent.toFixed(2)} > ${MAX_EXPONENT}`);
      if (memoryExponent > MAX_EXPONENT) missed.push(`${row.name}: memory grows with exponent ${memoryExponent.toFixed(2)} > ${MAX_EXPONENT}`);
    }
    lines[`goal: every exponent ≤ ${MAX_EXPONENT} (1 = linear)`] = missed.length ? `MISSED (${missed.length})` : 'met';
    printResult('Cost as work grows (fresh process per figure; the smallest run is the baseline)', lines);
    return { missed };
  } finally {
    for (const dir of dirs) await dir.remove();
    await redis.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { missed } = await workGrowthBench();
  process.exit(missed.length ? 1 : 0);
}
