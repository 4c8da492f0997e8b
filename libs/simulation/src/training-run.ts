import { evalLossAt, learningRateAt, trainLossAt, type LossCurve } from './loss-curve.js';
import type { ConsumedBatchRecord } from '@flywheel/contracts';
import { createStatusStore } from '@flywheel/status-store';
import { consumeQueueFile } from './consume-queue.js';
import { batchMixOf, simulatedLearningSpeed } from './learning-speed.js';
import { join } from 'node:path';
import { writeSimulatedCheckpoint } from './write-checkpoint.js';

export interface TrainingRunOptions {
  checkpointsDir: string;
  saveSteps: number;
  loggingSteps: number;
  maxSteps: number;
  curve: LossCurve;
  weightsBytes?: number;
  /** `<baseDir>/queue`: one file of `normal/` is consumed per checkpoint interval. */
  queueDir?: string;
  /** Where `training_status.json` goes; none written when unset. */
  statusDir?: string;
}

/** Everything a simulated trainer has logged up to `step`, as checkpoint-<step> would hold it; the validation loss is that of what it has learned (`effectiveStep`). */
export function simulatedCheckpointAt(options: TrainingRunOptions, step: number, effectiveStep?: number) {
  const trainLoss = [];
  for (let s = options.loggingSteps; s <= step; s += options.loggingSteps) {
    trainLoss.push({ step: s, loss: trainLossAt(options.curve, s), learningRate: learningRateAt(s, options.maxSteps) });
  }
  return {
    step,
    evalLoss: evalLossAt(options.curve, effectiveStep ?? step),
    trainLoss,
    epoch: Math.round((step / options.maxSteps) * 3 * 1000) / 1000,
    maxSteps: options.maxSteps,
    weightsBytes: options.weightsBytes,
    ...(effectiveStep === undefined ? {} : { effectiveStep: Math.round(effectiveStep) }),
  };
}

/** How many batch records `training_status.json` keeps (the newest). */
export const CONSUMED_BATCHES_KEPT = 200;

/** Writes the run's checkpoints one after another, calling `pause` between saves. */
export async function simulateTrainingRun(
  options: TrainingRunOptions,
  pause: (step: number) => Promise<void>,
  onSaved?: (step: number, path: string) => void,
): Promise<void> {
  const status = options.statusDir ? createStatusStore({ statusDir: options.statusDir, run: 'default' }) : null;
  let lastStep = 0;
  // What the model has learned, in nominal steps: each interval adds its steps times the
  // speed of the batch it trained on (`simulatedLearningSpeed`); no batch, nominal speed.
  let progress = 0;
  const consumed: ConsumedBatchRecord[] = [];
  for (let step = options.saveSteps; step <= options.maxSteps; step += options.saveSteps) {
    const currentFile = options.queueDir ? await consumeQueueFile(options.queueDir) : null;
    let speed = 1;
    if (currentFile && options.queueDir) {
      const batch = await batchMixOf(join(options.queueDir, 'processed', currentFile));
      speed = simulatedLearningSpeed(batch.mix);
      consumed.push({ file: currentFile, strategy: batch.strategy, lines: batch.lines, taken_at: new Date().toISOString(), first_step: lastStep + 1, last_step: step });
      consumed.splice(0, Math.max(0, consumed.length - CONSUMED_BATCHES_KEPT));
    }
    await status?.write('training', { ...trainingStatus(options, lastStep, 'training', currentFile), consumed_batches: consumed });
    await pause(step);
    progress += options.saveSteps * speed;
    const path = await writeSimulatedCheckpoint(options.checkpointsDir, simulatedCheckpointAt(options, step, options.queueDir ? progress : undefined));
    lastStep = step;
    onSaved?.(step, path);
  }
  await status?.write('training', { ...trainingStatus(options, lastStep, 'finished', null), consumed_batches: consumed });
}

/** `training_status.json` as the trainer reports it at `step`. */
export function trainingStatus(options: TrainingRunOptions, step: number, state: 'training' | 'finished', currentFile: string | null) {
  return {
    status: state,
    current_step: step,
    total_steps: options.maxSteps,
    epoch: Math.round((step / options.maxSteps) * 3 * 1000) / 1000,
    loss: step > 0 ? trainLossAt(options.curve, step) : null,
    learning_rate: learningRateAt(step, options.maxSteps),
    current_file: currentFile,
    simulator: true,
  };
}
