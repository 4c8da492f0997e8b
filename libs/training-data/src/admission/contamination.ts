/**
 * Contamination check against the held-out split, after the GPT-3 and Llama reports: a
 * training question is dirty when it shares a long run of tokens with a held-out question.
 *
 * - Tokens: lower-cased words and numbers, and operator symbols (`+`, `×`, …); other
 *   punctuation and white space are dropped, so "What is 45×12?" and "what is 45 × 12" are equal.
 * - n = 13, GPT-3's n. Questions here are short (the demo's are 5–12 tokens), and a 13-gram
 *   never occurs in a question of 8 tokens, so a question shorter than n counts whole: a pair
 *   is dirty when it shares min(n, length of the shorter question) consecutive tokens. A
 *   held-out "What is 12 + 6?" inside a training prompt is found; a variant with other
 *   numbers ("What is 37 + 81?") shares only "what is" and is not.
 * - Threshold: one shared run is enough (GPT-3's "any overlap"); no partial-overlap ratio.
 * - Memory: the index keeps each held-out question's tokens once (joined) and one number per
 *   4-token position (a 32-bit hash of the 4 tokens and the question's number, packed into one
 *   float, in a sorted `Float64Array`): about 8 bytes per held-out token, so 10,000 questions of
 *   200 tokens take ~16 MB. A lookup finds the questions that hold the run's first 4 tokens by
 *   binary search and compares the run's tokens exactly (no false matches from hash collisions).
 *   Past `maxGrams` positions (or 2^20 questions) the index is not built; every line is then
 *   refused with that reason ({@link ContaminationIndex.overflow}) instead of failing the pass.
 */
export interface ContaminationOptions {
  /** Run length for questions of at least n tokens. @defaultValue 13 */
  n: number;
  /** Most 4-token positions the index may hold (8 bytes each). @defaultValue 4_000_000 */
  maxGrams: number;
}
export const CONTAMINATION_DEFAULTS: ContaminationOptions = { n: 13, maxGrams: 4_000_000 };

export interface HeldOutItem {
  id: string;
  text: string;
}

export interface ContaminationIndex {
  readonly n: number;
  readonly items: number;
  /** Entries indexed: 4-token positions, and held-out questions shorter than n kept whole. */
  readonly grams: number;
  /** Why the split could not be indexed (every line is refused with it), or null. */
  readonly overflow: string | null;
  /** The first held-out run the text shares, or null when it is clean (always null on overflow). */
  check(text: string): { heldOutId: string; run: string } | null;
}

/** The tokens compared. */
export function contaminationTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+|[+\-*/^=×÷−<>%]/gu) ?? [];
}

/** Shorter training questions than this are matched only when equal to a held-out question, not as a part of one. */
const MIN_RUN = 4;
/** Questions are numbered in the low 20 bits of a packed position. */
const ITEM_BITS = 2 ** 20;

/** A 32-bit FNV-1a hash of the MIN_RUN tokens from `from`. */
function hash4(tokens: readonly string[], from: number): number {
  let a = 0x811c9dc5;
  for (let i = from; i < from + MIN_RUN; i++) {
    const t = tokens[i]!;
    for (let j = 0; j <= t.length; j++) a = Math.imul(a ^ (j === t.length ? 0x1f : t.charCodeAt(j)), 0x01000193); // 0x1f separates tokens
  }
  return a >>> 0;
}

/** First index in sorted `keys` whose value is ≥ `value`. */
function lowerBound(keys: Float64Array, value: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indexes the held-out questions: each 4-token position of every question (so that any run of
 * 4 … n tokens can be looked up by its first four and compared), and each question shorter
 * than n whole (for a short held-out question inside a training one, or equal to a tiny one).
 */
export function buildContaminationIndex(items: readonly HeldOutItem[], options: Partial<ContaminationOptions> = {}): ContaminationIndex {
  const { n, maxGrams } = { ...CONTAMINATION_DEFAULTS, ...options };
  const tokenised = items.map((item) => contaminationTokens(item.text));
  const positions = tokenised.reduce((sum, t) => sum + Math.max(0, t.length - MIN_RUN + 1), 0);
  if (positions > maxGrams || items.length >= ITEM_BITS) {
    const overflow = `not checked for contamination: the held-out split (${items.length} questions, ${positions} 4-token positions) is larger than the index holds (${maxGrams} positions, ${ITEM_BITS - 1} questions); shrink data/validation`;
    return { n, items: items.length, grams: 0, overflow, check: () => null };
  }
  /** Each question's tokens joined, padded with spaces so a run matches on token boundaries only. */
  const joined = tokenised.map((t) => ` ${t.join(' ')} `);
  const keys = new Float64Array(positions);
  let at = 0;
  /** Held-out questions shorter than n, whole: joined tokens → id; and the lengths present. */
  const short = new Map<string, string>();
  const shortLengths = new Set<number>();
  tokenised.forEach((tokens, item) => {
    const L = tokens.length;
    if (L === 0) return;
    if (L < n) {
      const key = tokens.join(' ');
      if (!short.has(key)) short.set(key, items[item]!.id);
      shortLengths.add(L);
    }
    for (let i = 0; i + MIN_RUN <= L; i++) keys[at++] = hash4(tokens, i) * ITEM_BITS + item;
  });
  keys.sort();

  /** The id of the first held-out question holding tokens[i, i+k) (k ≥ MIN_RUN), or undefined. */
  const holder = (tokens: readonly string[], i: number, k: number): string | undefined => {
    const base = hash4(tokens, i) * ITEM_BITS;
    const run = ` ${tokens.slice(i, i + k).join(' ')} `;
    for (let p = lowerBound(keys, base); p < keys.length && keys[p]! < base + ITEM_BITS; p++) {
      const item = keys[p]! - base;
      if (joined[item]!.includes(run)) return items[item]!.id;
    }
    return undefined;
  };
  return {
    n,
    items: items.length,
    grams: positions + short.size,
    overflow: null,
    check(text) {
      const tokens = contaminationTokens(text);
      const M = tokens.length;
      if (M === 0) return null;
      const hit = (id: string | undefined, i: number, k: number) => (id ? { heldOutId: id, run: tokens.slice(i, i + k).join(' ') } : null);
      if (M < n) {
        // The training question whole inside (or, when tiny, equal to) a held-out one.
        const found = hit(M >= MIN_RUN ? holder(tokens, 0, M) : short.get(tokens.join(' ')), 0, M);
        if (found) return found;
      } else {
        for (let i = 0; i + n <= M; i++) {
          const found = hit(holder(tokens, i, n), i, n);
          if (found) return found;
        }
      }
      // A short held-out question whole inside the training one.
      for (const L of shortLengths) {
        if (L < MIN_RUN) continue; // matched above, by equality only
        for (let i = 0; i + L <= M; i++) {
          const found = hit(short.get(tokens.slice(i, i + L).join(' ')), i, L);
          if (found) return found;
        }
      }
      return null;
    },
  };
}
