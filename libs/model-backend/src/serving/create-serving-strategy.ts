import type { Logger } from 'pino';
import type { BackendProfileName, ServingStrategy } from '../model-backend.js';
import { backendProfile } from '../profiles.js';
import { commandServing } from './command.js';
import { fixedServing } from './fixed.js';
import { loraServing } from './lora.js';

/** The `backend` section of the config (libs/config), as far as serving needs it. */
export interface BackendConfig {
  strategy: 'fixed' | 'command' | 'lora';
  profile: BackendProfileName;
  baseUrl: string;
  model?: string;
  apiKey?: string;
  command: string;
  commandPort: number;
  healthTimeoutSeconds: number;
  timeoutSeconds: number;
  retries: number;
}

export function createServingStrategy(config: BackendConfig, logger?: Logger): ServingStrategy {
  const common = {
    profile: backendProfile(config.profile),
    model: config.model,
    apiKey: config.apiKey,
    timeoutMs: config.timeoutSeconds * 1000,
    retries: config.retries,
  };
  switch (config.strategy) {
    case 'fixed':
      return fixedServing({ ...common, baseUrl: config.baseUrl });
    case 'lora':
      return loraServing({ ...common, baseUrl: config.baseUrl });
    case 'command':
      return commandServing({ ...common, command: config.command, port: config.commandPort, healthTimeoutMs: config.healthTimeoutSeconds * 1000, logger });
  }
}
