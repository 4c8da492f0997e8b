import { evalLossAt, parseTrainerState } from '@flywheel/checkpoints';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckpointRef, LossReading, LossSource } from './loss-source.js';

/**
 * Losses from each checkpoint's own trainer_state.json: the eval_loss Trainer logged at the
 * checkpoint's step. One number per checkpoint, no per-example losses.
 */
export const trainerStateLossSource: LossSource = {
  name: 'trainer_state',
  async lossOf(checkpoint: CheckpointRef): Promise<LossReading> {
    const file = path.join(checkpoint.path, 'trainer_state.json');
    const base = { checkpoint: checkpoint.name, step: checkpoint.step, examples: null };
    const unavailable = (reason: string, problem?: LossReading['problem']): LossReading => ({
      observed: { ...base, loss: null, source: 'unavailable', unavailableReason: reason },
      problem,
    });
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return unavailable(code === 'ENOENT' ? 'no trainer_state.json' : `cannot read trainer_state.json (${code})`);
    }
    const parsed = parseTrainerState(text, file);
    if (!parsed.ok) return unavailable(`malformed trainer_state.json: ${parsed.problem.message}`, parsed.problem);
    const atStep = evalLossAt(parsed.state);
    if (atStep.loss === null) return unavailable(atStep.reason);
    return { observed: { ...base, loss: atStep.loss, source: 'trainer_state' } };
  },
};
