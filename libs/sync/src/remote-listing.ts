import { checkpointStep } from '@flywheel/checkpoints';
import path from 'node:path';
import type { SFTPWrapper } from 'ssh2';

export interface RemoteFile {
  /** Path inside the checkpoint folder, with `/`. */
  relative: string;
  size: number;
  mtime: number;
}

export interface RemoteCheckpoint {
  name: string;
  step: number;
  /** Absolute path on the remote host. */
  path: string;
  files: RemoteFile[];
  /** Entries whose names are not plain file names (`..`, `a/b`, …): never fetched; the checkpoint is not pulled. */
  unsafe: string[];
}

/**
 * Whether a name from a remote listing may become part of a local path: not empty, `.` or
 * `..`, and without a path separator or NUL. A training host (or whoever answers as it) could
 * list `../../x`; joined to the checkpoint folder that would write outside it.
 */
export function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

const readdir = (sftp: SFTPWrapper, dir: string) =>
  new Promise<{ filename: string; attrs: { size: number; mtime: number; isDirectory(): boolean; isFile(): boolean } }[]>((resolve, reject) =>
    sftp.readdir(dir, (error, list) => (error ? reject(new Error(`sftp readdir ${dir}: ${error.message}`)) : resolve(list as never))),
  );

async function walk(sftp: SFTPWrapper, root: string, prefix = '', unsafe: string[] = []): Promise<{ files: RemoteFile[]; unsafe: string[] }> {
  const out: RemoteFile[] = [];
  for (const entry of await readdir(sftp, path.posix.join(root, prefix))) {
    const relative = prefix ? `${prefix}/${entry.filename}` : entry.filename;
    if (!isPlainName(entry.filename)) {
      unsafe.push(JSON.stringify(relative));
      continue;
    }
    if (entry.attrs.isDirectory()) out.push(...(await walk(sftp, root, relative, unsafe)).files);
    else if (entry.attrs.isFile()) out.push({ relative, size: entry.attrs.size, mtime: entry.attrs.mtime });
  }
  return { files: out.sort((a, b) => (a.relative < b.relative ? -1 : 1)), unsafe };
}

/** Every `checkpoint-<step>/` under `remoteDir` with its files (nested folders included), by step. */
export async function listRemoteCheckpoints(sftp: SFTPWrapper, remoteDir: string): Promise<RemoteCheckpoint[]> {
  const entries = await readdir(sftp, remoteDir);
  const out: RemoteCheckpoint[] = [];
  for (const entry of entries) {
    const step = checkpointStep(entry.filename);
    if (step === null || !entry.attrs.isDirectory()) continue;
    const dir = path.posix.join(remoteDir, entry.filename);
    out.push({ name: entry.filename, step, path: dir, ...(await walk(sftp, dir)) });
  }
  return out.sort((a, b) => a.step - b.step);
}

/**
 * Whether a remote checkpoint can be pulled: it has trainer_state.json (Trainer writes it
 * last) and no file changed size or time between two listings `settleSeconds` apart.
 */
export function stableCheckpoint(first: RemoteCheckpoint, second: RemoteCheckpoint | undefined): { stable: boolean; reason?: string } {
  if (!second) return { stable: false, reason: 'disappeared while being checked' };
  if (second.unsafe.length > 0) {
    return { stable: false, reason: `the training host lists names that are not plain file names in it (${second.unsafe.slice(0, 3).join(', ')}): not pulled` };
  }
  if (!second.files.some((f) => f.relative === 'trainer_state.json')) return { stable: false, reason: 'no trainer_state.json yet (still being written)' };
  const before = new Map(first.files.map((f) => [f.relative, f]));
  if (before.size !== second.files.length) return { stable: false, reason: 'files still being added' };
  for (const f of second.files) {
    const old = before.get(f.relative);
    if (!old || old.size !== f.size || old.mtime !== f.mtime) return { stable: false, reason: `${f.relative} still growing` };
  }
  return { stable: true };
}
