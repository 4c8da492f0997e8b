// model-comparison: seed 004 §4: every evaluated checkpoint ranked by a composite score. Thin wiring; the logic is in @flywheel/analysis.
import { modelComparison } from '@flywheel/analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(modelComparison.name);
const logger = createLogger({ name: modelComparison.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(modelComparison, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'model-comparison could not start');
  process.exit(1);
});
