/** English number words, as far as a question spells a number out ("forty-two", "one hundred and five"). */
const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, bigint> = { thousand: 1_000n, million: 1_000_000n, billion: 1_000_000_000n };

/** Whether a (lower-case) word is part of a spelled-out number ("and" only joins inside one). */
export const isNumberWord = (word: string) =>
  word.split('-').every((w) => w in UNITS || w in TENS || w === 'hundred' || w in SCALES);

/**
 * The value of a run of number words (["twenty-one"], ["one", "hundred", "and", "five"]), or
 * null when the words do not make one well-formed number ("five five", "hundred", "and").
 */
export function numberFromWords(words: readonly string[]): bigint | null {
  const parts = words.flatMap((w) => w.toLowerCase().split('-')).filter((w) => w !== 'and');
  if (parts.length === 0 || words.at(-1)?.toLowerCase() === 'and' || words[0]?.toLowerCase() === 'and') return null;
  let total = 0n;
  let group = 0n;
  // What may come next inside a group: a unit/tens word, or "hundred" right after a unit.
  let last: 'none' | 'unit' | 'tens' | 'teen' | 'hundred' | 'scale' = 'none';
  let lastScale = Infinity;
  for (const w of parts) {
    if (w in TENS) {
      if (last === 'unit' || last === 'tens' || last === 'teen') return null;
      group += BigInt(TENS[w]!);
      last = 'tens';
    } else if (w in UNITS) {
      const v = UNITS[w]!;
      if (last === 'unit' || last === 'teen' || (last === 'tens' && v >= 10) || (v === 0 && last !== 'none')) return null;
      group += BigInt(v);
      last = v >= 10 ? 'teen' : 'unit';
    } else if (w === 'hundred') {
      if ((last !== 'unit' && last !== 'teen') || group >= 100n) return null;
      group *= 100n;
      last = 'hundred';
    } else if (w in SCALES) {
      const scale = SCALES[w]!;
      if (last === 'none' || last === 'scale' || Number(scale) >= lastScale || group === 0n) return null;
      total += group * scale;
      group = 0n;
      lastScale = Number(scale);
      last = 'scale';
    } else {
      return null;
    }
  }
  return total + group;
}
