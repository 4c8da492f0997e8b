import type { PiiKind } from '@flywheel/contracts';
import { isIPv6 } from 'node:net';
import { ibanValid, IBAN_LENGTHS, luhnValid } from './check-digits.js';

/** One piece of personal data or one secret found in a text: `text.slice(start, end)`. */
export interface PiiMatch {
  kind: PiiKind;
  start: number;
  end: number;
}

/** Cheap facts about a text, counted once, that rule detectors out before their regex runs. */
interface TextFacts {
  digits: number;
  at: boolean;
  colons: number;
  secretMarker: boolean;
}

function factsOf(text: string): TextFacts {
  let digits = 0;
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
    else if (c === 58) colons += 1;
  }
  return { digits, at: text.includes('@'), colons, secretMarker: SECRET_MARKER.test(text) };
}

/** Something every secret detector's match contains (a prefix or a key name). */
const SECRET_MARKER = /sk-|sk_|rk_|AKIA|ASIA|gh[pousr]_|github_pat_|xox|AIza|eyJ|PRIVATE KEY|key|secret|token|passw/i;

interface Detector {
  kind: PiiKind;
  /** False when the text cannot hold a match (too few digits, no "@", …): the regex is skipped. */
  possible: (facts: TextFacts) => boolean;
  /** Global regex of candidates; with the `d` flag, group 1 (when it matched) is the span reported. */
  pattern: RegExp;
  /** Checks a candidate (check digits, length, entropy); absent: every candidate counts. */
  accept?: (candidate: string) => boolean;
  /** Narrows the span (an IBAN regex may run into the next word); absent: the whole match. */
  trim?: (candidate: string) => number | null;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** Shannon entropy in bits per character: random tokens score ~4–6, words and repeated characters far lower. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A card number: 13–19 digits, single spaces or dashes between groups, a card-network first digit (2–6), Luhn-valid, not all one digit. */
function acceptCard(candidate: string): boolean {
  const digits = digitsOf(candidate);
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^[2-6]/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  // One kind of separator only: "4111-1111 1111-1111" is more likely a list of numbers.
  if (/ /.test(candidate) && /-/.test(candidate)) return false;
  return luhnValid(digits);
}

/** Characters of an IBAN candidate up to its country's length (spaces kept), or null when it is too short. */
function trimIban(candidate: string): number | null {
  const length = IBAN_LENGTHS[candidate.slice(0, 2)];
  if (length === undefined) return null;
  let seen = 0;
  for (let i = 0; i < candidate.length; i++) {
    if (candidate[i] !== ' ') seen += 1;
    if (seen === length) return i + 1;
  }
  return null;
}

/** A phone number: 8–15 digits (E.164's most), in one of the shapes the patterns allow. */
const acceptPhone = (candidate: string) => {
  const n = digitsOf(candidate).length;
  return n >= 8 && n <= 15;
};

/** A value after `api_key=`, `token:`, …: long, mixing letters and digits, and high-entropy (not a word or a placeholder). */
const acceptAssignedSecret = (value: string) => /[A-Za-z]/.test(value) && /\d/.test(value) && shannonEntropy(value) >= 3.5;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * The detectors, in order of precedence: where two overlap, the earlier wins (a card number
 * inside an IBAN, digits of a secret read as a phone number, …).
 */
const DETECTORS: readonly Detector[] = [
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z]+ )?PRIVATE KEY-----|$)/g },
  // OpenAI-style and Anthropic-style keys, Stripe secret and restricted keys.
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<![\w-])sk-(?:[A-Za-z]+-)*[A-Za-z0-9_-]{20,}/g, accept: (s) => /\d/.test(s) },
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<!\w)(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/g },
  // AWS access key ids.
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/g },
  // GitHub tokens (classic and fine-grained).
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<!\w)(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g },
  // Slack tokens.
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<!\w)xox[baprs]-[A-Za-z0-9-]{10,}/g },
  // Google API keys.
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<!\w)AIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  // JSON Web Tokens (header.payload.signature, header and payload start with `{"`).
  { kind: 'secret', possible: (f) => f.secretMarker, pattern: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g },
  // key = value: only the value is the secret.
  {
    kind: 'secret',
    possible: (f) => f.secretMarker,
    pattern: /(?:api[_-]?key|apikey|secret(?:[_-]?key)?|access[_-]?token|auth[_-]?token|token|password|passwd)["']?\s*[:=]\s*["']?([A-Za-z0-9_\-./+=]{16,})/dgi,
    accept: acceptAssignedSecret,
  },
  { kind: 'iban', possible: (f) => f.digits >= 4, pattern: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){2,8}/g, trim: trimIban, accept: (s) => ibanValid(s.replace(/ /g, '')) },
  { kind: 'card', possible: (f) => f.digits >= 13, pattern: /(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d-]|\.\d)/g, accept: acceptCard },
  { kind: 'email', possible: (f) => f.at, pattern: /(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])/g },
  { kind: 'ip_address', possible: (f) => f.digits >= 4, pattern: new RegExp(`(?<![\\d.])(?:${OCTET}\\.){3}${OCTET}(?!\\d|\\.\\d)`, 'g') },
  // IPv6: a hex-and-colons run; node's parser decides (times like 12:30:45 are not addresses).
  { kind: 'ip_address', possible: (f) => f.colons >= 2, pattern: /(?<![\w:.])(?=[0-9A-Fa-f:]*[0-9A-Fa-f])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g, accept: isIPv6 },
  // International (+CC …) or North American ((555) 123-4567, 555-123-4567, 555.123.4567) numbers only:
  // bare digit runs are order numbers and ids far more often than phone numbers.
  { kind: 'phone', possible: (f) => f.digits >= 8, pattern: /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\w-]|\.\d)/g, accept: acceptPhone },
  { kind: 'phone', possible: (f) => f.digits >= 8, pattern: /(?<![\w(-])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\w-]|\.\d)/g, accept: acceptPhone },
];

