import type { Example } from '@flywheel/contracts';
import { parseGenerated, readArithmeticQuestion, readChoices, toDecimalString, verifyGolden, type NumberToken } from '@flywheel/training-data';
import { createHash } from 'node:crypto';
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

/** Why a failure got no new example (counted per reason in `adversarial_mining.json`). */
export type NoVariantReason =
  | 'multiple_choice'
  | 'not_a_calculation'
  | 'golden_disagrees'
  | 'not_a_terminating_decimal'
  | 'division_by_zero'
  | 'exponent_unsupported'
  | 'only_known_prompts'
  | 'llm_no_answer'
  | 'llm_unverifiable'
  | 'llm_golden_wrong';
export type VariantOutcome = { prompt: string; golden: string } | { reason: NoVariantReason };

/** A number in place of `token`: as many integer digits and decimals as it had, never 0 or 1 for a single digit. */
function replacement(token: NumberToken, seed: number): string {
  const whole = token.value.n / token.value.d;
  const digits = Math.max(1, whole.toString().length);
  const low = digits === 1 ? 2 : 10 ** (digits - 1);
  const high = 10 ** digits - 1;
  const integer = String(low + (seed % (high - low + 1)));
  if (token.decimals === 0) return integer;
  const fraction = String(1 + (Math.floor(seed / 7919) % (10 ** token.decimals - 1))).padStart(token.decimals, '0');
  return `${integer}.${fraction}`;
}

/**
 * Templated variation, only of questions an independent checker can answer: a calculation
 * ("What is 45 × 12?", with Unicode operators, decimals, negatives or number words) whose own
 * golden the checker confirms. Its numbers are replaced by others of the same size
 * (deterministically, from the source id and the variant index), the golden is recomputed
 * exactly (rationals) and written only when it has a finite decimal form, and the new line is
 * checked again from its text. Anything else — a fact, a year, a list number, units, a
 * multiple-choice item — gets no variant and the reason.
 */
export function templateVariant(example: Example, variant: number): VariantOutcome {
  const text = promptTextOf(example);
  if (readChoices(text)) return { reason: 'multiple_choice' };
  const question = readArithmeticQuestion(text);
  if ('failure' in question) {
    return { reason: question.failure === 'division_by_zero' || question.failure === 'exponent_unsupported' ? question.failure : 'not_a_calculation' };
  }
  if (verifyGolden({ prompt: text, golden: example.golden }).status !== 'verified') return { reason: 'golden_disagrees' };
  let prompt = '';
  let last = 0;
  question.numbers.forEach((token, k) => {
    const seed = createHash('sha256').update(`${example.id}|${variant}|${k}`).digest().readUInt32BE(0);
    prompt += text.slice(last, token.start) + replacement(token, seed);
    last = token.end;
  });
  prompt += text.slice(last);
  const changed = readArithmeticQuestion(prompt);
  if ('failure' in changed) {
    return { reason: changed.failure === 'division_by_zero' || changed.failure === 'exponent_unsupported' ? changed.failure : 'not_a_calculation' };
  }
  const golden = toDecimalString(changed.value);
  if (golden === null) return { reason: 'not_a_terminating_decimal' };
  // Checked once more from the text alone, as every line entering the queue is.
  if (verifyGolden({ prompt, golden }).status !== 'verified') return { reason: 'golden_disagrees' };
  return { prompt, golden };
}

/** A model's `Q: … / A: …` as a hard example, only when an independent checker confirms its answer. */
export function verifiedGenerated(text: string): VariantOutcome {
  const parsed = parseGenerated(text);
  if (!parsed) return { reason: 'llm_no_answer' };
  const verdict = verifyGolden(parsed);
  if (verdict.status === 'verified') return parsed;
  return { reason: verdict.status === 'wrong' ? 'llm_golden_wrong' : 'llm_unverifiable' };
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
