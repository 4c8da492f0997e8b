import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildContaminationIndex, type ContaminationIndex, type ContaminationOptions, type HeldOutItem } from './contamination.js';

/**
 * The held-out split: every question of `data/validation/*.jsonl`, the set that gates
 * promotion and regression. Lines that do not parse hold no question here (the evaluator
 * reports them with file and line); a line with a prompt or user turns counts even when
 * other fields are wrong, so that nothing of the split slips past the check.
 */
export async function readHeldOut(validationDir: string): Promise<HeldOutItem[]> {
  const files = (await readdir(validationDir).catch(() => [] as string[])).filter((f) => f.endsWith('.jsonl')).sort();
  const out: HeldOutItem[] = [];
  for (const file of files) {
    const lines = (await readFile(path.join(validationDir, file), 'utf8')).split('\n');
    lines.forEach((text, i) => {
      if (!text.trim()) return;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      const messages = Array.isArray(value['messages']) ? (value['messages'] as { role?: unknown; content?: unknown }[]) : [];
      const question = typeof value['prompt'] === 'string' ? value['prompt'] : messages.filter((m) => m.role === 'user' && typeof m.content === 'string').map((m) => m.content as string).join('\n');
      if (question) out.push({ id: typeof value['id'] === 'string' ? value['id'] : `${file}:${i + 1}`, text: question });
    });
  }
  return out;
}

/** The contamination index of the held-out split in `validationDir`. */
export async function loadHeldOutIndex(validationDir: string, options: Partial<ContaminationOptions> = {}): Promise<ContaminationIndex> {
  return buildContaminationIndex(await readHeldOut(validationDir), options);
}
