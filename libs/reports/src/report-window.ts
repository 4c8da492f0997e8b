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

/**
 * The most replayed passes one report makes: each pass evaluates the monitor's windows, so the
 * work (and memory, one timeline point a pass) grows with since/step. 2,880 is 24 h at 30 s or
 * 31 d at about 15 min; a finer step over a longer window is refused, naming the smallest step.
 */
export const MAX_REPORT_STEPS = 2_880;

/** Why `since`/`step` would replay too many passes, with the smallest step that fits; null when they fit. */
export function reportStepProblem(sinceSeconds: number, stepSeconds: number): string | null {
  if (stepSeconds > sinceSeconds) return `step (${stepSeconds} s) must not exceed since (${sinceSeconds} s)`;
  const steps = Math.ceil(sinceSeconds / stepSeconds);
  if (steps <= MAX_REPORT_STEPS) return null;
  const smallest = Math.ceil(sinceSeconds / MAX_REPORT_STEPS);
  return `step: ${sinceSeconds} s / ${stepSeconds} s is ${steps} passes, more than the ${MAX_REPORT_STEPS} a report replays; use a step of at least ${smallest} s`;
}
