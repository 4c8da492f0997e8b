// data-generation: seed 004 §9, keeps queue/normal/ stocked with the curriculum's difficulty
// mix. Thin wiring; the logic is in @flywheel/training-data.
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';
import { dataGeneration, refillOnDrain } from '@flywheel/training-data';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

const config = loadConfigOrExit(dataGeneration.name);
const logger = createLogger({ name: dataGeneration.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

try {
  // As the seed runs it: a daemon by default, --check-interval being its safety sweep; the
  // folder watcher refills the queue as soon as the trainer takes a file.
  const daemon = { ...config, interval: config.once ? config.interval : (config.interval ?? config.checkInterval) };
  await mkdir(path.join(config.paths.queueDir, 'normal'), { recursive: true });
  if (!config.once) await refillOnDrain(config, logger);
  await runDaemon(dataGeneration, daemon, logger);
} catch (error) {
  logger.fatal({ err: error }, 'data-generation could not start');
  process.exit(1);
}
