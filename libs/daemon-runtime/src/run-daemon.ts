import type { FlywheelConfig } from '@flywheel/config';
import type { Logger } from 'pino';
import type { DaemonSpec } from './daemon-types.js';
import { onShutdownSignal } from './shutdown.js';
import { scheduleSeconds, startDaemon } from './start-daemon.js';
import { runOnce } from './run-once.js';

/** Whether this process runs once and exits (the default without --interval/--continuous). */
export function isOneShot(config: FlywheelConfig): boolean {
  return config.once || scheduleSeconds(config) === null;
}

/**
 * The one entry point every daemon's main.ts calls. One-shot: runs the processor once and
 * exits 0 or 1. Otherwise runs until SIGTERM/SIGINT, then stops gracefully and exits 0.
 */
export async function runDaemon(spec: DaemonSpec, config: FlywheelConfig, logger: Logger): Promise<void> {
  if (isOneShot(config)) {
    process.exitCode = await runOnce(spec, config, logger);
    return;
  }
  const daemon = startDaemon(spec, config, logger);
  onShutdownSignal(logger, () => daemon.stop());
  await daemon.ready;
}
