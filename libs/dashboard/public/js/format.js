// Number and time formatting shared by the panels. Every function accepts null/undefined and
// answers "—", because status files leave figures null when they could not be measured.

const DASH = '—';
const isNum = (value) => typeof value === 'number' && Number.isFinite(value);

/** A fixed number of decimals. */
export const fixed = (value, digits = 3) => (isNum(value) ? value.toFixed(digits) : DASH);

/** A share (0..1) as a percentage. */
export const percent = (value, digits = 1) => (isNum(value) ? `${(value * 100).toFixed(digits)}%` : DASH);

/** A learning rate: tiny numbers read best in exponent form (2.0e-5). */
export const rate = (value) => (isNum(value) ? value.toExponential(2) : DASH);

/** An integer with thousands separators. */
export const count = (value) => (isNum(value) ? Math.round(value).toLocaleString('en-US') : DASH);

/** Seconds as "42 s", "5 min", "3.2 h", "2.1 d". */
export function age(seconds) {
  if (!isNum(seconds)) return DASH;
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

/** An ISO time as "2026-11-24 10:30:00Z" (UTC: the hosts and the status files use UTC). */
export function time(iso) {
  if (typeof iso !== 'string' || Number.isNaN(Date.parse(iso))) return DASH;
  return new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** Seconds between an ISO time and `now` (a Date). */
export const secondsSince = (iso, now = new Date()) =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? (now.getTime() - Date.parse(iso)) / 1000 : null;
