import { z } from 'zod';
import { requestJson, type HttpOptions } from '../http-client.js';
import { createLimiter } from '../limiter.js';
import { BackendError, type ServingStrategy } from '../model-backend.js';
import type { ServerOptions } from './fixed.js';

// vLLM answers these with a plain-text sentence, not JSON.
const AnyAnswer = z.unknown();

/**
 * A LoRA checkpoint hot-loaded into a running server (vLLM's `/v1/load_lora_adapter`, which
 * needs VLLM_ALLOW_RUNTIME_LORA_UPDATING=True there), served under the checkpoint's name,
 * and unloaded afterwards.
 */
export function loraServing(options: ServerOptions): ServingStrategy {
  if (!options.profile.capabilities.loraHotLoad) {
    throw new Error(`backend.strategy "lora" needs a server that hot-loads adapters; profile "${options.profile.name}" does not`);
  }
  const http: HttpOptions = { ...options, limiter: createLimiter(1) };
  const post = async (route: string, body: unknown) => {
    try {
      await requestJsonOrText(http, route, body);
    } catch (error) {
      // Loading an adapter that is already loaded (say, after our own crash) is fine.
      if (error instanceof BackendError && error.status === 400 && /already/i.test(error.message)) return;
      throw error;
    }
  };
  return {
    name: 'lora',
    async serve(checkpoint) {
      await post('/v1/load_lora_adapter', { lora_name: checkpoint.name, lora_path: checkpoint.path });
      let released = false;
      return {
        endpoint: { baseUrl: options.baseUrl, model: checkpoint.name, profile: options.profile, apiKey: options.apiKey },
        async release() {
          if (released) return;
          released = true;
          await post('/v1/unload_lora_adapter', { lora_name: checkpoint.name });
        },
      };
    },
  };
}

async function requestJsonOrText(http: HttpOptions, route: string, body: unknown): Promise<void> {
  try {
    await requestJson(http, 'POST', route, body, AnyAnswer);
  } catch (error) {
    // A 200 with a text body is vLLM's success answer.
    if (error instanceof BackendError && error.kind === 'shape' && /not JSON/.test(error.message)) return;
    throw error;
  }
}
