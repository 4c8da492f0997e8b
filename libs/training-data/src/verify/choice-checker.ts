/** A multiple-choice question: its stem and its options by letter. */
export interface ChoiceQuestion {
  stem: string;
  options: { letter: string; text: string }[];
}

const MARKER = /(^|\s)\(?([A-H])[.)](?=\s)/g;

/**
 * Reads options written "A. 21", "B) 35" or "(C) 40" (on one line or several), lettered A, B,
 * C … in order; null when fewer than two such options are found.
 */
export function readChoices(prompt: string): ChoiceQuestion | null {
  const marks: { letter: string; at: number; after: number }[] = [];
  for (const m of prompt.matchAll(MARKER)) {
    const letter = m[2]!;
    const expected = String.fromCharCode(65 + marks.length);
    if (letter !== expected) continue;
    const at = m.index! + m[1]!.length;
    marks.push({ letter, at, after: m.index! + m[0].length });
  }
  if (marks.length < 2) return null;
  return {
    stem: prompt.slice(0, marks[0]!.at).trim(),
    options: marks.map((m, i) => ({ letter: m.letter, text: prompt.slice(m.after, marks[i + 1]?.at ?? prompt.length).trim() })),
  };
}

/** The letter a golden names: "B", "(B)", "B.", "B) 35", "Answer: B"; null otherwise. */
export function goldenLetter(golden: string): string | null {
  const m = /^\s*(?:the\s+answer\s+is\s+|answer\s*:\s*)?\(?([A-H])\)?(?:[.)]|\s|$)/i.exec(golden);
  return m ? m[1]!.toUpperCase() : null;
}
