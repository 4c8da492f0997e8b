import type { Example } from '@flywheel/contracts';
import { loadExampleSet } from '@flywheel/evaluation';
import { fileURLToPath } from 'node:url';

export const DEMO_SET = fileURLToPath(new URL('../apps/simulator/demo-data/validation', import.meta.url));

/** The demo validation set, copied `times` over with distinct ids and prompts (a larger set). */
export async function benchExamples(times: number): Promise<Example[]> {
  const { examples } = await loadExampleSet(DEMO_SET);
  const out: Example[] = [];
  for (let i = 0; i < times; i++) {
    for (const e of examples) {
      const tag = `[${i}] `;
      out.push(
        e.messages
          ? { ...e, id: `${e.id}#${i}`, messages: e.messages.map((m, j) => (j === e.messages!.length - 1 ? { ...m, content: tag + m.content } : m)) }
          : { ...e, id: `${e.id}#${i}`, prompt: tag + e.prompt! },
      );
    }
  }
  return out;
}

export function printResult(name: string, lines: Record<string, string | number>): void {
  console.log(`\n== ${name}`);
  for (const [key, value] of Object.entries(lines)) console.log(`  ${key.padEnd(44)} ${value}`);
}
