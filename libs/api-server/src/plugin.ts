import type { StatusId } from '@flywheel/contracts';
import type { StatusStore } from '@flywheel/status-store';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Every plugin route lives under `/api/`. */
export type ApiRoute = `/api/${string}`;

/** What a handler plugin can use besides the request. */
export interface PluginContext {
  statusStore: StatusStore;
  /** The run's Redis connection, when the API has one. */
  redis?: Redis;
  run: string;
  logger: Logger;
}

/** A plugin that serves one status file as it is (`GET route`). */
export interface StatusPlugin {
  /** Short unique name, for logs and for telling plugins apart. */
  name: string;
  route: ApiRoute;
  /** The status file it serves; `/api/status` summarises it too. */
  statusId: StatusId;
}

/** A plugin with its own `GET route` handler, for endpoints that are not one status file. */
export interface HandlerPlugin {
  name: string;
  route: ApiRoute;
  /** May be async; a rejection reaches the app's JSON error handler (Express 5). */
  handler: (req: Request, res: Response, context: PluginContext) => void | Promise<void>;
}

export type ApiPlugin = StatusPlugin | HandlerPlugin;

export function isStatusPlugin(plugin: ApiPlugin): plugin is StatusPlugin {
  return 'statusId' in plugin;
}

const ROUTE = /^\/api\/[a-z0-9_-]+(\/[a-z0-9_-]+)*$/;

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
