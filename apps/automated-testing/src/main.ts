// automated-testing: seed 004 §7: the fixed suite on the newest checkpoint against a pooled baseline. Thin wiring; the logic is in @flywheel/analysis.
import { automatedTesting } from '@flywheel/analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(automatedTesting.name);
const logger = createLogger({ name: automatedTesting.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(automatedTesting, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'automated-testing could not start');
  process.exit(1);
});
