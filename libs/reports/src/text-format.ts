/** How the renderers print figures: null as "—", shares as percentages, at most 3 decimals. */
export const DASH = '—';

export function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return DASH;
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(digits)));
}

export function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? DASH : `${(value * 100).toFixed(digits)} %`;
}

/** A 0–1 score as points out of 100, as seed 000 grades. */
export function points(score: number | null): string {
  return score === null ? DASH : (score * 100).toFixed(1);
}

/** 86400 → "24h", 5400 → "90m", 45 → "45s". */
export function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A value with its unit, shares as percentages. */
export function withUnit(value: number | null, unit: string): string {
  if (value === null) return 'no data';
  if (unit === 'share') return pct(value);
  if (unit === '%') return `${num(value, 1)} %`;
  if (/^\d–\d$/.test(unit)) return `${num(value)} (${unit})`;
  return `${num(value)} ${unit}`;
}

/** "2026-11-20T10:10:00.000Z" → "2026-11-20 10:10:00Z". */
export function when(iso: string | null): string {
  return iso === null ? DASH : iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}
