// checkpoint-sync: seed 004 §10, pulls new checkpoints from the training host over SSH (or
// announces a local folder's). Thin wiring; the logic is in @flywheel/sync.
import { checkpointSync } from '@flywheel/sync';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(checkpointSync.name);
const logger = createLogger({ name: checkpointSync.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(checkpointSync, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'checkpoint-sync could not start');
  process.exit(1);
});
