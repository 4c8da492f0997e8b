// The simulator: a stand-in for the trainer (and, later, the model server) for the demo and
// the tests. It says so in everything it writes.
import { parseTrainingCli, simulateTrainingRun, TRAINING_USAGE } from '@flywheel/simulation';

let options;
try {
  options = parseTrainingCli(process.argv.slice(2));
} catch (error) {
  console.error(`simulator: ${(error as Error).message}`);
  process.exit(2);
}
if (options === 'help') {
  console.log(TRAINING_USAGE);
  process.exit(0);
}
const run = options;
console.log(`[simulator] simulated training run (no model is trained): checkpoints into ${run.checkpointsDir}`);
let first = true;
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
await simulateTrainingRun(
  run,
  async () => {
    if (!first) await new Promise((r) => setTimeout(r, run.everySeconds * 1000));
    first = false;
  },
  (step, path) => console.log(`[simulator] saved checkpoint-${step} at ${path}`),
);
console.log('[simulator] reached max steps; done');
