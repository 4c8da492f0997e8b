/**
 * Helpers that turn parse failures into messages a person can act on. They live with the
 * contracts because every reader of a contract file (config, status files, trainer state)
 * reports its problems the same way.
 */

/** `['evidence', 'checkpoints', 2, 'loss']` → `evidence.checkpoints[2].loss`; `(root)` for none. */
export function formatIssuePath(parts: readonly PropertyKey[]): string {
  const text = parts.reduce<string>(
    (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
    '',
  );
  return text || '(root)';
}

/**
 * Where V8's JSON.parse failed, as `line L, column C`: from "at position N" when the message
 * says so, else from the excerpt it quotes around the bad token
 * (`Unexpected token ',', ..."samples": ,\n}" is not valid JSON`, ten characters of context).
 */
export function jsonErrorLocation(text: string, message: string): string | undefined {
  let position: number | undefined;
  const stated = /at position (\d+)/.exec(message);
  if (stated) position = Number(stated[1]);
  else if (/Unexpected end of JSON input/.test(message)) position = text.length;
  else {
    const quoted = /^Unexpected token '.*?', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s.exec(message);
    const at = quoted ? text.indexOf(quoted[2]!) : -1;
    if (quoted && at >= 0) position = at + (quoted[1] !== undefined ? 10 : 0);
  }
  if (position === undefined) return undefined;
  const before = text.slice(0, position);
  return `line ${before.split('\n').length}, column ${position - before.lastIndexOf('\n')}`;
}
