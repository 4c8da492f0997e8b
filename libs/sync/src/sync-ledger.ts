import { writeFileAtomic } from '@flywheel/status-store';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * What checkpoint-sync has done with each checkpoint of the run, so that a checkpoint is pulled
 * once: `pulled` (name → bytes fetched) and `pruned` (names removed here). "Missing" is no
 * longer "not on local disk": a checkpoint pruned here is still on the training host, and
 * pulling it again would cost its size on every pass. Kept beside the checkpoints in
 * `<localDir>/.flywheel-sync.json` (a folder wiped by hand takes its ledger with it, and then
 * pulling again is right); one entry per checkpoint of the run, a few dozen bytes each.
 */
export interface SyncLedger {
  pulled: Record<string, number>;
  pruned: string[];
}

export const LEDGER_FILE = '.flywheel-sync.json';

/** The ledger of `localDir`; empty when there is none. A ledger that cannot be read throws, naming the file: guessing could re-download a whole run. */
export async function readLedger(localDir: string): Promise<SyncLedger> {
  const file = path.join(localDir, LEDGER_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return { pulled: {}, pruned: [] };
  let value: Partial<SyncLedger>;
  try {
    value = JSON.parse(text) as Partial<SyncLedger>;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); move it away to start the ledger afresh`);
  }
  if (typeof value.pulled !== 'object' || value.pulled === null || !Array.isArray(value.pruned)) {
    throw new Error(`${file}: expected {"pulled": {name: bytes}, "pruned": [names]}`);
  }
  return { pulled: value.pulled, pruned: value.pruned };
}

export const writeLedger = (localDir: string, ledger: SyncLedger) =>
  writeFileAtomic(path.join(localDir, LEDGER_FILE), JSON.stringify(ledger) + '\n');

/**
 * Which of the checkpoints missing here to pull: not one pulled or pruned before, and only
 * what prune would keep afterwards — the newest `keep` of those here and those to come, and
 * every protected one. After an outage with more than `keep` new checkpoints the older ones
 * are passed over (prune would delete them in the same pass). The rest come back with reasons.
 */
export function planPulls<C extends { name: string; step: number }>(
  missing: readonly C[],
  local: readonly { name: string; step: number }[],
  ledger: SyncLedger,
  keep: number,
  guarded: ReadonlySet<string>,
): { pull: C[]; skipped: { checkpoint: string; reason: string }[] } {
  const skipped: { checkpoint: string; reason: string }[] = [];
  const pruned = new Set(ledger.pruned);
  const fresh = missing.filter((c) => {
    if (pruned.has(c.name)) {
      skipped.push({ checkpoint: c.name, reason: 'pruned here earlier: not pulled again' });
      return false;
    }
    if (c.name in ledger.pulled) {
      skipped.push({ checkpoint: c.name, reason: 'pulled before and no longer here (removed by hand?): not pulled again' });
      return false;
    }
    return true;
  });
  const newest = new Set([...local, ...fresh].sort((a, b) => b.step - a.step).slice(0, keep).map((c) => c.name));
  const pull: C[] = [];
  for (const c of fresh) {
    if (newest.has(c.name) || guarded.has(c.name)) pull.push(c);
    else skipped.push({ checkpoint: c.name, reason: `older than the newest ${keep} (--keep): prune would remove it at once` });
  }
  return { pull, skipped };
}