/**
 * Every piece of personal data and every secret in `text`, in text order, none overlapping.
 * Detectors are pattern- and checksum-based (see docs/safety-and-cost.md for what they miss).
 */
export function findPii(text: string): PiiMatch[] {
  const taken: PiiMatch[] = [];
  const facts = factsOf(text);
  const overlaps = (start: number, end: number) => taken.some((m) => start < m.end && m.start < end);
  for (const detector of DETECTORS) {
    if (!detector.possible(facts)) continue;
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const group = (match as RegExpMatchArray & { indices?: [number, number][] }).indices?.[1];
      let [start, end] = group ?? [match.index!, match.index! + match[0].length];
      if (detector.trim) {
        const length = detector.trim(text.slice(start, end));
        if (length === null) continue;
        end = start + length;
      }
      const candidate = text.slice(start, end);
      if (detector.accept && !detector.accept(candidate)) continue;
      if (overlaps(start, end)) continue;
      taken.push({ kind: detector.kind, start, end });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/** `text` with each finding replaced by `[REDACTED:<kind>]`. */
export function redactPii(text: string): string {
  const matches = findPii(text);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + `[REDACTED:${m.kind}]`;
    at = m.end;
  }
  return out + text.slice(at);
}

/** Findings per kind (every kind present, 0 when none). */
export function countPii(text: string): Record<PiiKind, number> {
  const counts: Record<PiiKind, number> = { email: 0, phone: 0, card: 0, iban: 0, ip_address: 0, secret: 0 };
  for (const m of findPii(text)) counts[m.kind] += 1;
  return counts;
}

/**
 * A JSON-like value with every string redacted (objects and arrays walked, keys kept):
 * for exports (feedback, reports, alert analyses) that carry prompts and answers.
 */
export function redactPiiDeep<T>(value: T): T {
  if (typeof value === 'string') return redactPii(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactPiiDeep(v)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactPiiDeep(v)])) as T;
  }
  return value;
}
