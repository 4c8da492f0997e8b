import { requestJson, type HttpOptions } from '../http-client.js';
import { createLimiter } from '../limiter.js';
import type { BackendProfile, ServingStrategy } from '../model-backend.js';
import { ModelsResponse } from '../response-shapes.js';

export interface ServerOptions {
  baseUrl: string;
  profile: BackendProfile;
  model?: string;
  apiKey?: string;
  timeoutMs: number;
  retries: number;
}

/** The server's first model, when none is configured. */
export async function firstServedModel(options: Omit<ServerOptions, 'profile' | 'model'>): Promise<string> {
  const http: HttpOptions = { ...options, limiter: createLimiter(1) };
  const models = await requestJson(http, 'GET', '/v1/models', undefined, ModelsResponse);
  const first = models.data[0];
  if (!first) throw new Error(`model server at ${options.baseUrl} serves no model (GET /v1/models is empty)`);
  return first.id;
}

/**
 * A server you run yourself: every checkpoint is evaluated against whatever it serves. Right
 * when something else (checkpoint-auto-deploy, a person) points the server at the checkpoint.
 */
export function fixedServing(options: ServerOptions): ServingStrategy {
  return {
    name: 'fixed',
    async serve() {
      const model = options.model ?? (await firstServedModel(options));
      return {
        endpoint: { baseUrl: options.baseUrl, model, profile: options.profile, apiKey: options.apiKey },
        release: async () => undefined,
      };
    },
  };
}
