import { listCheckpoints } from '@flywheel/checkpoints';
import type { StatusIssue } from '@flywheel/contracts';
import { statfs, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ChunkOptions } from './download-file.js';
import { pruneCheckpoints, pruneWithheld, type Protection } from './prune.js';
import { partialFolder, pullCheckpoint } from './pull-checkpoint.js';
import { listRemoteCheckpoints, stableCheckpoint, type RemoteCheckpoint } from './remote-listing.js';
import type { SshSession } from './ssh-session.js';
import { planPulls, readLedger, writeLedger } from './sync-ledger.js';

export interface SyncPassInput {
  session: SshSession;
  remoteDir: string;
  localDir: string;
  settleMs: number;
  chunks: ChunkOptions;
  keep: number;
  protection: Protection;
  /** Called once per checkpoint that is now in place locally. */
  announce(checkpoint: { name: string; step: number; path: string }): Promise<void>;
  /** Free bytes at `localDir` (injectable so a test can play a full disk). */
  freeBytes?: (dir: string) => Promise<number>;
}

export interface SyncReport {
  seen: number;
  pulled: string[];
  pruned: string[];
  skipped: { checkpoint: string; reason: string }[];
  bytes: number;
  /** Bytes fetched for checkpoints the ledger had as pulled or pruned before: 0 unless something is wrong. */
  reDownloadedBytes: number;
  /** Checkpoints in the ledger after the pass. */
  ledger: { pulled: number; pruned: number };
  seconds: number;
  errors: StatusIssue[];
}

const diskFree = async (dir: string) => {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
};

/** Bytes still to fetch for a checkpoint, counting what an interrupted pull already has. */
async function remainingBytes(localDir: string, checkpoint: RemoteCheckpoint): Promise<number> {
  let total = 0;
  for (const f of checkpoint.files) {
    const have = (await stat(path.join(partialFolder(localDir, checkpoint.name), f.relative)).catch(() => null))?.size ?? 0;
    total += Math.max(0, f.size - have);
  }
  return total;
}

/**
 * One pass of checkpoint-sync: list the training host, wait `settleMs`, list again; pull each
 * checkpoint missing here whose files did not change meanwhile (oldest first) — once per run:
 * never one pulled or pruned before (the ledger, `sync-ledger.ts`), and only those prune will
 * keep — announce it, then prune (not at all when `protection.unreadable` names a status file:
 * the pass says so in `errors`). A failure on one checkpoint is reported and the others still go.
 */
export async function syncPass(input: SyncPassInput): Promise<SyncReport> {
  const started = performance.now();
  const report: SyncReport = { seen: 0, pulled: [], pruned: [], skipped: [], bytes: 0, reDownloadedBytes: 0, ledger: { pulled: 0, pruned: 0 }, seconds: 0, errors: [] };
  const ledger = await readLedger(input.localDir);
  const before = new Set([...Object.keys(ledger.pulled), ...ledger.pruned]);
  const first = await listRemoteCheckpoints(input.session.sftp, input.remoteDir);
  report.seen = first.length;
  const localList = await listCheckpoints(input.localDir).catch(() => []);
  const local = new Set(localList.map((c) => c.name));
  // Checkpoints already here (pulled before the ledger existed, or copied by hand) count as pulled.
  for (const c of localList) if (!(c.name in ledger.pulled)) ledger.pulled[c.name] = 0;
  const guarded = new Set([input.protection.deployed, input.protection.best, ...input.protection.pinned].filter((n): n is string => !!n));
  const plan = planPulls(first.filter((c) => !local.has(c.name)), localList, ledger, input.keep, guarded);
  report.skipped.push(...plan.skipped);
  const missing = plan.pull;
  if (missing.length > 0) {
    if (input.settleMs > 0) await new Promise((r) => setTimeout(r, input.settleMs));
    const second = new Map((await listRemoteCheckpoints(input.session.sftp, input.remoteDir)).map((c) => [c.name, c]));
    for (const candidate of missing) {
      const now = second.get(candidate.name);
      const stability = stableCheckpoint(candidate, now);
      if (!stability.stable) {
        report.skipped.push({ checkpoint: candidate.name, reason: stability.reason! });
        continue;
      }
      try {
        const need = await remainingBytes(input.localDir, now!);
        const free = await (input.freeBytes ?? diskFree)(input.localDir);
        if (need > free) {
          throw new Error(`needs ${(need / 2 ** 20).toFixed(1)} MiB more, ${input.localDir} has ${(free / 2 ** 20).toFixed(1)} MiB free: not started`);
        }
        const result = await pullCheckpoint(input.session, now!, input.localDir, input.chunks);
        report.bytes += result.bytes;
        if (before.has(now!.name)) report.reDownloadedBytes += result.bytes;
        report.pulled.push(now!.name);
        ledger.pulled[now!.name] = result.bytes;
        await writeLedger(input.localDir, ledger);
        await input.announce({ name: now!.name, step: now!.step, path: path.join(input.localDir, now!.name) });
      } catch (error) {
        report.errors.push({ source: candidate.path, message: (error as Error).message });
      }
    }
  }
  // Fails closed: a status file naming a protected checkpoint that cannot be read means no pruning.
  const withheld = pruneWithheld(input.protection);
  if (withheld) report.errors.push({ source: 'prune', message: withheld });
  report.pruned = await pruneCheckpoints(input.localDir, input.keep, input.protection);
  ledger.pruned = [...new Set([...ledger.pruned, ...report.pruned])];
  await writeLedger(input.localDir, ledger);
  report.ledger = { pulled: Object.keys(ledger.pulled).length, pruned: ledger.pruned.length };
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
