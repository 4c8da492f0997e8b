import { evalLossAt, learningRateAt, trainLossAt, type LossCurve } from './loss-curve.js';
import { createStatusStore } from '@flywheel/status-store';
import { consumeQueueFile } from './consume-queue.js';
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

/** Everything a simulated trainer has logged up to `step`, as checkpoint-<step> would hold it. */
export function simulatedCheckpointAt(options: TrainingRunOptions, step: number) {
  const trainLoss = [];
  for (let s = options.loggingSteps; s <= step; s += options.loggingSteps) {
    trainLoss.push({ step: s, loss: trainLossAt(options.curve, s), learningRate: learningRateAt(s, options.maxSteps) });
  }
  return {
    step,
    evalLoss: evalLossAt(options.curve, step),
    trainLoss,
    epoch: Math.round((step / options.maxSteps) * 3 * 1000) / 1000,
    maxSteps: options.maxSteps,
    weightsBytes: options.weightsBytes,
  };
}

/** Writes the run's checkpoints one after another, calling `pause` between saves. */
export async function simulateTrainingRun(
  options: TrainingRunOptions,
  pause: (step: number) => Promise<void>,
  onSaved?: (step: number, path: string) => void,
): Promise<void> {
  const status = options.statusDir ? createStatusStore({ statusDir: options.statusDir, run: 'default' }) : null;
  let lastStep = 0;
  for (let step = options.saveSteps; step <= options.maxSteps; step += options.saveSteps) {
    const currentFile = options.queueDir ? await consumeQueueFile(options.queueDir) : null;
    await status?.write('training', trainingStatus(options, lastStep, 'training', currentFile));
    await pause(step);
    const path = await writeSimulatedCheckpoint(options.checkpointsDir, simulatedCheckpointAt(options, step));
    lastStep = step;
    onSaved?.(step, path);
  }
  await status?.write('training', trainingStatus(options, lastStep, 'finished', null));
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
