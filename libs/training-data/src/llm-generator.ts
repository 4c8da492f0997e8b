import type { Difficulty } from '@flywheel/contracts';
import type { ModelBackend } from '@flywheel/model-backend';

/** Reads a generator's `Q: … / A: …` answer; null for anything else. */
export function parseGenerated(text: string): { prompt: string; golden: string } | null {
  const match = /Q:\s*([\s\S]+?)\n\s*A:\s*(.+)/.exec(text);
  if (!match) return null;
  const prompt = match[1]!.trim();
  const golden = match[2]!.trim();
  return prompt && golden ? { prompt, golden } : null;
}

/**
 * The prompt template for a new training question of a skill and difficulty; `brief` (the
 * production monitor's `generator_prompt`: weak skills, corrected failures) goes first.
 */
export function llmTaskPrompt(skill: string, difficulty: Difficulty, nonce: number, brief?: string): string {
  return (
    (brief ? `${brief}\n\n` : '') +
    `Write one new ${difficulty} question about ${skill.replace(/_/g, ' ')} with a single short, certainly correct answer ` +
    `(variant ${nonce}). Reply exactly in the form:\nQ: <question>\nA: <answer>`
  );
}

/**
 * Training questions from a model through the model backend (sampled, so variants differ).
 * Answers not in the `Q:/A:` form are dropped rather than guessed at; goldens from a model are
 * only as good as the model, which is why this generator's share is off by default.
 */
export async function llmTasks(backend: ModelBackend, count: number, difficulty: (i: number) => Difficulty, skills: readonly string[], brief?: string) {
  const out: { prompt: string; golden: string; difficulty: Difficulty; skill: string; source: string }[] = [];
  for (let i = 0; i < count; i++) {
    const skill = skills[i % skills.length]!;
    const level = difficulty(i);
    const answer = await backend.generate({ prompt: llmTaskPrompt(skill, level, i, brief) }, { maxTokens: 200, temperature: 0.8, stop: [] }).catch(() => null);
    const parsed = answer ? parseGenerated(answer.text) : null;
    if (parsed) out.push({ ...parsed, difficulty: level, skill, source: `llm:${backend.endpoint.model}` });
  }
  return out;
}
