import { STRATEGIES, type Strategy } from './curriculum-strategies.js';

/**
 * The strategy data-generation uses, from curriculum_optimization.json: its current choice,
 * else its best, else random_mix (none yet); and the validation loss trend it saw
 * (`loss_trend`), which `adaptive` follows. One function, so that the curriculum benchmark
 * picks exactly as the daemon does.
 */
export function strategyInForceFrom(status: Record<string, unknown> | null): { strategy: Strategy; lossTrend: number | null } {
  const lossTrend = typeof status?.['loss_trend'] === 'number' ? status['loss_trend'] : null;
  for (const key of ['current_strategy', 'best_strategy']) {
    const value = status?.[key];
    if (typeof value === 'string' && (STRATEGIES as readonly string[]).includes(value)) return { strategy: value as Strategy, lossTrend };
  }
  return { strategy: 'random_mix', lossTrend };
}
