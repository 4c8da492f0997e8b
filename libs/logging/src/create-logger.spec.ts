import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger, scrubUrl } from './create-logger.js';

describe('createLogger', () => {
  it('appends JSON lines to <logsDir>/<name>.log with the daemon name and no secrets', async () => {
    const { dir, remove } = await tempDir('log');
    try {
      const logger = createLogger({ name: 'regression-monitor', logsDir: path.join(dir, 'logs'), stdout: false });
      logger.info({ checkpoint: 'checkpoint-5' }, 'judged');
      logger.warn({ api: { token: 'tok-123456789abcdef' }, headers: { authorization: 'Bearer abc' }, password: 'hunter2' }, 'secrets');
      logger.debug('below the level');
      const text = await readFile(path.join(dir, 'logs', 'regression-monitor.log'), 'utf8');
      const lines = text.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ level: 30, msg: 'judged', daemon: 'regression-monitor', checkpoint: 'checkpoint-5', pid: process.pid });
      expect(lines[1]).toMatchObject({ level: 40, api: { token: '[redacted]' }, headers: { authorization: '[redacted]' }, password: '[redacted]' });
      expect(text).not.toMatch(/tok-123456789abcdef|Bearer abc|hunter2/);
    } finally {
      await remove();
    }
  });

  it('honours the level', async () => {
    const { dir, remove } = await tempDir('log');
    try {
      const logger = createLogger({ name: 'x', logsDir: dir, level: 'error', stdout: false });
      logger.warn('no');
      logger.error('yes');
      const lines = (await readFile(path.join(dir, 'x.log'), 'utf8')).trim().split('\n');
      expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['yes']);
    } finally {
      await remove();
    }
  });
});

describe("hostile input: growth of the daemons' logs (createLogger, rotated)", () => {
  it('rotates <name>.log before a line would pass maxBytes, keeping rotatedFiles copies', async () => {
    const { dir, remove } = await tempDir('log');
    try {
      // Every line here has the same length (same pid, fixed-width ISO time, one-digit message): measure it once.
      const probe = createLogger({ name: 'probe', logsDir: dir, stdout: false });
      probe.info('line 0');
      const lineBytes = Buffer.byteLength(await readFile(path.join(dir, 'probe.log'), 'utf8'));
      // Two lines fit exactly: rotations before lines 3, 5 and 7; the copy with lines 1 and 2 is dropped at the third.
      const logger = createLogger({ name: 'rot', logsDir: path.join(dir, 'logs'), stdout: false, rotation: { maxBytes: 2 * lineBytes, rotatedFiles: 2 } });
      for (let n = 1; n <= 7; n += 1) logger.info(`line ${n}`);
      const messages = async (name: string) => (await readFile(path.join(dir, 'logs', name), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).msg);
      expect((await readdir(path.join(dir, 'logs'))).sort()).toEqual(['rot.log', 'rot.log.1', 'rot.log.2']);
      expect(await messages('rot.log.2')).toEqual(['line 3', 'line 4']);
      expect(await messages('rot.log.1')).toEqual(['line 5', 'line 6']);
      expect(await messages('rot.log')).toEqual(['line 7']);
    } finally {
      await remove();
    }
  });
});

describe('hostile input: Redis credentials never reach a log line', () => {
  it('never writes the arguments of a failed Redis command (the password of AUTH), under err or any other key', async () => {
    const { dir, remove } = await tempDir('log');
    try {
      const logger = createLogger({ name: 'evaluator', logsDir: dir, stdout: false });
      // The shape of an ioredis ReplyError for a refused AUTH: the command and its arguments.
      const replyError = () => Object.assign(new Error('WRONGPASS invalid username-password pair or user is disabled.'), {
        name: 'ReplyError', command: { name: 'auth', args: ['flywheel', 'pa55-in-the-args'] },
      });
      logger.error({ err: replyError() }, 'redis connection error');
      logger.warn({ cause: replyError(), checkpoint: 'checkpoint-5' }, 'logged under another key');
      const text = await readFile(path.join(dir, 'evaluator.log'), 'utf8');
      expect(text).not.toContain('pa55-in-the-args');
      const [first, second] = text.trim().split('\n').map((l) => JSON.parse(l));
      expect(first.err).toMatchObject({ message: expect.stringMatching(/^WRONGPASS/), command: { name: 'auth' } });
      expect(first.err.command.args).toBeUndefined();
      expect(second).toMatchObject({ checkpoint: 'checkpoint-5', cause: { message: expect.stringMatching(/^WRONGPASS/), command: { name: 'auth' } } });
    } finally {
      await remove();
    }
  });
});

describe('scrubUrl', () => {
  it('hides the password of a URL and leaves the rest', () => {
    expect(scrubUrl('redis://:s3cret@redis.example:6379/0')).toBe('redis://:[redacted]@redis.example:6379/0');
    expect(scrubUrl('redis://user:s3cret@host:6379')).toBe('redis://user:[redacted]@host:6379');
    expect(scrubUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(scrubUrl('not a url')).toBe('not a url');
  });
});
