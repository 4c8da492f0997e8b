import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SimulatedCheckpoint {
  step: number;
  /** Validation loss logged at `step`; null writes no eval entry (as a run with sparse evals does). */
  evalLoss: number | null;
  /** Training loss per logging step up to `step`. */
  trainLoss: { step: number; loss: number; learningRate: number }[];
  epoch: number;
  maxSteps: number;
  /** Training folder on the "remote" side; appears in best_model_checkpoint as HF writes it. */
  bestModelCheckpoint?: string | null;
}

/** The bytes of the simulator's stand-in weights: a valid-looking safetensors header and no tensors. */
const SIMULATED_WEIGHTS = (() => {
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt', producer: 'flywheel simulator (not a model)' } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header]);
})();

/** Hugging Face Trainer's `trainer_state.json` for a simulated checkpoint. */
export function trainerStateJson(checkpoint: SimulatedCheckpoint): string {
  const logHistory: Record<string, number>[] = [];
  for (const entry of checkpoint.trainLoss) {
    logHistory.push({
      epoch: round((entry.step / checkpoint.maxSteps) * Math.max(1, checkpoint.epoch)),
      learning_rate: entry.learningRate,
      loss: entry.loss,
      step: entry.step,
    });
  }
  if (checkpoint.evalLoss !== null) {
    logHistory.push({ epoch: checkpoint.epoch, eval_loss: checkpoint.evalLoss, eval_runtime: 1.5, step: checkpoint.step });
  }
  return JSON.stringify(
    {
      best_model_checkpoint: checkpoint.bestModelCheckpoint ?? null,
      epoch: checkpoint.epoch,
      global_step: checkpoint.step,
      is_local_process_zero: true,
      is_world_process_zero: true,
      log_history: logHistory,
      max_steps: checkpoint.maxSteps,
      trial_name: null,
    },
    null,
    2,
  );
}

/**
 * Writes `checkpoint-<step>/` the way Hugging Face Trainer does: into `tmp-checkpoint-<step>`
 * first (weights, then trainer_state.json), renamed into place when complete.
 */
export async function writeSimulatedCheckpoint(dir: string, checkpoint: SimulatedCheckpoint): Promise<string> {
  const final = path.join(dir, `checkpoint-${checkpoint.step}`);
  const staging = path.join(dir, `tmp-checkpoint-${checkpoint.step}`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, 'model.safetensors'), SIMULATED_WEIGHTS);
  await writeFile(path.join(staging, 'config.json'), JSON.stringify({ simulator: true, note: 'flywheel simulator, not a model' }));
  await writeFile(path.join(staging, 'trainer_state.json'), trainerStateJson(checkpoint));
  await rm(final, { recursive: true, force: true });
  await rename(staging, final);
  return final;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
