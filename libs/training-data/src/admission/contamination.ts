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
 * - Memory: the index holds hashes (one number per distinct run), at most `maxGrams`; a
 *   held-out split that needs more is refused at load with its size, not checked partially.
 */
export interface ContaminationOptions {
  /** Run length for questions of at least n tokens. @defaultValue 13 */
  n: number;
  /** Most hashes the index may hold. @defaultValue 2_000_000 */
  maxGrams: number;
}
export const CONTAMINATION_DEFAULTS: ContaminationOptions = { n: 13, maxGrams: 2_000_000 };

export interface HeldOutItem {
  id: string;
  text: string;
}

export interface ContaminationIndex {
  readonly n: number;
  readonly items: number;
  readonly grams: number;
  /** The first held-out run the text shares, or null when it is clean. */
  check(text: string): { heldOutId: string; run: string } | null;
}

/** The tokens compared. */
export function contaminationTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+|[+\-*/^=×÷−<>%]/gu) ?? [];
}

/** A hash of a run of tokens (two 32-bit FNV-1a passes and the run's length), below 2^53. */
function hashRun(tokens: readonly string[], from: number, length: number): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ length;
  for (let i = from; i < from + length; i++) {
    const t = tokens[i]!;
    for (let j = 0; j <= t.length; j++) {
      const c = j === t.length ? 0x1f : t.charCodeAt(j); // 0x1f separates tokens
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 13);
    }
  }
  return ((a >>> 0) & 0x1fffff) * 0x100000000 + (b >>> 0);
}

/** Shorter training questions than this are matched only when equal to a held-out question, not as a part of one. */
const MIN_RUN = 4;

/**
 * Indexes the held-out questions: every run of length 4 … min(n, L) of a question of L
 * tokens (the n-grams, and the parts a shorter training question could equal), and each
 * question whole (for a short held-out question inside a training one).
 */
export function buildContaminationIndex(items: readonly HeldOutItem[], options: Partial<ContaminationOptions> = {}): ContaminationIndex {
  const { n, maxGrams } = { ...CONTAMINATION_DEFAULTS, ...options };
  const runs = new Map<number, string>();
  /** Held-out questions shorter than n, whole: length → hash → id. */
  const whole = new Map<number, Map<number, string>>();
  let wholeCount = 0;
  const full = () => {
    if (runs.size + wholeCount > maxGrams) {
      throw new Error(`contamination index: the held-out split needs more than contamination.maxGrams (${maxGrams}) token runs; raise it or shrink the split`);
    }
  };
  for (const item of items) {
    const tokens = contaminationTokens(item.text);
    const L = tokens.length;
    if (L === 0) continue;
    if (L < n) {
      if (!whole.has(L)) whole.set(L, new Map());
      const map = whole.get(L)!;
      const key = hashRun(tokens, 0, L);
      if (!map.has(key)) { map.set(key, item.id); wholeCount++; }
    }
    for (let k = MIN_RUN; k <= Math.min(n, L); k++) {
      for (let i = 0; i + k <= L; i++) {
        const key = hashRun(tokens, i, k);
        if (!runs.has(key)) runs.set(key, item.id);
      }
    }
    full();
  }
  return {
    n,
    items: items.length,
    grams: runs.size + wholeCount,
    check(text) {
      const tokens = contaminationTokens(text);
      const M = tokens.length;
      if (M === 0) return null;
      const hit = (id: string | undefined, i: number, k: number) => (id ? { heldOutId: id, run: tokens.slice(i, i + k).join(' ') } : null);
      if (M < n) {
        // The training question whole inside (or equal to) a held-out one.
        const found = hit(M >= MIN_RUN ? runs.get(hashRun(tokens, 0, M)) : whole.get(M)?.get(hashRun(tokens, 0, M)), 0, M);
        if (found) return found;
      } else {
        for (let i = 0; i + n <= M; i++) {
          const found = hit(runs.get(hashRun(tokens, i, n)), i, n);
          if (found) return found;
        }
      }
      // A short held-out question whole inside the training one.
      for (const [L, map] of whole) {
        if (L < MIN_RUN) continue; // matched above, by equality only
        for (let i = 0; i + L <= M; i++) {
          const found = hit(map.get(hashRun(tokens, i, L)), i, L);
          if (found) return found;
        }
      }
      return null;
    },
  };
}
