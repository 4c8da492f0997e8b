import type { Example } from '@flywheel/contracts';
import { renderChat } from './chat-template.js';

/** The text a server sees for an example's prompt: the plain prompt, or the rendered chat. */
export function promptText(example: Example): string {
  return example.messages ? renderChat(example.messages, true) : example.prompt!;
}

export interface ExampleMatch {
  example: Example;
  /** Length of the example's prompt text within the request's text. */
  promptLength: number;
  /** The request's text is the prompt followed by the golden answer (a teacher-forcing request). */
  withGolden: boolean;
}

/** Finds the example a request is about, by its prompt text (optionally followed by its golden). */
export function createExampleIndex(examples: readonly Example[]) {
  const byPrompt = new Map(examples.map((e) => [promptText(e), e]));
  return {
    size: byPrompt.size,
    match(text: string): ExampleMatch | null {
      const exact = byPrompt.get(text);
      if (exact) return { example: exact, promptLength: text.length, withGolden: false };
      for (const [prompt, example] of byPrompt) {
        if (text.length > prompt.length && text.startsWith(prompt) && text.slice(prompt.length) === example.golden) {
          return { example, promptLength: prompt.length, withGolden: true };
        }
      }
      return null;
    },
  };
}
export type ExampleIndex = ReturnType<typeof createExampleIndex>;
