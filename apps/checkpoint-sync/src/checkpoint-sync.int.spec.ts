// End to end: the built checkpoint-sync process pulls from a real sshd, announces on a real
// Redis, and writes checkpoint_sync.json; an unknown host key stops it with the fix spelled out.
import { describe, expect, it } from '@jest/globals';
import { CheckpointSyncStatus, redisNamespace } from '@flywheel/contracts';
import { writeSimulatedCheckpoint } from '@flywheel/simulation';
import { redisPerFile, startNodeProcess, startSshd, tempDir } from '@flywheel/testing';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SYNC = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const redis = redisPerFile();

describe('checkpoint-sync process', () => {
  it('pulls, announces once and reports; refuses an unknown host', async () => {
    const sshd = await startSshd();
    const { dir, remove } = await tempDir('sync-e2e');
    try {
      const remote = path.join(dir, 'remote');
      for (const step of [100, 200]) await writeSimulatedCheckpoint(remote, { step, evalLoss: 0.5, trainLoss: [], epoch: 1, maxSteps: 1000, weightsBytes: 1 << 20 });
      const args = (knownHosts: string) => ['--base-dir', path.join(dir, 'inference'), '--redis-url', redis.server.url, '--run', 'sync-e2e',
        '--remote-host', `${sshd.user}@127.0.0.1`, '--remote-port', String(sshd.port), '--remote-dir', remote,
        '--identity-file', sshd.identityFile, '--known-hosts', knownHosts, '--set', 'sync.settleSeconds=0.3', '--log-level', 'warn'];
      const once = startNodeProcess(SYNC, args(sshd.knownHostsFile));
      expect(await once.exited).toBe(0);
      const status = CheckpointSyncStatus.parse(JSON.parse(await readFile(path.join(dir, 'inference', 'status', 'sync-e2e', 'checkpoint_sync.json'), 'utf8')));
      expect(status).toMatchObject({ checkpoints_seen: 2, checkpoints_pulled: ['checkpoint-100', 'checkpoint-200'], errors: [] });
      expect(status.bytes_transferred).toBeGreaterThan(2 << 20);
      expect(status).toMatchObject({ re_downloaded_bytes: 0, ledger: { pulled: 2, pruned: 0 } });
      // The checkpoints, and the ledger of what was pulled and pruned beside them.
      expect((await readdir(path.join(dir, 'inference', 'current_model'))).sort()).toEqual(['.flywheel-sync.json', 'checkpoint-100', 'checkpoint-200']);
      expect((await redis.client.zrange(redisNamespace('sync-e2e').announced('checkpoint.ready'), 0, -1)).sort()).toEqual(['checkpoint-100', 'checkpoint-200']);

      const empty = path.join(dir, 'known_hosts');
      await writeFile(empty, '');
      const refused = startNodeProcess(SYNC, args(empty));
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain(`host key for [127.0.0.1]:${sshd.port} is unknown`);
      expect(refused.output()).toContain(`ssh-keyscan -p ${sshd.port} 127.0.0.1 >> ${empty}`);
    } finally {
      await sshd.stop();
      await remove();
    }
  }, 60_000);
});
