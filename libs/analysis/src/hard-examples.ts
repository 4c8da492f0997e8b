import type { Example } from '@flywheel/contracts';
import { createHash } from 'node:crypto';
import { evaluateArithmetic } from './arithmetic.js';
export { parseGenerated } from '@flywheel/training-data';

/** One line of `data/adversarial_examples/hard_examples_YYYYMMDD.jsonl` (the seed's shape, plus provenance). */
export interface HardExample {
  prompt: string;
  golden: string;
  model_failed: string;
  pattern: string;
  source_id: string;
  difficulty: Example['difficulty'];
  skill: string;
  generator: 'template' | 'llm';
}

/** The failure pattern an example belongs to: its skill and difficulty. */
export const patternOf = (e: Pick<Example, 'skill' | 'difficulty'>) => `${e.skill}/${e.difficulty}`;

/** The text a hard example is built from: the plain prompt, or the chat's last user turn. */
export function promptTextOf(example: Example): string {
  if (example.prompt !== undefined) return example.prompt;
  const users = example.messages!.filter((m) => m.role === 'user');
  return users.at(-1)?.content ?? example.messages!.at(-1)!.content;
}

const ARITHMETIC = /^(.*?)(\(?\d[\d\s+\-*/()]*\d\)?)(.*)$/s;

/**
 * Templated variation for procedural tasks: the numbers of an arithmetic question are
 * replaced by others of the same number of digits (deterministically, from the source id and
 * the variant index) and the golden is recomputed. Null for anything that is not such a task:
 * a template cannot know the answer to a changed fact question.
 */
export function templateVariant(example: Example, variant: number): { prompt: string; golden: string } | null {
  const text = promptTextOf(example);
  const match = ARITHMETIC.exec(text);
  if (!match) return null;
  const [, before, expression, after] = match;
  if (evaluateArithmetic(expression!) === null) return null;
  let k = 0;
  const changed = expression!.replace(/\d+/g, (digits) => {
    const seed = createHash('sha256').update(`${example.id}|${variant}|${k++}`).digest().readUInt32BE(0);
    const low = digits.length === 1 ? 2 : 10 ** (digits.length - 1);
    const high = 10 ** digits.length - 1;
    return String(low + (seed % (high - low + 1)));
  });
  const golden = evaluateArithmetic(changed);
  if (golden === null || !Number.isInteger(golden)) return null;
  return { prompt: `${before}${changed}${after}`, golden: String(golden) };
}

/** The prompt an LLM generator is given, and how its answer is read. */
export function llmGeneratorPrompt(example: Example): string {
  return (
    'Write one new question that tests the same skill as the example, is at least as hard, ' +
    'and has a single short correct answer.\n' +
    `Example question: ${promptTextOf(example)}\nExample answer: ${example.golden}\n` +
    'Reply exactly in the form:\nQ: <question>\nA: <answer>'
  );
}

/** Prompts compared for de-duplication: trimmed, whitespace collapsed, lower case. */
export const promptKey = (prompt: string) => prompt.trim().replace(/\s+/g, ' ').toLowerCase();
