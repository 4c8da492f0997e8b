// self-correction: seed 004 §6, checks queued training data, quarantines bad lines, and turns
// the model's errors into correction examples. Thin wiring; the logic is in @flywheel/analysis.
import { selfCorrection } from '@flywheel/analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(selfCorrection.name);
const logger = createLogger({ name: selfCorrection.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(selfCorrection, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'self-correction could not start');
  process.exit(1);
});
