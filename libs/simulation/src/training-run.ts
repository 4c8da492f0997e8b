import { evalLossAt, learningRateAt, trainLossAt, type LossCurve } from './loss-curve.js';
import { writeSimulatedCheckpoint } from './write-checkpoint.js';

export interface TrainingRunOptions {
  checkpointsDir: string;
  saveSteps: number;
  loggingSteps: number;
  maxSteps: number;
  curve: LossCurve;
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
  };
}

/** Writes the run's checkpoints one after another, calling `pause` between saves. */
export async function simulateTrainingRun(
  options: TrainingRunOptions,
  pause: (step: number) => Promise<void>,
  onSaved?: (step: number, path: string) => void,
): Promise<void> {
  for (let step = options.saveSteps; step <= options.maxSteps; step += options.saveSteps) {
    await pause(step);
    const path = await writeSimulatedCheckpoint(options.checkpointsDir, simulatedCheckpointAt(options, step));
    onSaved?.(step, path);
  }
}
