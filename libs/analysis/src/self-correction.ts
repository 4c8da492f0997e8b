import { Grader, type EvalRecord, type Example, type TrainingLine } from '@flywheel/contracts';
import { splitThink } from '@flywheel/evaluation';
import { exactAnswer, goldenLetter, readChoices } from '@flywheel/training-data';
import { createHash } from 'node:crypto';

/** Lines self-correction never judges: corrections (its own and users'), so a correction is never corrected again. */
export const isCorrection = (line: TrainingLine) => line.source === 'correction' || line.source === 'feedback';

/**
 * How a queued line's answer is judged: the line's own `grader` when it has a valid one, else
 * from the answer's type — a number is compared as a number ("42." is 42), an option letter
 * of a question with options as a choice, anything else exactly.
 */
export function graderFor(line: TrainingLine, question: string, golden: string): Grader {
  const own = Grader.safeParse((line as Record<string, unknown>)['grader']);
  if (own.success) return own.data;
  if (/\d/.test(golden) && exactAnswer(golden)) return { type: 'numeric', tolerance: 0 };
  if (readChoices(question) && goldenLetter(golden)) return { type: 'choice' };
  return { type: 'exact' };
}

/** A queued training line as a question for the model: everything before the last answer, that answer, and its grader. */
export function lineAsExample(line: TrainingLine, text: string): Example {
  const prompt = line.messages.slice(0, -1);
  const golden = line.messages.at(-1)!.content;
  const question = prompt.filter((m) => m.role === 'user').at(-1)?.content ?? '';
  return {
    id: `q-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
    messages: prompt,
    golden,
    difficulty: line.difficulty ?? 'medium',
    skill: line.skill ?? 'general',
    grader: graderFor(line, question, golden),
  };
}

/** Why an answer is wrong, as a pattern name shared by similar errors. */
export function errorPattern(record: EvalRecord, golden: string): string {
  if (record.think.present && !record.think.closed) return 'unclosed_think';
  const answer = splitThink(record.prediction).answer.trim();
  if (answer === '') return 'empty_answer';
  if (exactAnswer(golden)) return exactAnswer(answer) ? 'wrong_number' : 'not_a_number';
  if (/^[A-E]$/.test(golden.trim())) return 'wrong_choice';
  return 'wrong_answer';
}

const EXPLANATION: Record<string, string> = {
  unclosed_think: 'The reasoning never finished (the <think> block was not closed), so no answer was given.',
  empty_answer: 'No answer was given.',
  wrong_number: 'The number is wrong.',
  not_a_number: 'The question asks for a number, and the answer is not one.',
  wrong_choice: 'The wrong option was chosen.',
  wrong_answer: 'The answer is wrong.',
};

/** A correction example: the same prompt, answered with what went wrong and the right answer. */
export function correctionLine(example: Example, record: EvalRecord, pattern: string, checkpoint: string): TrainingLine {
  const predicted = splitThink(record.prediction).answer.trim() || '(nothing)';
  return {
    messages: [
      ...(example.messages ?? [{ role: 'user' as const, content: example.prompt! }]),
      { role: 'assistant', content: `A previous answer was "${predicted}". ${EXPLANATION[pattern] ?? EXPLANATION['wrong_answer']} The correct answer is: ${example.golden}` },
    ],
    difficulty: example.difficulty,
    skill: example.skill,
    source: 'correction',
    error_pattern: pattern,
    model_failed: checkpoint,
    // The golden on its own, so the queue's admission checks it rather than the explanation.
    golden: example.golden,
    source_id: example.id,
  } as TrainingLine;
}
