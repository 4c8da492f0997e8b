import { readPinsFile } from '@flywheel/checkpoints';
import { PINS_FILE, type PinnedCheckpoints } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import path from 'node:path';

/** Pins as the sync daemon reads them (`readProtection`); writes are serialised so no pin is lost. */
export interface PinsStore {
  /** Adds or removes one name; resolves to whether the list changed and the list after. */
  set(name: string, pinned: boolean): Promise<{ changed: boolean; pins: string[] }>;
  list(): Promise<string[]>;
}

/** The pins file in `statusDir` (`pinned_checkpoints.json`), rewritten atomically on each change. */
export function createPinsStore(statusDir: string, now: () => Date = () => new Date()): PinsStore {
  let queue: Promise<unknown> = Promise.resolve();
  return {
    list: () => readPinsFile(statusDir),
    set(name, pinned) {
      const next = queue.then(async () => {
        const before = await readPinsFile(statusDir);
        const after = pinned ? [...new Set([...before, name])] : before.filter((n) => n !== name);
        const changed = after.length !== before.length;
        if (changed) {
          const body: PinnedCheckpoints = { pinned: after, updated_at: now().toISOString() };
          await writeFileAtomic(path.join(statusDir, PINS_FILE), JSON.stringify(body, null, 2) + '\n');
        }
        return { changed, pins: after };
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
