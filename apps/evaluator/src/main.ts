// evaluator: the process that sends evaluation traffic to its model server (backend.baseUrl);
// several, one per server, share a run's evaluations in shards (evaluation.shardExamples). Daemons
// ask through BullMQ (see docs/evaluation.md). Thin wiring; the logic is in @flywheel/evaluation.
import { loadConfigOrExit, logRotation } from '@flywheel/config';
import { runDaemon } from '@flywheel/daemon-runtime';
import { evaluatorDaemon } from '@flywheel/evaluation';
import { createLogger } from '@flywheel/logging';
import { createModelBackend, createServingStrategy } from '@flywheel/model-backend';

const config = loadConfigOrExit('evaluator');
const logger = createLogger({ name: 'evaluator', logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });

const spec = evaluatorDaemon({
  serving: createServingStrategy(config.backend, logger),
  backendFor: (endpoint) =>
    createModelBackend(endpoint, {
      concurrency: config.backend.concurrency,
      timeoutMs: config.backend.timeoutSeconds * 1000,
      retries: config.backend.retries,
    }),
});

// The evaluator only serves asks: it keeps running whatever --interval/--once say.
runDaemon(spec, { ...config, once: false, continuous: true }, logger).catch((error: unknown) => {
  logger.fatal({ err: error }, 'evaluator could not start');
  process.exit(1);
});
