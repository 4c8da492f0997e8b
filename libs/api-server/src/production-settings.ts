import { loadConfig, type FlywheelConfig } from '@flywheel/config';

/** What the API's production routes follow: the monitor's table, `safety.*` and `cost.*`. */
export type ProductionSettings = Pick<FlywheelConfig, 'monitor' | 'safety' | 'cost'>;

/**
 * The settings as the working directory's config file and FLYWHEEL_* variables give them, for
 * an app made without them (tests, embedders); apps/api passes the config it loaded instead.
 */
export function defaultProductionSettings(): ProductionSettings {
  const { monitor, safety, cost } = loadConfig({ argv: [], env: process.env, cwd: process.cwd() });
  return { monitor, safety, cost };
}
