/**
 * JSON as Python's `json` module writes it: `NaN`, `Infinity` and `-Infinity` as bare tokens
 * (its default `allow_nan=True`; an fp16 run logs `grad_norm: inf` exactly when it diverges),
 * and a leading byte-order mark (files saved with `encoding='utf-8-sig'`, or by Windows tools).
 * Strict JSON.parse calls all of these malformed; they are real input.
 */

/** Where a non-finite number stood, e.g. `log_history[3].grad_norm`, and what it was. */
export interface NonFiniteValue {
  path: string;
  value: 'NaN' | 'Infinity' | '-Infinity';
}

export interface PythonJson {
  value: unknown;
  /** Every NaN/±Infinity in the document, in document order: callers report them. */
  nonFinite: NonFiniteValue[];
  /** The text started with a byte-order mark (removed before parsing). */
  hadBom: boolean;
}

const TOKENS = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY } as const;

/**
 * Parses `text` as Python would read it back (`json.loads`): the non-finite numbers are kept
 * as JavaScript's NaN and ±Infinity (never turned into 0 or null) and listed with their paths.
 * @throws SyntaxError as JSON.parse does, with positions in the text as given (BOM included)
 */
export function parsePythonJson(text: string): PythonJson {
  const hadBom = text.charCodeAt(0) === 0xfeff;
  const body = hadBom ? text.slice(1) : text;
  // Bare tokens become unique marker strings (outside string literals only), which a reviver
  // turns back into numbers; a marker cannot collide with a string the file itself holds.
  let nonce = 0;
  while (body.includes(`__pyjson${nonce}_`)) nonce++;
  const marker = `__pyjson${nonce}_`;
  let out = '';
  let replaced = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < body.length && body[j] !== '"') j += body[j] === '\\' ? 2 : 1;
      out += body.slice(i, j + 1);
      i = j;
      continue;
    }
    const token = ch === 'N' && body.startsWith('NaN', i) ? 'NaN'
      : ch === 'I' && body.startsWith('Infinity', i) ? 'Infinity'
        : ch === '-' && body.startsWith('-Infinity', i) ? '-Infinity'
          : null;
    if (token) {
      out += `"${marker}${token}"`;
      i += token.length - 1;
      replaced = true;
      continue;
    }
    out += ch;
  }
  if (!replaced) {
    try {
      return { value: JSON.parse(body), nonFinite: [], hadBom };
    } catch (error) {
      throw shifted(error, hadBom);
    }
  }
  const nonFinite: NonFiniteValue[] = [];
  let value: unknown;
  try {
    value = JSON.parse(out);
  } catch {
    // Report the error against the text the user has, not the rewritten one.
    try {
      JSON.parse(body);
    } catch (error) {
      throw shifted(error, hadBom);
    }
    throw new SyntaxError('not valid JSON');
  }
  const revive = (node: unknown, path: string): unknown => {
    if (typeof node === 'string' && node.startsWith(marker)) {
      const token = node.slice(marker.length) as keyof typeof TOKENS;
      if (token in TOKENS) {
        nonFinite.push({ path: path || '(root)', value: token });
        return TOKENS[token];
      }
      return node;
    }
    if (Array.isArray(node)) return node.map((item, index) => revive(item, `${path}[${index}]`));
    if (node && typeof node === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) copy[key] = revive(item, path ? `${path}.${key}` : key);
      return copy;
    }
    return node;
  };
  value = revive(value, '');
  return { value, nonFinite, hadBom };
}

/** A BOM moved every position by one: say the position in the file as it is. */
function shifted(error: unknown, hadBom: boolean): unknown {
  if (!hadBom || !(error instanceof SyntaxError)) return error;
  return new SyntaxError(error.message.replace(/at position (\d+)/, (_, n: string) => `at position ${Number(n) + 1}`));
}
