import type { AnalysisStreamHub } from '@flywheel/alert-analysis';
import type { StatusId } from '@flywheel/contracts';
import type { Rotation, StatusStore } from '@flywheel/status-store';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DaemonQueues } from './daemon-queues.js';
import type { GatewayPerformanceReader } from './gateway-performance.js';
import type { PinsStore } from './pins-store.js';
import type { ProductionSettings } from './production-settings.js';
import type { StatusEvents } from './status-events.js';

/** Bounds of the API's event streams (config `api.maxStreamClients`, `api.maxStreamBufferBytes`). */
export interface StreamLimits {
  /** Clients one stream serves at once; more get 503 with Retry-After. */
  maxClients: number;
  /** Bytes a client may leave unread before it is dropped as too slow. */
  maxBufferBytes: number;
}

/** Every plugin route lives under `/api/`. */
export type ApiRoute = `/api/${string}`;

/** What a handler plugin can use besides the request. */
export interface PluginContext {
  statusStore: StatusStore;
  /** The run's Redis connection, when the API has one. */
  redis?: Redis;
  run: string;
  logger: Logger;
  /** Where `checkpoint-<step>/` folders live (trainer_state.json, pins); unset: those routes answer 503. */
  checkpointsDir?: string;
  /** Where example sets live (`<dataDir>/<set>/*.jsonl`), for the prompts and goldens of previews. */
  dataDir?: string;
  /** The training data queue (config `paths.queueDir`): rated corrections go to its `corrections/`. */
  queueDir?: string;
  /** The nvidia-smi executable `/api/gpu` runs (a name looked up on PATH, or a path). */
  nvidiaSmi: string;
  /** The run's daemon queues (BullMQ), when the API has Redis. */
  queues?: DaemonQueues;
  /** Checkpoint pins the sync daemon honours (`status/pinned_checkpoints.json`). */
  pins?: PinsStore;
  /** Status publications fanned out to `/api/events` clients, when the API has Redis. */
  statusEvents?: StatusEvents;
  /** The one reader of the alert analysis stream, shared by its SSE clients, when the API has Redis. */
  analysisStream?: AnalysisStreamHub;
  /** Bounds of every event stream: clients per stream, unread bytes per client. */
  streamLimits: StreamLimits;
  /** The gateway's saved performance snapshot (`status/gateway_performance.json`), for the seed 003 routes. */
  gatewayPerformance: GatewayPerformanceReader;
  /** The app's clock (ages of snapshots, blacklist ends). */
  now: () => Date;
  /** How the append-only JSONL files are bounded (config `retention.jsonl*`): ratings are appended with it, the files and their rotated copies read within it. */
  jsonlRotation: Rotation;
  /** The monitor, safety and cost settings (reports, redaction of exports). */
  productionSettings: () => ProductionSettings;
}

/** What a handler plugin runs. May be async; a rejection reaches the app's JSON error handler (Express 5). */
export type PluginHandler = (req: Request, res: Response, context: PluginContext) => void | Promise<void>;

/** HTTP methods a plugin can serve. Anything but GET changes something, so it needs the bearer token. */
export type PluginMethod = 'GET' | 'POST' | 'DELETE';

/** A plugin that serves one status file as it is (`GET route`). */
export interface StatusPlugin {
  /** Short unique name, for logs and for telling plugins apart. */
  name: string;
  route: ApiRoute;
  /** The status file it serves; `/api/status` summarises it too. */
  statusId: StatusId;
  /** Serves the route instead of the plain file (to add to it); the status still counts in `/api/status`. */
  handler?: PluginHandler;
}

/** A plugin with its own handler, for endpoints that are not one status file. */
export interface HandlerPlugin {
  name: string;
  /** May hold Express parameters (`/api/checkpoints/:name/pin`); `req.params` has them. */
  route: ApiRoute;
  /** @defaultValue "GET". POST and DELETE are mounted behind the bearer token. */
  method?: PluginMethod;
  handler: PluginHandler;
}

export type ApiPlugin = StatusPlugin | HandlerPlugin;

export function isStatusPlugin(plugin: ApiPlugin): plugin is StatusPlugin {
  return 'statusId' in plugin;
}

const ROUTE = /^\/api\/[a-z0-9_-]+(\/(:[a-z][a-zA-Z0-9_]*|[a-z0-9_-]+))*$/;

/** The method a plugin answers. */
export function methodOf(plugin: ApiPlugin): PluginMethod {
  return isStatusPlugin(plugin) ? 'GET' : (plugin.method ?? 'GET');
}

/**
 * Declares a plugin, checking its shape where it is written (so a typo fails at start-up,
 * naming the plugin, not at the first request).
 * @example definePlugin({ name: 'regression', route: '/api/regression', statusId: 'regression' })
 */
export function definePlugin<P extends ApiPlugin>(plugin: P): P {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(plugin.name)) {
    throw new Error(`plugin name "${plugin.name}": use lowercase letters, digits, "_" or "-"`);
  }
  if (!ROUTE.test(plugin.route)) {
    throw new Error(`plugin ${plugin.name}: route "${plugin.route}" must look like /api/<name> (lowercase, no trailing slash)`);
  }
  return plugin;
}
