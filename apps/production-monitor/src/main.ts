// production-monitor: seeds 000 and 001. Thin wiring; the logic is in @flywheel/production-monitor.
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { isOneShot, onShutdownSignal, runDaemon } from '@flywheel/daemon-runtime';
import { createLogger } from '@flywheel/logging';
import { createProductionMonitor, startProductionMonitor } from '@flywheel/production-monitor';

const monitor = createProductionMonitor();
const config = loadConfigOrExit(monitor.name);
const logger = createLogger({ name: monitor.name, logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

async function main(): Promise<void> {
  if (isOneShot(config)) return runDaemon(monitor, config, logger);
  const daemon = startProductionMonitor(monitor, config, logger);
  onShutdownSignal(logger, () => daemon.stop());
  await daemon.ready;
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'production-monitor could not start');
  process.exit(1);
});
