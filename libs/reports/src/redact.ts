import { redactPii } from '@flywheel/response-safety';

/** Replaces personal data in a piece of report text (`[REDACTED:<kind>]`). */
export type RedactText = (text: string) => string;

/** Seed 001: PII and secrets are redacted in exports by default (config `safety.redact`). */
export const defaultRedaction: RedactText = redactPii;

export const noRedaction: RedactText = (text) => text;

/**
 * A copy of `value` with `redact` applied to every string in it: reasons, skill and pattern
 * names, problems quoting traffic. Keys stay as they are.
 */
export function redactStrings<T>(value: T, redact: RedactText): T {
  if (redact === noRedaction) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
