import type { Example } from '@flywheel/contracts';
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SKILL_CURVE } from './skill-model.js';
import { startSimulatorServer } from './simulator-server.js';

// A hard example the model never gets right untrained (start 0) and always gets right when
// fully trained (ceiling 1): which step the server answers for decides the answer.
const curve = { ...DEFAULT_SKILL_CURVE, start: { easy: 0, medium: 0, hard: 0 }, ceiling: { easy: 1, medium: 1, hard: 1 }, skillSpread: 0, decaySteps: 400 };
const examples: Example[] = [{ id: 'h', prompt: 'What is 8 + 9?\n', golden: '17', difficulty: 'hard', skill: 'math' }];

describe('the simulated server answers for what a checkpoint learned', () => {
  it('a checkpoint folder with simulator_effective_step is answered at that step, not its name\'s', async () => {
    const { dir, remove } = await tempDir('effective');
    const sim = await startSimulatorServer({ examples, curve, baseModel: 'base' });
    try {
      const folder = async (sub: string, state: unknown) => {
        const p = path.join(dir, sub, 'checkpoint-0');
        await mkdir(p, { recursive: true });
        if (state) await writeFile(path.join(p, 'trainer_state.json'), JSON.stringify(state));
        return p;
      };
      const post = (route: string, body: unknown) => fetch(sim.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await post('/v1/load_lora_adapter', { lora_name: 'nominal', lora_path: await folder('a', { global_step: 0 }) });
      await post('/v1/load_lora_adapter', { lora_name: 'learned', lora_path: await folder('b', { global_step: 0, simulator_effective_step: 100_000 }) });
      const answer = async (model: string) =>
        ((await (await post('/v1/completions', { model, prompt: 'What is 8 + 9?\n', max_tokens: 4 })).json()) as { choices: { text: string }[] }).choices[0]!.text;
      expect(await answer('nominal')).not.toBe('17');
      expect(await answer('learned')).toBe('17');
    } finally {
      await sim.close();
      await remove();
    }
  });
});
