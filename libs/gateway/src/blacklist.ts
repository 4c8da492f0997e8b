/**
 * Consecutive-failure blacklisting (seed 003): after `failures` failures in a row a model is
 * left out for `baseMs`, and each further consecutive failure doubles the period
 * (3 → 1 h, 4 → 2 h, 5 → 4 h with the defaults). The model comes back on its own when the
 * period ends; one success clears the count.
 */
export interface BlacklistPolicy {
  failures: number;
  baseMs: number;
}

export interface ModelHealth {
  consecutiveFailures: number;
  /** Epoch ms until which the model is left out; null when it is not blacklisted. */
  blacklistedUntil: number | null;
}

export const HEALTHY: ModelHealth = Object.freeze({ consecutiveFailures: 0, blacklistedUntil: null });

/** How long a model with this many consecutive failures is left out (0 below the threshold). */
export function blacklistDurationMs(policy: BlacklistPolicy, consecutiveFailures: number): number {
  if (consecutiveFailures < policy.failures) return 0;
  return policy.baseMs * 2 ** (consecutiveFailures - policy.failures);
}

export function afterFailure(health: ModelHealth, policy: BlacklistPolicy, nowMs: number): ModelHealth {
  const consecutiveFailures = health.consecutiveFailures + 1;
  const duration = blacklistDurationMs(policy, consecutiveFailures);
  return { consecutiveFailures, blacklistedUntil: duration > 0 ? nowMs + duration : null };
}

export function afterSuccess(): ModelHealth {
  return HEALTHY;
}

export function isBlacklisted(health: ModelHealth, nowMs: number): boolean {
  return health.blacklistedUntil !== null && nowMs < health.blacklistedUntil;
}
