// confidence-calibrator: seed 004 §5: the newest checkpoint's calibration. Thin wiring; the logic is in @flywheel/analysis.
import { confidenceCalibrator } from '@flywheel/analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(confidenceCalibrator.name);
const logger = createLogger({ name: confidenceCalibrator.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(confidenceCalibrator, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'confidence-calibrator could not start');
  process.exit(1);
});
