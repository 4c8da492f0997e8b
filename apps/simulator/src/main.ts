// The simulator: a stand-in for the trainer (`train`) and for the model server (`serve`), for
// the demo and the tests. It says so in everything it writes.
import {
  parseServeCli,
  parseTrainingCli,
  SERVE_USAGE,
  simulateTrainingRun,
  startSimulatorServer,
  TRAINING_USAGE,
} from '@flywheel/simulation';

const [command, ...rest] = process.argv.slice(2);
const fail = (message: string): never => {
  console.error(`[simulator] ${message}`);
  process.exit(2);
};
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));

if (command === 'serve') {
  let options;
  try {
    options = parseServeCli(rest);
  } catch (error) {
    fail((error as Error).message);
  }
  if (options === 'help') {
    console.log(SERVE_USAGE);
    process.exit(0);
  }
  for (const line of options!.skipped) console.warn(`[simulator] example skipped: ${line}`);
  await startSimulatorServer({ ...options!, log: (line) => console.log(line) });
} else if (command === 'train' || command === undefined || command === '--help') {
  let options;
  try {
    options = parseTrainingCli(process.argv.slice(2));
  } catch (error) {
    fail((error as Error).message);
  }
  if (options === 'help') {
    console.log(`${TRAINING_USAGE}\n\n${SERVE_USAGE}`);
    process.exit(0);
  }
  const run = options!;
  console.log(`[simulator] simulated training run (no model is trained): checkpoints into ${run.checkpointsDir}`);
  let first = true;
  await simulateTrainingRun(
    run,
    async () => {
      if (!first) await new Promise((r) => setTimeout(r, run.everySeconds * 1000));
      first = false;
    },
    (step, path) => console.log(`[simulator] saved checkpoint-${step} at ${path}`),
  );
  console.log('[simulator] reached max steps; done');
} else {
  fail(`unknown command "${command}": expected "train" or "serve"\n${TRAINING_USAGE}\n\n${SERVE_USAGE}`);
}
