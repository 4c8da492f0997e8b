// checkpoint-auto-deploy: seed 004 §8, promotes the best checkpoint to serving, with gates,
// health and smoke checks, and rollback. Thin wiring; the logic is in @flywheel/deploy.
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { checkpointAutoDeploy, deployOnRankings } from '@flywheel/deploy';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(checkpointAutoDeploy.name);
const logger = createLogger({ name: checkpointAutoDeploy.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

try {
  // Besides its interval and new checkpoints, a deploy pass runs when the rankings change.
  if (!config.once && (config.interval !== undefined || config.continuous)) await deployOnRankings(config, logger);
  await runDaemon(checkpointAutoDeploy, config, logger);
} catch (error) {
  logger.fatal({ err: error }, 'checkpoint-auto-deploy could not start');
  process.exit(1);
}
