// curriculum-optimizer: seed 004 §1, learns which difficulty curriculum trains best (a
// Thompson-sampling bandit). Thin wiring; the logic is in @flywheel/analysis.
import { curriculumOptimizer } from '@flywheel/analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(curriculumOptimizer.name);
const logger = createLogger({ name: curriculumOptimizer.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(curriculumOptimizer, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'curriculum-optimizer could not start');
  process.exit(1);
});
