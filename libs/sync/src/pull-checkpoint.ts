import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { downloadFile, type ChunkOptions } from './download-file.js';
import type { RemoteCheckpoint } from './remote-listing.js';
import { shellQuote, type SshSession } from './ssh-session.js';

export interface PullResult {
  bytes: number;
  /** `sha256` when checksums are on and the remote could hash its files, else `size`. */
  verified: 'sha256' | 'size';
}

export const partialFolder = (localDir: string, name: string) => path.join(localDir, `${name}.partial`);

/** The remote's sha256 of each file, or null when it cannot run sha256sum. */
async function remoteChecksums(session: SshSession, checkpoint: RemoteCheckpoint): Promise<Map<string, string> | null> {
  const files = checkpoint.files.map((f) => shellQuote(f.relative)).join(' ');
  const result = await session.exec(`cd ${shellQuote(checkpoint.path)} && sha256sum -- ${files}`).catch(() => null);
  if (!result || result.code !== 0) return null;
  const sums = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const match = /^([a-f0-9]{64}) [ *](.+)$/.exec(line);
    if (match) sums.set(match[2]!, match[1]!);
  }
  return sums.size === checkpoint.files.length ? sums : null;
}

/**
 * Pulls a checkpoint into `<localDir>/<name>.partial/` (resuming what an interrupted pull
 * left there), verifies every file's size and, when the remote can hash, its sha256, then
 * renames the folder into place in one step: readers see no checkpoint or a whole one.
 */
export async function pullCheckpoint(session: SshSession, checkpoint: RemoteCheckpoint, localDir: string, chunks: ChunkOptions): Promise<PullResult> {
  const partial = partialFolder(localDir, checkpoint.name);
  // The listing keeps only plain names; this holds the line if a caller built one by hand.
  for (const file of checkpoint.files) {
    const local = path.resolve(partial, file.relative);
    if (!local.startsWith(path.resolve(partial) + path.sep)) throw new Error(`${checkpoint.name}: the remote file ${JSON.stringify(file.relative)} would land outside ${partial}: not pulled`);
  }
  await mkdir(partial, { recursive: true });
  // The training host hashes its files while they travel.
  const remoteSums = chunks.hash === false ? Promise.resolve(null) : remoteChecksums(session, checkpoint);
  remoteSums.catch(() => undefined);
  let bytes = 0;
  const localSums = new Map<string, string | null>();
  // Files go two at a time (each in parallel chunks): one file's fsync and hashing overlap
  // with the next one's transfer.
  const queue = [...checkpoint.files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const got = await downloadFile(session.channels, path.posix.join(checkpoint.path, file.relative), path.join(partial, file.relative), file.size, chunks);
      bytes += got.bytes;
      localSums.set(file.relative, got.sha256);
    }
  };
  await Promise.all([worker(), worker()]);
  for (const file of checkpoint.files) {
    const size = (await stat(path.join(partial, file.relative))).size;
    if (size !== file.size) throw new Error(`${checkpoint.name}/${file.relative}: ${size} bytes here, ${file.size} on the training host`);
  }
  const sums = await remoteSums;
  if (sums) {
    for (const file of checkpoint.files) {
      const local = path.join(partial, file.relative);
      if (localSums.get(file.relative) !== sums.get(file.relative)) {
        // A corrupt file must not survive to be "resumed" as if good.
        await rm(local, { force: true });
        throw new Error(`${checkpoint.name}/${file.relative}: sha256 differs from the training host's; it will be fetched again`);
      }
    }
  }
  const final = path.join(localDir, checkpoint.name);
  await rename(partial, final);
  const dir = await open(localDir, 'r');
  await dir.sync().catch(() => undefined);
  await dir.close();
  return { bytes, verified: sums ? 'sha256' : 'size' };
}
