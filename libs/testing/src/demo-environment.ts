import { freePort } from './free-port.js';

/** The ports of one `npm run up` demo (scripts/up.sh's FLYWHEEL_DEMO_*_PORT). */
export interface DemoPorts {
  api: number;
  redis: number;
  model: number;
  serving: number;
  gateway: number;
}

export async function freeDemoPorts(): Promise<DemoPorts> {
  return { api: await freePort(), redis: await freePort(), model: await freePort(), serving: await freePort(), gateway: await freePort() };
}

/**
 * The environment scripts/up.sh runs a demo in from a test or a bench: the caller's, less its
 * FLYWHEEL_* (the daemons read those, none may leak in) and NODE_OPTIONS, plus the demo's
 * folder, its ports and `extra` (FLYWHEEL_DEMO_SAVE_EVERY, settings of the daemons, …).
 */
export function demoEnvironment(dir: string, ports: DemoPorts, extra: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => !e[0].startsWith('FLYWHEEL_') && e[0] !== 'NODE_OPTIONS' && e[1] !== undefined));
  return {
    ...inherited,
    FLYWHEEL_DEMO_DIR: dir,
    FLYWHEEL_DEMO_API_PORT: String(ports.api),
    FLYWHEEL_DEMO_REDIS_PORT: String(ports.redis),
    FLYWHEEL_DEMO_MODEL_PORT: String(ports.model),
    FLYWHEEL_DEMO_SERVING_PORT: String(ports.serving),
    FLYWHEEL_DEMO_GATEWAY_PORT: String(ports.gateway),
    ...extra,
  };
}
