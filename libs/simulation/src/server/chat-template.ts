import type { ChatMessage } from '@flywheel/contracts';

/** ChatML, as Qwen-style models render it. */
export function renderChat(messages: readonly ChatMessage[], addGenerationPrompt: boolean): string {
  const body = messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('');
  return addGenerationPrompt ? `${body}<|im_start|>assistant\n` : body;
}
