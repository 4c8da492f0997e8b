import type { FlywheelConfig } from './schema.js';

/** A copy of the config that is safe to log or serve: no token, no API key, no Redis password. */
export function redactedConfig(config: FlywheelConfig): FlywheelConfig {
  let url = config.redis.url;
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = 'redacted';
      url = parsed.toString();
    }
  } catch {
    // Not a URL the schema would accept anyway; leave it.
  }
  return {
    ...config,
    redis: { ...config.redis, url },
    api: {
      ...config.api,
      token: config.api.token === undefined ? undefined : '[redacted]',
      readToken: config.api.readToken === undefined ? undefined : '[redacted]',
    },
    backend: { ...config.backend, apiKey: config.backend.apiKey === undefined ? undefined : '[redacted]' },
    alerts: { ...config.alerts, analysis: { ...config.alerts.analysis, apiKey: config.alerts.analysis.apiKey === undefined ? undefined : '[redacted]' } },
    monitor: { ...config.monitor, judge: { ...config.monitor.judge, apiKey: config.monitor.judge.apiKey === undefined ? undefined : '[redacted]' } },
  };
}
