import type { Grader } from '@flywheel/contracts';
import { splitThink } from './think.js';

/** Trimmed, whitespace collapsed, lower-cased. */
export function normalizeAnswer(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

const NUMBER = /[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?/i;

/** The first number in the text (thousands separators allowed), or null. */
export function firstNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  return match ? Number(match[0].replace(/,/g, '')) : null;
}

/** The option letter an answer picks: "B", "(B)", "B.", "B) text", "Answer: B", or an option's full text. */
export function chosenLetter(text: string, choices?: readonly string[]): string | null {
  const answer = text.trim();
  const lead = /^(?:the\s+)?(?:answer\s*(?:is)?\s*[:\-]?\s*)?\(?([A-Z])\)?(?:[.):\s]|$)/i.exec(answer);
  if (lead) return lead[1]!.toUpperCase();
  if (choices) {
    const index = choices.findIndex((c) => normalizeAnswer(c) === normalizeAnswer(answer));
    if (index >= 0) return String.fromCharCode(65 + index);
  }
  return null;
}

/** Whether a prediction (raw model output, think blocks included) answers the golden. */
export function gradePrediction(prediction: string, golden: string, grader: Grader = { type: 'exact' }): boolean {
  const { answer, think } = splitThink(prediction);
  if (think.present && !think.closed) return false;
  switch (grader.type) {
    case 'exact':
      return normalizeAnswer(answer) === normalizeAnswer(golden);
    case 'numeric': {
      const got = firstNumber(answer);
      const want = firstNumber(golden);
      return got !== null && want !== null && Math.abs(got - want) <= grader.tolerance;
    }
    case 'choice': {
      const want = chosenLetter(golden, grader.choices);
      return want !== null && chosenLetter(answer, grader.choices) === want;
    }
    case 'regex':
      return new RegExp(grader.pattern, grader.flags).test(answer.trim());
  }
}
