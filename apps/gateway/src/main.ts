// gateway: the OpenAI-compatible proxy in front of the deployed model and its fallbacks (seed 003).
// Thin wiring; the proxy, tracking, blacklist and routes live in @flywheel/gateway.
import { loadConfigOrExit, logRotation, redisClientOptions, redisLogFields } from '@flywheel/config';
import {
  canaryStateReader,
  createCanarySplit,
  createDeployedModel,
  createSkillTagger,
  createGatewayApp,
  createPerformanceTracker,
  createRedisConversationStore,
  createRedisEventSink,
  deployedModelReader,
  followFeedback,
  judgeScoresFromRedis,
  performanceFilePath,
  readTrackerSnapshot,
  startGatewayServer,
  upstreamsFromConfig,
  writeTrackerSnapshot,
} from '@flywheel/gateway';
import { createLogger } from '@flywheel/logging';
import { createStatusStore } from '@flywheel/status-store';
import { Redis } from 'ioredis';

const config = loadConfigOrExit('gateway');
const logger = createLogger({ name: 'gateway', logsDir: config.paths.logsDir, level: config.log.level, rotation: logRotation(config) });
// No offline queue: with Redis down the gateway keeps proxying and drops events (logged), it never stalls.
const redis = new Redis(config.redis.url, { ...redisClientOptions(config.redis), maxRetriesPerRequest: 1, enableOfflineQueue: false });
redis.on('error', (error) => logger.warn(redisLogFields(error), 'redis unavailable: gateway events are not recorded'));
const feedbackRedis = new Redis(config.redis.url, { ...redisClientOptions(config.redis), maxRetriesPerRequest: null });
feedbackRedis.on('error', () => undefined);

const gateway = config.gateway;
const upstreams = upstreamsFromConfig(config);
const tracker = createPerformanceTracker({ policy: { failures: gateway.blacklistFailures, baseMs: gateway.blacklistBaseSeconds * 1000 } });
const snapshotFile = performanceFilePath(config.paths.statusDir);
try {
  const saved = await readTrackerSnapshot(snapshotFile);
  if (saved) tracker.restore(saved);
} catch (error) {
  logger.warn({ err: error }, 'performance history unreadable: starting afresh (the file is replaced at the next save)');
}
const save = () => writeTrackerSnapshot(snapshotFile, tracker.snapshot()).catch((error: unknown) => logger.warn({ err: error }, 'could not save performance history'));
const saver = setInterval(save, gateway.saveSeconds * 1000);
saver.unref();

const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis });
// status/canary.json splits the deployed (first) upstream's traffic while a canary runs.
const canary = createCanarySplit({
  upstream: upstreams[0]!.name,
  read: canaryStateReader(statusStore),
  onError: (error) => logger.warn({ err: error }, 'canary.json unreadable: the last split read stays in force'),
});
await canary.refresh();
// status/last_deployment.json names the adapter (model) the deployed (first) upstream serves.
const deployedModel = createDeployedModel({
  upstream: upstreams[0]!.name,
  read: deployedModelReader(statusStore),
  onError: (error) => logger.warn({ err: error }, 'last_deployment.json unreadable: the last served model read stays in force'),
});
await deployedModel.refresh();
const app = createGatewayApp({
  canary,
  deployedModel,
  upstreams,
  tracker,
  criterion: gateway.criterion,
  conversations: createRedisConversationStore(redis, { run: config.run, ttlSeconds: gateway.conversationTtlSeconds, maxConversations: gateway.maxConversations }),
  onConversationError: (error, conversationId) => logger.warn({ err: error, conversation_id: conversationId }, 'conversation memory unavailable: served as a new conversation'),
  maxAttempts: gateway.maxAttempts,
  timeoutMs: gateway.timeoutSeconds * 1000,
  recordChars: gateway.recordChars,
  aliases: gateway.aliases,
  skillTag: createSkillTagger({ allowed: gateway.skills, maxDistinct: gateway.maxSkills }),
  emit: createRedisEventSink(redis, { run: config.run, maxLength: gateway.eventsMaxLength, ttlSeconds: gateway.requestTtlSeconds }),
  onEmitError: (error, event) => logger.warn({ err: error, id: event.id }, 'gateway event not recorded'),
  judge: { readScores: judgeScoresFromRedis(redis, config.run), bars: { relevance: config.monitor.thresholds.relevance.attention, accuracy: config.monitor.thresholds.accuracy.attention, completeness: config.monitor.judge.qualityBar, coherence: config.monitor.judge.qualityBar, task_score: config.monitor.judge.qualityBar },
    flagBars: { hallucination: config.monitor.judge.hallucinationBar, outdated: config.monitor.judge.outdatedBar, bias: config.monitor.judge.biasBar } },
});
const feedback = followFeedback(feedbackRedis, config.run, tracker, (id, problem) => logger.warn({ id, problem }, 'feedback entry skipped'));

try {
  const server = await startGatewayServer(app, { host: gateway.host, port: gateway.port });
  logger.info({ url: server.url, run: config.run, upstreams: upstreams.map((u) => `${u.name}=${u.baseUrl}`), criterion: gateway.criterion }, 'gateway listening');
  const stop = async () => {
    clearInterval(saver);
    canary.stop();
    deployedModel.stop();
    await server.close();
    await feedback.stop();
    await save();
    redis.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} catch (error) {
  logger.fatal({ err: error }, 'gateway could not start');
  process.exit(1);
}
