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
  /** Size of model.safetensors in bytes (padded); default: just the header. Large sizes exercise sync and hashing. */
  weightsBytes?: number;
  /**
   * How far the simulated model has learned, in nominal steps (its data mix made it faster or
   * slower than `step`); the simulator's server answers for this step. Written into
   * trainer_state.json as `simulator_effective_step`; absent: `step`.
   */
  effectiveStep?: number;
}

/**
 * The simulator's stand-in weights: a valid safetensors header with no tensors, then zero
 * padding up to `bytes` (which safetensors readers ignore), so the file has a realistic size.
 */
export function simulatedWeights(bytes = 0): Buffer {
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt', producer: 'flywheel simulator (not a model)' } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  const head = Buffer.concat([length, header]);
  return bytes > head.length ? Buffer.concat([head, Buffer.alloc(bytes - head.length)]) : head;
}

/** A plausible Hugging Face config.json, marked as the simulator's. */
export const SIMULATED_CONFIG = {
  _simulator: true,
  _note: 'written by the flywheel simulator; there is no model behind it',
  architectures: ['Qwen2ForCausalLM'],
  model_type: 'qwen2',
  hidden_size: 64,
  intermediate_size: 256,
  num_attention_heads: 4,
  num_hidden_layers: 2,
  vocab_size: 32000,
  max_position_embeddings: 8192,
  torch_dtype: 'bfloat16',
  transformers_version: '4.46.0',
};

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
      ...(checkpoint.effectiveStep === undefined ? {} : { simulator_effective_step: checkpoint.effectiveStep }),
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
  await writeFile(path.join(staging, 'model.safetensors'), simulatedWeights(checkpoint.weightsBytes));
  await writeFile(path.join(staging, 'config.json'), JSON.stringify(SIMULATED_CONFIG, null, 2));
  await writeFile(path.join(staging, 'trainer_state.json'), trainerStateJson(checkpoint));
  await rm(final, { recursive: true, force: true });
  await rename(staging, final);
  return final;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
