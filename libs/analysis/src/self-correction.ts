import type { EvalRecord, Example, TrainingLine } from '@flywheel/contracts';
import { splitThink } from '@flywheel/evaluation';
import { createHash } from 'node:crypto';

/** A queued training line as a question for the model: everything before the last answer, and that answer. */
export function lineAsExample(line: TrainingLine, text: string): Example {
  const prompt = line.messages.slice(0, -1);
  return {
    id: `q-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
    messages: prompt,
    golden: line.messages.at(-1)!.content,
    difficulty: line.difficulty ?? 'medium',
    skill: line.skill ?? 'general',
  };
}

/** Why an answer is wrong, as a pattern name shared by similar errors. */
export function errorPattern(record: EvalRecord, golden: string): string {
  if (record.think.present && !record.think.closed) return 'unclosed_think';
  const answer = splitThink(record.prediction).answer.trim();
  if (answer === '') return 'empty_answer';
  const number = /^-?\d+(\.\d+)?$/;
  if (number.test(golden.trim())) return number.test(answer) ? 'wrong_number' : 'not_a_number';
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
  } as TrainingLine;
}
