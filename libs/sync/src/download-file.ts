import { createHashWorker } from './hash-worker.js';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SFTPWrapper } from 'ssh2';

export interface ChunkOptions {
  chunkBytes: number;
  parallel: number;
  /** Compute the sha256 on the way (default true). */
  hash?: boolean;
}

type Handle = Buffer;

const sftpCall = <T>(fn: (cb: (error: Error | null | undefined, value: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

/**
 * Downloads one remote file to `local` in parallel chunks. Progress is the length of the
 * prefix that is fully written, kept in `<local>.progress`: a transfer that is killed resumes
 * from there (chunks written beyond it are simply fetched again). The file's sha256 is computed
 * on the way, in order (chunks that arrive early wait in memory, at most `parallel` of them),
 * so checking it costs no second read. Returns the bytes fetched now and the sha256.
 */
export async function downloadFile(
  channels: SFTPWrapper | readonly SFTPWrapper[],
  remote: string,
  local: string,
  size: number,
  options: ChunkOptions,
): Promise<{ bytes: number; sha256: string | null }> {
  await mkdir(path.dirname(local), { recursive: true });
  const progressFile = `${local}.progress`;
  let start = 0;
  const existing = await stat(local).catch(() => null);
  if (existing) start = Math.min(Number((await readFile(progressFile, 'utf8').catch(() => '0')).trim()) || 0, existing.size, size);
  const hash = options.hash === false ? null : createHashWorker();
  // What is already here (an interrupted transfer's prefix) is hashed from disk first.
  if (hash && start > 0) for await (const piece of createReadStream(local, { start: 0, end: start - 1 })) hash.update(Buffer.from(piece as Buffer));
  if (existing && start === size && existing.size === size) {
    await rm(progressFile, { force: true });
    return { bytes: 0, sha256: hash ? await hash.digest() : null };
  }
  // Several SFTP channels: OpenSSH's sftp-server answers one request at a time per channel,
  // so chunks spread over channels keep more of the server busy.
  const sftps: readonly SFTPWrapper[] = Array.isArray(channels) ? (channels as readonly SFTPWrapper[]) : [channels as SFTPWrapper];
  // ssh2 never answers requests in flight when the connection drops: fail them when a
  // channel closes, so a cut transfer ends (and can resume) instead of hanging.
  let onClose = () => undefined as void;
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new Error('the SSH connection closed during the transfer'));
    for (const sftp of sftps) sftp.once('close', onClose);
  });
  closed.catch(() => undefined);
  const call = <T>(fn: Parameters<typeof sftpCall<T>>[0]) => Promise.race([sftpCall<T>(fn), closed]);
  const handles: Handle[] = await Promise.all(sftps.map((sftp) => call<Handle>((cb) => sftp.open(remote, 'r', cb))));
  const file = await open(local, existing ? 'r+' : 'w');
  try {
    const chunks = Math.ceil((size - start) / options.chunkBytes);
    const done = new Uint8Array(chunks);
    const waiting = new Map<number, Buffer>();
    let next = 0;
    let prefix = 0;
    let saving: Promise<void> = Promise.resolve();
    const saveProgress = () => {
      const at = Math.min(size, start + prefix * options.chunkBytes);
      saving = saving.then(() => writeFile(progressFile, String(at)));
    };
    const worker = async (slot: number) => {
      const sftp = sftps[slot % sftps.length]!;
      const handle = handles[slot % sftps.length]!;
      // Without hashing, each worker reuses one buffer: thousands of fresh 128 KiB buffers per
      // file otherwise keep the garbage collector busy. (Hashing hands buffers to its thread.)
      const own = hash ? null : Buffer.allocUnsafe(options.chunkBytes);
      while (next < chunks) {
        const index = next++;
        const offset = start + index * options.chunkBytes;
        const length = Math.min(options.chunkBytes, size - offset);
        const buffer = own ? own.subarray(0, length) : Buffer.allocUnsafe(length);
        let got = 0;
        while (got < length) {
          const read = await call<number>((cb) => sftp.read(handle, buffer, got, length - got, offset + got, (e, n) => cb(e, n)));
          if (read === 0) throw new Error(`${remote} ended at ${offset + got} bytes, expected ${size} (changed while copying?)`);
          got += read;
        }
        await file.write(buffer, 0, length, offset);
        done[index] = 1;
        if (hash) waiting.set(index, buffer);
        const before = prefix;
        while (prefix < chunks && done[prefix]) {
          if (hash) {
            hash.update(waiting.get(prefix)!);
            waiting.delete(prefix);
          }
          prefix++;
        }
        // Every 16 chunks is often enough: a resume refetches at most that many.
        if (prefix !== before && (prefix % 16 === 0 || prefix === chunks)) saveProgress();
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.parallel, Math.max(chunks, 1)) }, (_, slot) => worker(slot)));
    await file.truncate(size);
    await file.sync();
    await saving;
  } catch (error) {
    await hash?.terminate();
    throw error;
  } finally {
    await file.close();
    await Promise.all(sftps.map((sftp, i) => call<void>((cb) => sftp.close(handles[i]!, (e) => cb(e, undefined))).catch(() => undefined)));
    for (const sftp of sftps) sftp.off('close', onClose);
  }
  await rm(progressFile, { force: true });
  return { bytes: size - start, sha256: hash ? await hash.digest() : null };
}
