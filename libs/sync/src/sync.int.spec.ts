// Against a real OpenSSH server (private sshd on a loopback port, its own host and user keys).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSshd, tempDir, waitFor, type PrivateSshd } from '@flywheel/testing';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readProtection } from './prune.js';
import { openSshSession, type SshSession } from './ssh-session.js';
import { syncPass, type SyncPassInput } from './sync-pass.js';
import { LEDGER_FILE, readLedger } from './sync-ledger.js';

let sshd: PrivateSshd;
const temps: { dir: string; remove(): Promise<void> }[] = [];
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd.stop();
  await Promise.all(temps.map((t) => t.remove()));
});

const session = (knownHostsFile = sshd.knownHostsFile, acceptNewHostKey = false) =>
  openSshSession({ remoteHost: `${sshd.user}@127.0.0.1`, port: sshd.port, identityFile: sshd.identityFile, knownHostsFile, acceptNewHostKey });

async function dirs() {
  const t = await tempDir('sync');
  temps.push(t);
  const remote = path.join(t.dir, 'remote');
  const local = path.join(t.dir, 'local');
  await mkdir(remote, { recursive: true });
  await mkdir(local, { recursive: true });
  return { remote, local, root: t.dir };
}

async function writeRemoteCheckpoint(remote: string, step: number, weightsBytes: number) {
  const dir = path.join(remote, `checkpoint-${step}`);
  await mkdir(path.join(dir, 'tokenizer'), { recursive: true });
  await writeFile(path.join(dir, 'model.safetensors'), randomBytes(weightsBytes));
  await writeFile(path.join(dir, 'tokenizer', 'vocab.json'), JSON.stringify({ step }));
  await writeFile(path.join(dir, 'trainer_state.json'), JSON.stringify({ global_step: step, log_history: [] }));
  return dir;
}

/** The checkpoint folders here (the ledger file beside them left out). */
const checkpointsHere = async (local: string) => (await readdir(local)).filter((n) => n !== LEDGER_FILE).sort();
const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
const noProtection = { champion: null, deployed: null, best: null, pinned: [], unreadable: [] };

function pass(s: SshSession, remote: string, local: string, over: Partial<SyncPassInput> = {}) {
  const announced: string[] = [];
  const run = syncPass({
    session: s, remoteDir: remote, localDir: local, settleMs: 300, chunks: { chunkBytes: 64 * 1024, parallel: 16 }, keep: 10,
    protection: noProtection, announce: async (c) => void announced.push(c.name), ...over,
  });
  return { run, announced };
}

