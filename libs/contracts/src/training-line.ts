import { z } from 'zod';
import { ChatMessage, Difficulty } from './eval/example.js';

/**
 * One line of a training file in `queue/` (ChatML JSONL, what the trainer consumes): the
 * conversation, optionally led by one system message, then user and assistant turns
 * alternating, ending with a non-empty assistant turn (what the model learns to say).
 */
export const TrainingLine = z
  .looseObject({
    messages: z.array(ChatMessage).min(2),
    difficulty: Difficulty.optional(),
    skill: z.string().min(1).optional(),
    /** What produced it: a generator name, "adversarial", "correction", a pool file. */
    source: z.string().optional(),
  })
  .superRefine((line, ctx) => {
    const turns = line.messages[0]?.role === 'system' ? line.messages.slice(1) : line.messages;
    const offset = line.messages.length - turns.length;
    turns.forEach((m, i) => {
      const want = i % 2 === 0 ? 'user' : 'assistant';
      if (m.role !== want) {
        ctx.addIssue({ code: 'custom', path: ['messages', i + offset, 'role'], message: `expected "${want}" here (turns alternate user, assistant), got "${m.role}"` });
      }
    });
    const last = line.messages.at(-1)!;
    if (last.role !== 'assistant') ctx.addIssue({ code: 'custom', path: ['messages'], message: 'the last turn must be the assistant\'s answer' });
    else if (last.content.trim() === '') ctx.addIssue({ code: 'custom', path: ['messages', line.messages.length - 1, 'content'], message: 'the assistant turn is empty' });
  });
export type TrainingLine = z.infer<typeof TrainingLine>;
