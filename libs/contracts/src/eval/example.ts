import { z } from 'zod';

/** One ChatML message. */
export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Difficulty = z.enum(['easy', 'medium', 'hard']);
export type Difficulty = z.infer<typeof Difficulty>;

/** How a prediction is judged against the golden answer. Default: `exact`. */
export const Grader = z.discriminatedUnion('type', [
  /** Equal after stripping `<think>…</think>`, trimming, collapsing whitespace and lower-casing. */
  z.object({ type: z.literal('exact') }),
  /** The first number in the prediction is within `tolerance` (absolute) of the golden number. */
  z.object({ type: z.literal('numeric'), tolerance: z.number().nonnegative().default(1e-6) }),
  /** The chosen option letter (A, B, …) equals the golden letter; `choices` are the options' texts. */
  z.object({ type: z.literal('choice'), choices: z.array(z.string()).min(2).optional() }),
  /** The prediction (think-stripped) matches `pattern`. */
  z.object({ type: z.literal('regex'), pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/).default('') }),
]);
export type Grader = z.infer<typeof Grader>;

/**
 * One validation example, one JSON object per line in `data/validation/*.jsonl`.
 * Exactly one of `messages` (ChatML) or `prompt` (plain completion).
 */
export const Example = z
  .object({
    id: z.string().min(1),
    messages: z.array(ChatMessage).min(1).optional(),
    prompt: z.string().min(1).optional(),
    golden: z.string(),
    difficulty: Difficulty,
    skill: z.string().min(1),
    grader: Grader.optional(),
  })
  .refine((e) => (e.messages === undefined) !== (e.prompt === undefined), {
    message: 'give exactly one of "messages" or "prompt"',
    path: ['messages'],
  });
export type Example = z.infer<typeof Example>;
