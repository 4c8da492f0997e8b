import type { ModelBackend } from '@flywheel/model-backend';
import type { EvaluatorDeps } from './evaluator-daemon.js';

export interface HeldCheckpoint {
  backend: ModelBackend;
  release(): Promise<void>;
}

/**
 * The checkpoints this evaluator serves right now, shared by the shards it works on at once:
 * one `serve` (one LoRA load) per checkpoint while any of its shards runs here, one backend
 * (so one limiter bounds what this evaluator sends its server), released with the last shard.
 * A checkpoint being released is not served again until that is done (a LoRA unload would
 * pull the adapter from under the new shard). The `command` strategy starts a server on one
 * port: there a shard of another checkpoint waits until the one served is released.
 */
export function createServingPool(deps: EvaluatorDeps) {
  const held = new Map<string, { users: number; ready: Promise<{ backend: ModelBackend; release(): Promise<void> }> }>();
  const oneAtATime = deps.serving.name === 'command';
  const waiters: Array<() => void> = [];
  const releasing = new Set<string>();
  const wakeAll = () => waiters.splice(0).forEach((wake) => wake());
  const mustWait = (id: string) => releasing.has(id) || (oneAtATime && (releasing.size > 0 || (held.size > 0 && !held.has(id))));
  return {
    async acquire(checkpoint: { name: string; path: string }): Promise<HeldCheckpoint> {
      const id = `${checkpoint.name}\0${checkpoint.path}`;
      while (mustWait(id)) await new Promise<void>((resolve) => waiters.push(resolve));
      let entry = held.get(id);
      if (!entry) {
        const ready = deps.serving.serve(checkpoint).then((served) => ({ backend: deps.backendFor(served.endpoint), release: served.release }));
        entry = { users: 0, ready };
        held.set(id, entry);
        ready.catch(() => {
          if (held.get(id) === entry) held.delete(id);
          wakeAll();
        });
      }
      entry.users += 1;
      const mine = entry;
      let served: Awaited<typeof mine.ready>;
      try {
        served = await mine.ready;
      } catch (error) {
        mine.users -= 1;
        throw error;
      }
      let released = false;
      return {
        backend: served.backend,
        async release() {
          if (released) return;
          released = true;
          mine.users -= 1;
          if (mine.users > 0) return;
          if (held.get(id) === mine) held.delete(id);
          releasing.add(id);
          try {
            await served.release();
          } finally {
            releasing.delete(id);
            wakeAll();
          }
        },
      };
    },
  };
}
export type ServingPool = ReturnType<typeof createServingPool>;
