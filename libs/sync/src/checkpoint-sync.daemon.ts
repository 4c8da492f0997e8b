import { inspectCheckpoint, listCheckpoints } from '@flywheel/checkpoints';
import { redisNamespace, type DaemonJob, type StatusIssue } from '@flywheel/contracts';
import { EventBus, type DaemonContext, type DaemonSpec } from '@flywheel/daemon-runtime';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { pruneLocalCheckpoints } from './local-prune.js';
import { readProtection } from './prune.js';
import { openSshSession } from './ssh-session.js';
import { syncPass, type SyncReport } from './sync-pass.js';

/** Announces a checkpoint once per run (a second announcement of the same name is a no-op). */
function announcer(context: DaemonContext) {
  const bus = context.redis ? new EventBus(context.redis, redisNamespace(context.config.run)) : null;
  return async (checkpoint: { name: string; step: number; path: string }, source: 'sync' | 'local-watch') => {
    if (!bus) return;
    const fresh = await bus.announce('checkpoint.ready', checkpoint.name, {
      kind: 'checkpoint.ready', checkpoint: checkpoint.name, step: checkpoint.step, path: checkpoint.path,
      announcedAt: context.now().toISOString(), source,
    });
    if (fresh) context.logger.info({ checkpoint: checkpoint.name, source }, 'checkpoint announced');
  };
}

/**
 * checkpoint-sync (seed 004 §10). With `sync.remoteHost`: pull new checkpoints from the
 * training host over SSH/SFTP, announce them, prune. Without (one host): announce the complete
 * checkpoints of the local folder, and report it.
 */
export async function checkpointSyncProcessor(job: DaemonJob, context: DaemonContext): Promise<void> {
  const { config, logger } = context;
  const announce = announcer(context);
  const localDir = config.sync.localDir;
  await mkdir(localDir, { recursive: true });
  let report: SyncReport;
  if (!config.sync.remoteHost) {
    const errors: StatusIssue[] = [];
    const all = await listCheckpoints(localDir);
    for (const c of all) {
      const inspection = await inspectCheckpoint(c.path);
      if (inspection.complete) await announce(c, 'local-watch');
      else if (inspection.problem) errors.push(inspection.problem);
    }
    let pruned: string[] = [];
    if (config.sync.pruneLocal) {
      const local = await pruneLocalCheckpoints(localDir, path.join(config.paths.statusDir, 'evals'), config.sync.keep, await readProtection(config.paths.statusDir, config.sync.pinned));
      pruned = local.pruned;
      if (local.withheld) errors.push({ source: 'prune', message: local.withheld });
    }
    report = { seen: all.length, pulled: [], pruned, skipped: [], bytes: 0, reDownloadedBytes: 0, ledger: { pulled: 0, pruned: 0 }, seconds: 0, errors };
  } else {
    if (!config.sync.remoteDir) throw new Error('sync.remoteHost is set but sync.remoteDir (--remote-dir) is not');
    const session = await openSshSession({
      remoteHost: config.sync.remoteHost, port: config.sync.port, identityFile: config.sync.identityFile,
      knownHostsFile: config.sync.knownHostsFile, acceptNewHostKey: config.sync.acceptNewHostKey, channels: config.sync.channels,
    });
    try {
      report = await syncPass({
        session,
        remoteDir: config.sync.remoteDir,
        localDir,
        settleMs: config.sync.settleSeconds * 1000,
        chunks: { chunkBytes: config.sync.chunkKiB * 1024, parallel: config.sync.parallelChunks, hash: config.sync.checksums },
        keep: config.sync.keep,
        protection: await readProtection(config.paths.statusDir, config.sync.pinned),
        announce: (c) => announce(c, 'sync'),
      });
    } finally {
      session.close();
    }
  }
  await context.statusStore.write('checkpoint_sync', {
    last_run: context.now().toISOString(),
    remote_host: config.sync.remoteHost ?? null,
    mode: config.sync.remoteHost ? 'ssh' : 'local',
    checkpoints_seen: report.seen,
    checkpoints_pulled: report.pulled,
    checkpoints_pruned: report.pruned,
    checkpoints_skipped: report.skipped,
    bytes_transferred: report.bytes,
    re_downloaded_bytes: report.reDownloadedBytes,
    ledger: report.ledger,
    throughput_mb_s: report.bytes > 0 && report.seconds > 0 ? Math.round((report.bytes / 1e6 / report.seconds) * 10) / 10 : null,
    errors: report.errors,
  });
  for (const e of report.errors) logger.warn({ problem: e }, 'sync problem');
  logger.info({ trigger: job.kind, pulled: report.pulled, pruned: report.pruned, skipped: report.skipped.length }, 'sync pass done');
}

export const checkpointSync: DaemonSpec = {
  name: 'checkpoint-sync',
  processor: checkpointSyncProcessor,
};
