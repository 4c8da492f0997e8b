import type { RequestHandler, Router } from 'express';
import { isStatusPlugin, methodOf, type ApiPlugin, type PluginContext } from './plugin.js';
import { statusHandler } from './status-route.js';

/** Routes the app serves itself; a plugin cannot take them. */
export const RESERVED_ROUTES: readonly string[] = ['/api/status'];

/**
 * Checks the plugin list as a whole (unique names, method + route and status ids; no
 * reserved route) and mounts each plugin's route. Anything but GET is mounted behind
 * `guard` (the bearer token). Throws, naming the plugins, on a clash: Express would
 * otherwise serve the first silently.
 */
export function mountPlugins(router: Router, plugins: readonly ApiPlugin[], context: PluginContext, guard: RequestHandler): void {
  const seen = new Map<string, string>();
  const claim = (key: string, plugin: ApiPlugin, what: string) => {
    const owner = seen.get(key);
    if (owner !== undefined) throw new Error(`plugins ${owner} and ${plugin.name} both use ${what}`);
    seen.set(key, plugin.name);
  };
  for (const plugin of plugins) {
    if (RESERVED_ROUTES.includes(plugin.route)) throw new Error(`plugin ${plugin.name}: route ${plugin.route} is the API's own`);
    const method = methodOf(plugin);
    claim(`name:${plugin.name}`, plugin, `the name "${plugin.name}"`);
    // Parameter names do not tell routes apart: /api/x/:a and /api/x/:b are one route.
    const shape = plugin.route.toLowerCase().replace(/:[a-z0-9_]+/g, ':');
    claim(`route:${method} ${shape}`, plugin, method === 'GET' ? `the route ${plugin.route}` : `${method} ${plugin.route}`);
    if (isStatusPlugin(plugin)) claim(`status:${plugin.statusId}`, plugin, `the status "${plugin.statusId}"`);
  }
  for (const plugin of plugins) {
    const handler: RequestHandler =
      isStatusPlugin(plugin) && !plugin.handler
        ? statusHandler(context.statusStore, plugin.statusId)
        : (req, res) => plugin.handler!(req, res, context);
    const method = methodOf(plugin);
    if (method === 'GET') router.get(plugin.route, handler);
    else if (method === 'POST') router.post(plugin.route, guard, handler);
    else router.delete(plugin.route, guard, handler);
  }
}
