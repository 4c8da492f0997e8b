/**
 * Evaluates an integer arithmetic expression (+ − × ÷ and parentheses) without `eval`:
 * a recursive-descent parser. Null when the text is anything else.
 */
export function evaluateArithmetic(text: string): number | null {
  const tokens = text.match(/\d+|[-+*/()]|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const expression = (): number | null => {
    let value = term();
    while (value !== null && (peek() === '+' || peek() === '-')) {
      const op = tokens[at++];
      const right = term();
      if (right === null) return null;
      value = op === '+' ? value + right : value - right;
    }
    return value;
  };
  const term = (): number | null => {
    let value = factor();
    while (value !== null && (peek() === '*' || peek() === '/')) {
      const op = tokens[at++];
      const right = factor();
      if (right === null || (op === '/' && right === 0)) return null;
      value = op === '*' ? value * right : value / right;
    }
    return value;
  };
  const factor = (): number | null => {
    const token = tokens[at++];
    if (token === undefined) return null;
    if (/^\d+$/.test(token)) return Number(token);
    if (token === '(') {
      const inner = expression();
      return tokens[at++] === ')' ? inner : null;
    }
    return null;
  };
  const value = expression();
  return value !== null && at === tokens.length && Number.isFinite(value) ? value : null;
}
