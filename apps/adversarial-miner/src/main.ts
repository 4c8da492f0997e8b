// adversarial-miner: seed 004 §2: hard examples from the newest checkpoint's failures. Thin wiring; the logic is in @flywheel/analysis.
import { adversarialMiner } from '@flywheel/analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const config = loadConfigOrExit(adversarialMiner.name);
const logger = createLogger({ name: adversarialMiner.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

runDaemon(adversarialMiner, config, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'adversarial-miner could not start');
  process.exit(1);
});
