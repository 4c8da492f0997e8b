import { createRequire } from 'node:module';

/** The `node_args` pm2 gives an app (ecosystem.config.cjs), so a bench measures what runs. */
export function pm2NodeArgs(name: string): string[] {
  const ecosystem = createRequire(import.meta.url)('../ecosystem.config.cjs') as { apps: { name: string; node_args?: string | string[] }[] };
  const entry = ecosystem.apps.find((app) => app.name === `flywheel-${name}`);
  if (!entry) throw new Error(`ecosystem.config.cjs has no app flywheel-${name}`);
  const args = entry.node_args ?? [];
  return typeof args === 'string' ? args.split(/\s+/).filter(Boolean) : args;
}
