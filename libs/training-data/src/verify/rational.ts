/**
 * Exact rational numbers over BigInt: what a golden is checked with. Floats are not exact
 * (0.1 + 0.2 ≠ 0.3), so a checker built on them would accept or refuse the wrong goldens.
 */
export interface Rational {
  /** Numerator, carrying the sign. */
  readonly n: bigint;
  /** Denominator, always > 0; the fraction is kept in lowest terms. */
  readonly d: bigint;
}

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** n/d in lowest terms; throws on a zero denominator (callers check first). */
export function rational(n: bigint, d = 1n): Rational {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export const add = (a: Rational, b: Rational) => rational(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational) => rational(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational) => rational(a.n * b.n, a.d * b.d);
/** a / b, null when b is 0. */
export const div = (a: Rational, b: Rational) => (b.n === 0n ? null : rational(a.n * b.d, a.d * b.n));
export const neg = (a: Rational) => rational(-a.n, a.d);
export const equals = (a: Rational, b: Rational) => a.n === b.n && a.d === b.d;
export const isInteger = (a: Rational) => a.d === 1n;

/**
 * a ^ e for an integer exponent with |e| ≤ `maxExponent`; null for a fractional exponent
 * (its value is rarely rational), 0 to a negative power, or a larger exponent.
 */
export function pow(a: Rational, e: Rational, maxExponent = 64): Rational | null {
  if (e.d !== 1n || abs(e.n) > BigInt(maxExponent)) return null;
  if (e.n < 0n) {
    if (a.n === 0n) return null;
    return rational(a.d ** -e.n, a.n ** -e.n);
  }
  return rational(a.n ** e.n, a.d ** e.n);
}

/** Parses "42", "-3.50", "+0.125", "1,000", "7/4" exactly; null for anything else. */
export function parseRational(text: string): Rational | null {
  const t = text.trim().replace(/^\u2212/, '-');
  const fraction = /^([-+]?\d+)\s*\/\s*(\d+)$/.exec(t);
  if (fraction) return fraction[2] === '0' || /^0+$/.test(fraction[2]!) ? null : rational(BigInt(fraction[1]!), BigInt(fraction[2]!));
  const m = /^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return null;
  const digits = m[2]!.replace(/,/g, '') + (m[3] ?? '');
  const value = rational(BigInt(digits), 10n ** BigInt(m[3]?.length ?? 0));
  return m[1] === '-' ? neg(value) : value;
}

/**
 * The exact decimal text of a rational ("3", "-2.5", "0.125"), or null when it has no finite
 * decimal expansion (1/3): a golden must be written exactly or not at all.
 */
export function toDecimalString(a: Rational): string | null {
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
  if (d !== 1n) return null;
  const places = Math.max(twos, fives);
  const scaled = abs(a.n) * 10n ** BigInt(places) / a.d;
  const sign = a.n < 0n ? '-' : '';
  if (places === 0) return sign + scaled.toString();
  const s = scaled.toString().padStart(places + 1, '0');
  return `${sign}${s.slice(0, -places)}.${s.slice(-places)}`;
}
