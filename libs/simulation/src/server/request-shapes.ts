import { ChatMessage, formatIssuePath } from '@flywheel/contracts';
import { z } from 'zod';

export const CompletionRequest = z.looseObject({
  model: z.string().min(1),
  prompt: z.union([z.string(), z.array(z.number().int().nonnegative()).min(1)]),
  max_tokens: z.number().int().nonnegative().default(256),
  temperature: z.number().min(0).optional(),
  echo: z.boolean().default(false),
  logprobs: z.number().int().min(0).max(20).nullish(),
  stream: z.boolean().optional(),
});

export const ChatRequest = z.looseObject({
  model: z.string().min(1),
  messages: z.array(ChatMessage).min(1),
  max_tokens: z.number().int().positive().default(256),
  temperature: z.number().min(0).optional(),
  logprobs: z.boolean().default(false),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
});

export const TokenizePromptRequest = z.looseObject({ model: z.string().optional(), prompt: z.string(), add_special_tokens: z.boolean().default(true) });
export const TokenizeChatRequest = z.looseObject({
    model: z.string().optional(),
    messages: z.array(ChatMessage).min(1),
    add_generation_prompt: z.boolean().default(true),
    // The chat template brings its own markers, so no BOS by default (as vLLM does for chat).
    add_special_tokens: z.boolean().default(false),
});

export const DetokenizeRequest = z.looseObject({ model: z.string().optional(), tokens: z.array(z.number().int()) });
export const LoadLoraRequest = z.looseObject({ lora_name: z.string().min(1), lora_path: z.string().min(1) });
export const UnloadLoraRequest = z.looseObject({ lora_name: z.string().min(1) });

/** zod issues as "field: message; …", for 400 answers that say what to fix. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${formatIssuePath(i.path) || '(body)'}: ${i.message}`).join('; ');
}
