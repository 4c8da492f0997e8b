/** The answer to "Reverse the letters of "word"." (optionally followed by "Answer:"); null for any other text. */
export function solveReverse(prompt: string): string | null {
  const m = /^Reverse the letters of "([^"\n]+)"\.?(?:\s*\nAnswer:)?\s*$/.exec(prompt.trim());
  return m ? [...m[1]!].reverse().join('') : null;
}
