import { checkpointStep } from '@flywheel/checkpoints';
import path from 'node:path';
import type { LoadedAdapter, ServerControl } from './server-control.js';

/** Which adapters stay loaded after a deployment: what serves, then what served before, then earlier champions. */
export interface AdapterRetention {
  /** The checkpoint that serves now (always kept). */
  serving: string | null;
  /** What served before this deployment: the rollback target, kept while the count allows. */
  previous: string | null;
  /** Earlier champions, newest first (champion.json's history). */
  champions: string[];
  /** `deploy.keepLoadedAdapters`: adapters kept loaded in all (at least the serving one). */
  keep: number;
}

/**
 * The adapter names to keep loaded, newest deployment first: `serving`, `previous`, then the
 * champions, up to `keep` (the serving one even when `keep` is 0). Unlike the serving folder's
 * copies, the rollback target is not kept beyond the count: a rollback loads it again from its
 * staged copy.
 */
export function adaptersToKeep(r: AdapterRetention): string[] {
  const names = [...new Set([r.serving, r.previous, ...r.champions].filter((n): n is string => !!n))];
  return names.slice(0, Math.max(1, r.keep));
}

/** What unloading did: the adapters unloaded, and why one could not be (listed or unloaded), if so. */
export interface UnloadResult {
  unloaded: string[];
  error: string | null;
}

/**
 * Unloads the adapters this deployer loaded that `adaptersToKeep` does not keep, so the server
 * (vLLM holds at most `--max-loras` at once) does not fill up with one adapter per deployment.
 * An adapter is this deployer's when the server says it was loaded from a staged copy under
 * `<servingDir>/checkpoints/` with a checkpoint's name: adapters others loaded (an evaluator
 * scoring a checkpoint from its own folder, a person) are never touched. A failure is returned,
 * never thrown: the deployment it follows stands.
 */
export async function unloadOldAdapters(server: ServerControl, servingDir: string, retention: AdapterRetention): Promise<UnloadResult> {
  if (!server.loadedAdapters || !server.unload) return { unloaded: [], error: null };
  let loaded: LoadedAdapter[];
  try {
    loaded = await server.loadedAdapters();
  } catch (error) {
    return { unloaded: [], error: `could not list the loaded adapters: ${(error as Error).message}` };
  }
  const keep = new Set(adaptersToKeep(retention));
  const staged = path.join(servingDir, 'checkpoints') + path.sep;
  const unloaded: string[] = [];
  const errors: string[] = [];
  for (const adapter of loaded) {
    const own = adapter.path !== null && path.normalize(adapter.path).startsWith(staged) && checkpointStep(adapter.name) !== null;
    if (!own || keep.has(adapter.name)) continue;
    try {
      await server.unload(adapter.name);
      unloaded.push(adapter.name);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  return { unloaded, error: errors.length ? errors.join('; ') : null };
}