describe('checkpoint-sync over SSH', () => {
  it('pulls several checkpoints with nested files, verified by sha256, and announces each once', async () => {
    const { remote, local } = await dirs();
    await writeRemoteCheckpoint(remote, 100, 3 << 20);
    await writeRemoteCheckpoint(remote, 200, 1 << 20);
    const s = await session();
    try {
      const first = pass(s, remote, local);
      const report = await first.run;
      expect(report).toMatchObject({ seen: 2, pulled: ['checkpoint-100', 'checkpoint-200'], errors: [], skipped: [] });
      expect(report.bytes).toBe((3 << 20) + (1 << 20) + 2 * JSON.stringify({ global_step: 100, log_history: [] }).length + JSON.stringify({ step: 100 }).length * 2);
      expect(first.announced).toEqual(['checkpoint-100', 'checkpoint-200']);
      for (const file of ['model.safetensors', 'tokenizer/vocab.json', 'trainer_state.json']) {
        expect(await sha(path.join(local, 'checkpoint-100', file))).toBe(await sha(path.join(remote, 'checkpoint-100', file)));
      }
      expect((await checkpointsHere(local))).toEqual(['checkpoint-100', 'checkpoint-200']);
      const again = pass(s, remote, local);
      expect((await again.run).pulled).toEqual([]);
      expect(again.announced).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('resumes a transfer that was cut off midway', async () => {
    const { remote, local } = await dirs();
    const size = 48 << 20;
    await writeRemoteCheckpoint(remote, 300, size);
    const partialWeights = path.join(local, 'checkpoint-300.partial', 'model.safetensors');
    const s1 = await session();
    const cut = pass(s1, remote, local, { chunks: { chunkBytes: 64 * 1024, parallel: 4 } });
    // Drop the connection once a good part of the file has arrived.
    await waitFor(async () => (Number(await readFile(`${partialWeights}.progress`, 'utf8').catch(() => '0')) >= 8 << 20 ? true : undefined), {
      what: 'the first 8 MiB', intervalMs: 5, timeoutMs: 30_000,
    });
    s1.close();
    const interrupted = await cut.run;
    expect(interrupted.pulled).toEqual([]);
    expect(interrupted.errors).toHaveLength(1);
    const kept = Number(await readFile(`${partialWeights}.progress`, 'utf8'));
    expect(kept).toBeGreaterThanOrEqual(8 << 20);
    const s2 = await session();
    try {
      const resumed = await pass(s2, remote, local).run;
      expect(resumed.pulled).toEqual(['checkpoint-300']);
      // Only what was missing came over the second time.
      expect(resumed.bytes).toBeLessThanOrEqual(size - kept + 4096);
      expect(await sha(path.join(local, 'checkpoint-300', 'model.safetensors'))).toBe(await sha(path.join(remote, 'checkpoint-300', 'model.safetensors')));
    } finally {
      s2.close();
    }
  });

  it('leaves a checkpoint that is still being written until it is stable', async () => {
    const { remote, local } = await dirs();
    const growing = await writeRemoteCheckpoint(remote, 400, 1 << 20);
    const unfinished = path.join(remote, 'checkpoint-500');
    await mkdir(unfinished);
    await writeFile(path.join(unfinished, 'model.safetensors'), randomBytes(1024));
    const s = await session();
    try {
      const timer = setInterval(() => void appendFile(path.join(growing, 'model.safetensors'), randomBytes(4096)), 50);
      let report;
      try {
        report = await pass(s, remote, local, { settleMs: 500 }).run;
      } finally {
        clearInterval(timer);
      }
      expect(report.pulled).toEqual([]);
      expect(report.skipped).toEqual([
        { checkpoint: 'checkpoint-400', reason: 'model.safetensors still growing' },
        { checkpoint: 'checkpoint-500', reason: 'no trainer_state.json yet (still being written)' },
      ]);
      await new Promise((r) => setTimeout(r, 100));
      expect((await pass(s, remote, local).run).pulled).toEqual(['checkpoint-400']);
      expect((await stat(path.join(local, 'checkpoint-400', 'model.safetensors'))).size).toBe((await stat(path.join(growing, 'model.safetensors'))).size);
    } finally {
      s.close();
    }
  });

  it('refuses a download that would not fit on the disk, and says so', async () => {
    const { remote, local } = await dirs();
    await writeRemoteCheckpoint(remote, 600, 2 << 20);
    const s = await session();
    try {
      const report = await pass(s, remote, local, { freeBytes: async () => 1 << 20 }).run;
      expect(report.pulled).toEqual([]);
      expect(report.errors[0]!.message).toMatch(/^needs 2\.0 MiB more, .* has 1\.0 MiB free: not started$/);
      expect(await checkpointsHere(local)).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('prunes to the newest --keep but never the deployed, the best or a pinned checkpoint', async () => {
    const { remote, local, root } = await dirs();
    for (const step of [100, 200, 300, 400, 500, 600]) await writeRemoteCheckpoint(remote, step, 1024);
    const statusDir = path.join(root, 'status');
    await mkdir(statusDir);
    await writeFile(path.join(statusDir, 'last_deployment.json'), JSON.stringify({ checkpoint: 'checkpoint-100' }));
    await writeFile(path.join(statusDir, 'model_comparisons.json'), JSON.stringify({ best_checkpoint: 'checkpoint-200' }));
    const s = await session();
    try {
      await pass(s, remote, local).run;
      await writeFile(path.join(local, 'checkpoint-300', '.pinned'), '');
      const report = await pass(s, remote, local, { keep: 2, protection: await readProtection(statusDir, 'checkpoint-999') }).run;
      expect(report.pruned).toEqual(['checkpoint-400']);
      expect((await checkpointsHere(local))).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-500', 'checkpoint-600']);
    } finally {
      s.close();
    }
  });
  it('fails closed when last_deployment.json is torn: pulls, prunes nothing, and reports the file and why', async () => {
    const { remote, local, root } = await dirs();
    for (const step of [100, 200, 300, 400]) await writeRemoteCheckpoint(remote, step, 1024);
    const statusDir = path.join(root, 'status');
    await mkdir(statusDir);
    await writeFile(path.join(statusDir, 'last_deployment.json'), '{"checkpoint": "checkpoint-1');
    const s = await session();
    try {
      await pass(s, remote, local, { settleMs: 0 }).run;
      const report = await pass(s, remote, local, { keep: 1, settleMs: 0, protection: await readProtection(statusDir, '') }).run;
      expect(report.pruned).toEqual([]);
      expect(report.errors).toEqual([{ source: 'prune', message: expect.stringMatching(/^nothing pruned this pass: last_deployment\.json: not valid JSON/) }]);
      expect(await checkpointsHere(local)).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300', 'checkpoint-400']);
    } finally {
      s.close();
    }
  });
});

describe('checkpoint-sync pulls each checkpoint once', () => {
  it('over several passes with pruning: never re-downloads a pruned checkpoint; after an outage pulls only what --keep keeps', async () => {
    const { remote, local } = await dirs();
    const size = 64 * 1024;
    // One checkpoint's bytes: weights, trainer_state.json and tokenizer/vocab.json.
    const bytesOf = (step: number) => size + JSON.stringify({ global_step: step, log_history: [] }).length + JSON.stringify({ step }).length;
    const s = await session();
    const run = async () => { const p = pass(s, remote, local, { keep: 2, settleMs: 0 }); return { report: await p.run, announced: p.announced }; };
    try {
      for (const step of [100, 200]) await writeRemoteCheckpoint(remote, step, size);
      const one = await run();
      expect(one.report).toMatchObject({ pulled: ['checkpoint-100', 'checkpoint-200'], pruned: [], reDownloadedBytes: 0 });

      await writeRemoteCheckpoint(remote, 300, size);
      const two = await run();
      expect(two.report).toMatchObject({ pulled: ['checkpoint-300'], pruned: ['checkpoint-100'], reDownloadedBytes: 0, bytes: bytesOf(300) });

      // checkpoint-100 is still on the training host and not here: before the ledger every pass pulled it again.
      const three = await run();
      expect(three.report).toMatchObject({ pulled: [], pruned: [], bytes: 0, reDownloadedBytes: 0 });
      expect(three.report.skipped).toEqual([{ checkpoint: 'checkpoint-100', reason: 'pruned here earlier: not pulled again' }]);
      expect(three.announced).toEqual([]);

      // An outage: four new checkpoints at once with --keep 2. Only the newest two are pulled
      // (and announced); 400 and 500 would be pruned in the same pass.
      for (const step of [400, 500, 600, 700]) await writeRemoteCheckpoint(remote, step, size);
      const four = await run();
      expect(four.report).toMatchObject({ pulled: ['checkpoint-600', 'checkpoint-700'], pruned: ['checkpoint-200', 'checkpoint-300'], reDownloadedBytes: 0, bytes: bytesOf(600) + bytesOf(700) });
      expect(four.announced).toEqual(['checkpoint-600', 'checkpoint-700']);
      expect(four.report.skipped.map((x) => x.checkpoint)).toEqual(['checkpoint-100', 'checkpoint-400', 'checkpoint-500']);
      expect(four.report.skipped[1]!.reason).toBe('older than the newest 2 (--keep): prune would remove it at once');
      expect(await checkpointsHere(local)).toEqual(['checkpoint-600', 'checkpoint-700']);

      // And again: nothing moves. The ledger (a file beside the checkpoints) carried it all across passes.
      const five = await run();
      expect(five.report).toMatchObject({ pulled: [], pruned: [], bytes: 0, reDownloadedBytes: 0, ledger: { pulled: 5, pruned: 3 } });
      const ledger = await readLedger(local);
      expect(ledger.pruned.sort()).toEqual(['checkpoint-100', 'checkpoint-200', 'checkpoint-300']);
      expect(ledger.pulled['checkpoint-700']).toBe(bytesOf(700));
    } finally {
      s.close();
    }
  });

  it('names a ledger it cannot read instead of guessing', async () => {
    const { local } = await dirs();
    await writeFile(path.join(local, LEDGER_FILE), '{"pulled": ');
    await expect(readLedger(local)).rejects.toThrow(`${path.join(local, LEDGER_FILE)}: not valid JSON`);
  });
});

describe('host keys', () => {
  it('refuses an unknown host key, saying how to add it', async () => {
    const { root } = await dirs();
    const empty = path.join(root, 'known_hosts');
    await writeFile(empty, '');
    await expect(session(empty)).rejects.toThrow(
      new RegExp(`host key for \\[127\\.0\\.0\\.1\\]:${sshd.port} is unknown \\(ssh-ed25519 SHA256:.+\\) and not in .*known_hosts\\. .*ssh-keyscan -p ${sshd.port} 127\\.0\\.0\\.1 >> `),
    );
  });
  it('refuses a changed key even with accept-new', async () => {
    const { root } = await dirs();
    const other = path.join(root, 'known_hosts');
    // Another ed25519 key for the same name.
    await writeFile(other, `[127.0.0.1]:${sshd.port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGnW0e7bE6TTb4kS0JOrZq0Z2Q0Z4x4n7D3aXl2mJm9Y\n`);
    await expect(session(other, true)).rejects.toThrow(/has CHANGED .* line 1 has another key\)\. This can be a man-in-the-middle attack/);
  });
  it('adds the key of a host that has none when asked to, then trusts it', async () => {
    const { root } = await dirs();
    const file = path.join(root, 'known_hosts');
    await writeFile(file, '');
    (await session(file, true)).close();
    expect((await readFile(file, 'utf8')).trim()).toBe(sshd.knownHostsLine);
    (await session(file, false)).close();
  });
});

describe('hostile input: a training host listing names that climb out of the checkpoint', () => {
  it('writes nothing outside the local folder, pulls nothing of that checkpoint and names the unsafe names', async () => {
    const t = await tempDir('sync-hostile');
    temps.push(t);
    // Remote and local at different depths: `../../evil` from a checkpoint folder is
    // <root>/host/evil on the remote (a real file there) and <root>/inference/evil locally.
    const remote = path.join(t.dir, 'host', 'remote');
    const local = path.join(t.dir, 'inference', 'local');
    await mkdir(local, { recursive: true });
    const checkpoint = await writeRemoteCheckpoint(remote, 10, 1024);
    await writeFile(path.join(checkpoint, 'evil'), 'remote content');
    await writeFile(path.join(t.dir, 'host', 'evil'), 'outside the checkpoint');
    const s = await session();
    // The real server's listing, with "evil" answered as "../../evil": what a host that is not
    // the training host (or a compromised one) can send.
    const hostile = new Proxy(s.sftp, {
      get(target, prop) {
        if (prop === 'readdir') {
          return (dir: string, callback: (error: Error | undefined, list: { filename: string }[]) => void) =>
            target.readdir(dir, (error, list) => callback(error, error ? list : list.map((e) => (e.filename === 'evil' ? { ...e, filename: '../../evil' } : e))));
        }
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const before = { inference: (await readdir(path.join(t.dir, 'inference'))).sort(), root: (await readdir(t.dir)).sort() };
    try {
      const { run, announced } = pass({ ...s, sftp: hostile, channels: [hostile, ...s.channels.slice(1)] }, remote, local);
      const report = await run;
      expect(report.pulled).toEqual([]);
      expect(announced).toEqual([]);
      expect(report.skipped).toEqual([{ checkpoint: 'checkpoint-10', reason: 'the training host lists names that are not plain file names in it ("../../evil"): not pulled' }]);
      expect(report.errors).toEqual([]);
      expect((await readdir(path.join(t.dir, 'inference'))).sort()).toEqual(before.inference);
      expect((await readdir(t.dir)).sort()).toEqual(before.root);
      expect(await checkpointsHere(local)).toEqual([]);
      expect(await readFile(path.join(t.dir, 'host', 'evil'), 'utf8')).toBe('outside the checkpoint');
    } finally {
      s.close();
    }
  });
});
