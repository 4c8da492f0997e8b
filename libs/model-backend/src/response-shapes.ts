import { z } from 'zod';

/** The parts of OpenAI-compatible answers flywheel reads; everything else may vary by server. */
const Usage = z.looseObject({ completion_tokens: z.number().int().nonnegative().optional() }).nullish();

export const ChatCompletionResponse = z.looseObject({
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({ content: z.string().nullable() }),
        logprobs: z
          .looseObject({
            content: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).nullish(),
          })
          .nullish(),
      }),
    )
    .min(1),
  usage: Usage,
});

/** Legacy completions logprobs: parallel arrays; the first prompt token has no logprob (null). */
export const CompletionLogprobs = z.looseObject({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullish(),
  text_offset: z.array(z.number().int()).nullish(),
});
export type CompletionLogprobs = z.infer<typeof CompletionLogprobs>;

export const CompletionResponse = z.looseObject({
  choices: z.array(z.looseObject({ text: z.string(), logprobs: CompletionLogprobs.nullish() })).min(1),
  usage: Usage,
});

/** vLLM's POST /tokenize answer. */
export const TokenizeResponse = z.looseObject({ tokens: z.array(z.number().int()) });

export const ModelsResponse = z.looseObject({ data: z.array(z.looseObject({ id: z.string() })) });
