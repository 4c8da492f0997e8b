/**
 * The simulator's tokenizer: deterministic and easy to reason about in tests. A token is
 * optional leading whitespace plus either a maximal run of letters, a single digit, or a
 * single other character; the special tokens below are single tokens (whitespace before one
 * is a token of its own, as is trailing whitespace). Ids are a hash of the token text, remembered so they decode back.
 */
export const BOS = '<s>';
const SPECIAL = ['<s>', '<|im_start|>', '<|im_end|>', '<think>', '</think>'];
const SPECIAL_IDS = new Map(SPECIAL.map((token, index) => [token, index + 1]));
const SPECIAL_PATTERN = new RegExp(`(${SPECIAL.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
const WORD_PATTERN = /\s*[A-Za-z]+|\s*\d|\s*[^\sA-Za-z\d]|\s+$/g;

const byId = new Map<number, string>(SPECIAL.map((token, index) => [index + 1, token]));

export interface Tokens {
  ids: number[];
  strs: string[];
  /** Character offset of each token in the text (BOS: 0, zero width). */
  offsets: number[];
}

export function tokenize(text: string, addSpecialTokens = true): Tokens {
  const out: Tokens = addSpecialTokens ? { ids: [1], strs: [BOS], offsets: [0] } : { ids: [], strs: [], offsets: [] };
  // Special tokens first: whitespace before one never joins it.
  let offset = 0;
  for (const piece of text.split(SPECIAL_PATTERN)) {
    if (SPECIAL_IDS.has(piece)) {
      push(out, piece, offset);
    } else {
      for (const match of piece.matchAll(WORD_PATTERN)) push(out, match[0], offset + match.index);
    }
    offset += piece.length;
  }
  return out;
}

function push(out: Tokens, token: string, offset: number): void {
  out.ids.push(tokenId(token));
  out.strs.push(token);
  out.offsets.push(offset);
}

/** Ids of ordinary tokens: FNV-1a of the text, above the special ids. */
export function tokenId(token: string): number {
  const special = SPECIAL_IDS.get(token);
  if (special !== undefined) return special;
  let hash = 0x811c9dc5;
  for (const char of token) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const id = 100 + (hash % 2_000_000_000);
  byId.set(id, token);
  return id;
}

/** Token text by id; throws on an id this process never produced. */
export function tokenText(id: number): string {
  const text = byId.get(id);
  if (text === undefined) throw new Error(`unknown token id ${id}`);
  return text;
}

/** The text of ids; the BOS token is dropped (it has no text). */
export function detokenize(ids: readonly number[]): string {
  return ids.map((id) => (id === 1 ? '' : tokenText(id))).join('');
}
