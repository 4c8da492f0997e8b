// A hostile listing (issue 17): whoever answers as the training host can list names such as
// `..` or `../../x`. The SFTP answers below are what such a server would send; the listing must
// never turn one into a path, and the checkpoint is not pulled.
import { describe, expect, it } from '@jest/globals';
import type { SFTPWrapper } from 'ssh2';
import { isPlainName, listRemoteCheckpoints, stableCheckpoint } from './remote-listing.js';

type Entry = { filename: string; dir: boolean };
/** An SFTP session's readdir as a server would answer it, from a table of folder → entries. */
function answering(tree: Record<string, Entry[]>): SFTPWrapper {
  return {
    readdir(dir: string, callback: (error: Error | undefined, list: unknown) => void) {
      const entries = tree[dir];
      if (!entries) return callback(new Error('No such file'), undefined);
      callback(undefined, entries.map((e) => ({ filename: e.filename, attrs: { size: 10, mtime: 1, isDirectory: () => e.dir, isFile: () => !e.dir } })));
    },
  } as unknown as SFTPWrapper;
}

describe('isPlainName', () => {
  it('accepts file names and refuses what could climb or nest', () => {
    expect(['trainer_state.json', 'adapter_model.safetensors', '.hidden', 'a..b'].map(isPlainName)).toEqual([true, true, true, true]);
    expect(['', '.', '..', '../x', 'a/b', 'a\\b', 'x\0y'].map(isPlainName)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('hostile input: listRemoteCheckpoints with a hostile listing', () => {
  it('keeps the unsafe names out of the files, names them, and refuses the checkpoint', async () => {
    const sftp = answering({
      '/r': [{ filename: 'checkpoint-10', dir: true }, { filename: '../checkpoint-20', dir: true }],
      '/r/checkpoint-10': [{ filename: 'trainer_state.json', dir: false }, { filename: '../../evil', dir: false }, { filename: '..', dir: true }, { filename: 'sub', dir: true }],
      '/r/checkpoint-10/sub': [{ filename: 'a/b', dir: false }, { filename: 'w.bin', dir: false }],
    });
    const [listed, ...rest] = await listRemoteCheckpoints(sftp, '/r');
    // "../checkpoint-20" is no checkpoint name at all; checkpoint-10 keeps only its plain files.
    expect(rest).toEqual([]);
    expect(listed!.files.map((f) => f.relative)).toEqual(['sub/w.bin', 'trainer_state.json']);
    expect(listed!.unsafe).toEqual(['"../../evil"', '".."', '"sub/a/b"']);
    expect(stableCheckpoint(listed!, listed!)).toEqual({
      stable: false,
      reason: 'the training host lists names that are not plain file names in it ("../../evil", "..", "sub/a/b"): not pulled',
    });
  });
});
