import type { Logger } from 'pino';

/**
 * Runs the registered steps once, in the order given, on SIGTERM or SIGINT (pm2 and docker
 * send SIGTERM then SIGKILL after a grace period). A second signal exits at once: the active
 * job's lock then expires and another worker takes it over as stalled.
 */
export function onShutdownSignal(logger: Logger, shutdown: (signal: string) => Promise<void>): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now, the active job will be retried after its lock expires');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing the active job');
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
