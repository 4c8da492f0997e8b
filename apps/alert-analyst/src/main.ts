// alert-analyst: issue 10 / seed 002. Thin wiring; the logic is in @flywheel/alert-analysis.
import { createAlertAnalyst, startAlertAnalyst } from '@flywheel/alert-analysis';
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { isOneShot, onShutdownSignal, runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';

const analyst = createAlertAnalyst();
const config = loadConfigOrExit(analyst.name);
const logger = createLogger({ name: analyst.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

async function main(): Promise<void> {
  // --once: one pass, the open batch analysed without waiting for its window.
  if (isOneShot(config)) return runDaemon(analyst, config, logger);
  const daemon = startAlertAnalyst(analyst, config, logger);
  onShutdownSignal(logger, () => daemon.stop());
  await daemon.ready;
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'alert-analyst could not start');
  process.exit(1);
});
