// Splits a model output into reasoning and answer the way the evaluator reads it
// (libs/evaluation/src/think.ts): everything up to the last `</think>` is reasoning (models
// often omit the opening tag, the chat template having sent it); an opened block that never
// closes runs to the end (the model ran out of tokens while thinking).

/**
 * @returns {{kind: 'text'|'think'|'tag', text: string}[]} segments in order; `tag` segments are
 *   the literal `<think>`/`</think>` markers, so they can be shown distinctly.
 */
export function thinkSegments(output) {
  const text = typeof output === 'string' ? output : '';
  const close = text.lastIndexOf('</think>');
  if (close >= 0) {
    return [...reasoning(text.slice(0, close)), { kind: 'tag', text: '</think>' }, ...plain(text.slice(close + '</think>'.length))];
  }
  const open = text.indexOf('<think>');
  if (open >= 0) {
    return [...plain(text.slice(0, open)), { kind: 'tag', text: '<think>' }, ...think(text.slice(open + '<think>'.length))];
  }
  return plain(text);
}

/** Reasoning text, its own opening tags kept as tag segments. */
function reasoning(text) {
  return text.split(/(<think>)/).flatMap((part) => (part === '<think>' ? [{ kind: 'tag', text: part }] : think(part)));
}

const plain = (text) => (text ? [{ kind: 'text', text }] : []);
const think = (text) => (text ? [{ kind: 'think', text }] : []);
