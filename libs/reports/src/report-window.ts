/** `90s`, `30m`, `24h`, `7d` → seconds. */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** The longest report window: a year of one-minute passes is already half a million. */
export const MAX_SINCE_SECONDS = 31 * 86_400;

/**
 * A duration as the CLI's `--since` and the API's `since` take it: a positive number followed
 * by s, m, h or d (`24h`, `90m`), at most 31 days. Returns null for anything else, so the caller
 * can name its own field in the error.
 */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2]!]!;
  return seconds > 0 && seconds <= MAX_SINCE_SECONDS ? seconds : null;
}

export const DURATION_HELP = 'a positive number with s, m, h or d (e.g. 24h, 90m), at most 31d';

/**
 * The step between replayed passes (and the trend buckets' size) when none is given: the
 * window cut into 48 steps (so 24 h gives 30-minute steps, the timeline stays readable and the
 * trend test has enough points), never under 60 s, rounded to whole seconds.
 */
export function defaultStepSeconds(sinceSeconds: number): number {
  return Math.max(60, Math.round(sinceSeconds / 48));
}
