// api: the plugin-based HTTP API (seed 004 "API Server"). Thin wiring; routes live in @flywheel/api-server.
import { createApiApp, createApiRedis, startApiServer } from '@flywheel/api-server';
import { jsonlRotation, loadConfigOrExit, logRotation, redisLogFields } from '@flywheel/config';
import { redisNamespace } from '@flywheel/contracts';
import { dashboardDir } from '@flywheel/dashboard';
import { upstreamsFromConfig } from '@flywheel/gateway';
import { createLogger } from '@flywheel/logging';
import { createStatusStore } from '@flywheel/status-store';

const config = loadConfigOrExit('api');
const logger = createLogger({ name: 'api', logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });
const redis = createApiRedis(config.redis);
redis.on('error', (error) => logger.warn(redisLogFields(error), 'redis unavailable: serving status files from disk'));

const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis, logger });
const app = createApiApp({
  statusStore,
  redis,
  run: config.run,
  staleFactor: config.api.staleFactor,
  staleAfterSeconds: config.api.staleAfterSeconds,
  logger,
  token: config.api.token,
  readToken: config.api.readToken,
  host: config.api.host,
  allowedHosts: config.api.allowedHosts,
  maxStreamClients: config.api.maxStreamClients,
  maxStreamBufferBytes: config.api.maxStreamBufferBytes,
  checkpointsDir: config.paths.checkpointsDir,
  dataDir: config.paths.dataDir,
  queueDir: config.paths.queueDir,
  nvidiaSmi: config.api.nvidiaSmi,
  staticDir: dashboardDir(),
  productionSettings: { monitor: config.monitor, safety: config.safety, cost: config.cost },
  jsonlRotation: jsonlRotation(config),
  // The gateway's upstreams (order, cost), criterion and blacklist policy, for the seed 003
  // routes the API serves from the gateway's saved snapshot (status/gateway_performance.json).
  gateway: {
    upstreams: upstreamsFromConfig(config),
    criterion: config.gateway.criterion,
    blacklist: { failures: config.gateway.blacklistFailures, baseMs: config.gateway.blacklistBaseSeconds * 1000 },
  },
});

try {
  const server = await startApiServer(app, { host: config.api.host, port: config.api.port, readToken: config.api.readToken });
  logger.info({ url: server.url, run: config.run, redis: redisNamespace(config.run).queuePrefix }, 'api listening');
  const stop = async () => {
    // Also ends the open event streams and closes the status subscription and the queues.
    await server.close();
    redis.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  logger.fatal({ err: error }, 'api could not start');
  process.exit(1);
}
