// regression-monitor: seed 004 §3. Thin wiring; the logic is in @flywheel/regression.
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';
import { regressionMonitor } from '@flywheel/regression';

const config = loadConfigOrExit(regressionMonitor.name);
const logger = createLogger({ name: regressionMonitor.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(regressionMonitor, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'regression-monitor could not start');
  process.exit(1);
});
