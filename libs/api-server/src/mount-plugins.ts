import type { Router } from 'express';
import { isStatusPlugin, type ApiPlugin, type PluginContext } from './plugin.js';
import { statusHandler } from './status-route.js';

/** Routes the app serves itself; a plugin cannot take them. */
export const RESERVED_ROUTES: readonly string[] = ['/api/status'];

/**
 * Checks the plugin list as a whole (unique names, routes and status ids; no reserved
 * route) and mounts each plugin's `GET` route. Throws, naming the plugins, on a clash:
 * Express would otherwise serve the first silently.
 */
export function mountPlugins(router: Router, plugins: readonly ApiPlugin[], context: PluginContext): void {
  const seen = new Map<string, string>();
  const claim = (key: string, plugin: ApiPlugin, what: string) => {
    const owner = seen.get(key);
    if (owner !== undefined) throw new Error(`plugins ${owner} and ${plugin.name} both use ${what}`);
    seen.set(key, plugin.name);
  };
  for (const plugin of plugins) {
    if (RESERVED_ROUTES.includes(plugin.route)) throw new Error(`plugin ${plugin.name}: route ${plugin.route} is the API's own`);
    claim(`name:${plugin.name}`, plugin, `the name "${plugin.name}"`);
    claim(`route:${plugin.route.toLowerCase()}`, plugin, `the route ${plugin.route}`);
    if (isStatusPlugin(plugin)) claim(`status:${plugin.statusId}`, plugin, `the status "${plugin.statusId}"`);
  }
  for (const plugin of plugins) {
    if (isStatusPlugin(plugin)) router.get(plugin.route, statusHandler(context.statusStore, plugin.statusId));
    else router.get(plugin.route, (req, res) => plugin.handler(req, res, context));
  }
}
