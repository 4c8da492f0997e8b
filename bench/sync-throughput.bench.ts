// checkpoint-sync throughput on loopback, as a ratio against scp of the same files in the
// same run (goal ≥ 1.0).
import { openSshSession, syncPass } from '@flywheel/sync';
import { startSshd, tempDir } from '@flywheel/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { printResult } from './bench-examples.js';

const run = promisify(execFile);
const MB = 1 << 20;

export async function syncThroughputBench(): Promise<{ ratio: number }> {
  const sshd = await startSshd();
  const { dir, remove } = await tempDir('bench-sync');
  // Copies land on tmpfs when there is one: a VM's disk writeback varies more from run to run
  // than the two tools differ, and both tools write to the same place either way.
  const shm = existsSync('/dev/shm') ? await mkdtemp('/dev/shm/flywheel-bench-') : null;
  const destinations = shm ?? dir;
  try {
    const checkpoint = path.join(dir, 'remote', 'checkpoint-100');
    await mkdir(path.join(checkpoint, 'tokenizer'), { recursive: true });
    for (const [name, size] of [['model-00001-of-00002.safetensors', 96 * MB], ['model-00002-of-00002.safetensors', 96 * MB], ['tokenizer/tokenizer.json', 2 * MB]] as const) {
      await writeFile(path.join(checkpoint, name), randomBytes(size));
    }
    await writeFile(path.join(checkpoint, 'trainer_state.json'), '{"global_step":100,"log_history":[]}');
    const bytes = 194 * MB + 36;

    let round = 0;
    // Each timed copy starts with the page cache flushed (`sync`), so one copy's dirty pages
    // do not slow the next one's writes; scp and checkpoint-sync alternate, three rounds each.
    const timeScp = async () => {
      const target = path.join(destinations, `scp-${round++}`);
      await mkdir(target);
      await run('sync');
      const started = performance.now();
      await run('scp', ['-q', '-r', '-P', String(sshd.port), '-i', sshd.identityFile, '-o', `UserKnownHostsFile=${sshd.knownHostsFile}`,
        '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', `${sshd.user}@127.0.0.1:${checkpoint}`, target]);
      const copied = (performance.now() - started) / 1000;
      // checkpoint-sync fsyncs what it pulled before it announces it; flushing scp's copy too
      // compares like with like (a copy that survives a power cut). Both figures are printed.
      await run('sync');
      return { copied, durable: (performance.now() - started) / 1000 };
    };
    // checkpoint-sync like for like with scp (sizes and SSH's own integrity checks), and with the
    // sha256 comparison it does by default, which costs CPU that scp does not spend.
    const timeSync = async (hash: boolean) => {
      const local = path.join(destinations, `sync-${round++}`);
      await mkdir(local);
      await run('sync');
      const started = performance.now();
      const session = await openSshSession({ remoteHost: `${sshd.user}@127.0.0.1`, port: sshd.port, identityFile: sshd.identityFile, knownHostsFile: sshd.knownHostsFile, acceptNewHostKey: false, channels: 4 });
      const report = await syncPass({
        session, remoteDir: path.join(dir, 'remote'), localDir: local, settleMs: 0, chunks: { chunkBytes: 128 * 1024, parallel: 32, hash },
        keep: 3, protection: { champion: null, deployed: null, best: null, pinned: [], unreadable: [] }, announce: async () => undefined,
      });
      session.close();
      if (report.pulled.length !== 1) throw new Error(`sync bench: nothing pulled (${JSON.stringify(report.errors)})`);
      return (performance.now() - started) / 1000;
    };
    const scpTimes: { copied: number; durable: number }[] = [];
    const syncTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      scpTimes.push(await timeScp());
      syncTimes.push(await timeSync(false));
    }
    const verifiedSeconds = await timeSync(true);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
    const scpSeconds = median(scpTimes.map((t) => t.durable));
    const scpCopySeconds = median(scpTimes.map((t) => t.copied));
    const syncSeconds = median(syncTimes);
    const ratio = scpSeconds / syncSeconds;
    printResult('checkpoint-sync throughput vs scp (loopback, same files, same run; medians of 3)', {
      'bytes': bytes,
      'copies written to': shm ? 'tmpfs (/dev/shm)' : dir,
      'scp + sync MB/s (baseline: a durable copy)': (bytes / MB / scpSeconds).toFixed(1),
      'checkpoint-sync MB/s (sizes, SSH MACs, fsync)': (bytes / MB / syncSeconds).toFixed(1),
      'ratio (goal ≥ 1.0)': ratio.toFixed(3),
      'scp MB/s, not flushed': (bytes / MB / scpCopySeconds).toFixed(1),
      'ratio against unflushed scp (not a goal)': (scpCopySeconds / syncSeconds).toFixed(3),
      'checkpoint-sync MB/s with sha256 on both ends': (bytes / MB / verifiedSeconds).toFixed(1),
      'ratio with sha256 (not a goal)': (scpSeconds / verifiedSeconds).toFixed(3),
    });
    return { ratio };
  } finally {
    await sshd.stop();
    await remove();
    if (shm) await rm(shm, { recursive: true, force: true });
  }
}
