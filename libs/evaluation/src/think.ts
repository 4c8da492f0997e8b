/** What the `<think>` tags of a prediction held, and the answer left once they are removed. */
export interface ThinkSplit {
  answer: string;
  think: { present: boolean; closed: boolean; length: number };
  /** Offset in the raw text where the answer starts (after the last `</think>`). */
  answerStart: number;
}

const OPEN = '<think>';
const CLOSE = '</think>';

/**
 * Removes reasoning blocks. Everything up to the last `</think>` is reasoning (models often
 * omit the opening tag, the chat template having sent it). An opened block that never closes
 * means the model ran out of tokens while thinking: there is no answer.
 */
export function splitThink(text: string): ThinkSplit {
  const close = text.lastIndexOf(CLOSE);
  if (close >= 0) {
    const reasoning = text.slice(0, close);
    const inner = reasoning.includes(OPEN) ? reasoning.slice(reasoning.indexOf(OPEN) + OPEN.length) : reasoning;
    const answerStart = close + CLOSE.length;
    return { answer: text.slice(answerStart), think: { present: true, closed: true, length: inner.length }, answerStart };
  }
  const open = text.indexOf(OPEN);
  if (open >= 0) {
    return { answer: '', think: { present: true, closed: false, length: text.length - open - OPEN.length }, answerStart: text.length };
  }
  return { answer: text, think: { present: false, closed: false, length: 0 }, answerStart: 0 };
}
