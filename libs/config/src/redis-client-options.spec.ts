import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';
import { redactedConfig } from './redacted-config.js';
import { redisClientOptions } from './redis-client-options.js';
import { describeRedisError, redisErrorHint, redisLogFields } from './redis-error-hint.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('redis TLS and credentials settings', () => {
  it('adds nothing for redis://, verified TLS for rediss://, and the CA file in place of the system CAs', async () => {
    const { dir, remove } = await tempDir('redis-ca');
    try {
      const ca = path.join(dir, 'ca.pem');
      await writeFile(ca, PEM);
      expect(redisClientOptions({ url: 'redis://u:p@h:1' })).toEqual({});
      expect(redisClientOptions({ url: 'rediss://u:p@h:1' })).toEqual({ tls: {} });
      const options = redisClientOptions({ url: 'rediss://u:p@h:1', tlsCaFile: ca });
      expect(options.tls?.ca?.toString()).toBe(PEM);
      // Nothing here may turn verification off.
      expect(options.tls).not.toHaveProperty('rejectUnauthorized');
    } finally {
      await remove();
    }
  });

  it('refuses a missing or non-PEM CA file at load time, naming redis.tlsCaFile and where it was set', async () => {
    const { dir, remove } = await tempDir('redis-ca');
    try {
      await writeFile(path.join(dir, 'junk.pem'), 'not a certificate');
      const env = { FLYWHEEL_REDIS_URL: 'rediss://flywheel:pw@r:6380', FLYWHEEL_REDIS_TLS_CA_FILE: 'missing.pem' };
      expect(problemsOf(() => loadConfig({ argv: [], env, cwd: dir }))).toEqual([
        { path: 'redis.tlsCaFile', message: `CA file ${path.join(dir, 'missing.pem')} does not exist`, source: 'env FLYWHEEL_REDIS_TLS_CA_FILE' },
      ]);
      const [junk] = problemsOf(() => loadConfig({ argv: [], env: { ...env, FLYWHEEL_REDIS_TLS_CA_FILE: 'junk.pem' }, cwd: dir }));
      expect(junk).toMatchObject({ path: 'redis.tlsCaFile', message: expect.stringContaining('holds no PEM certificate') });
      expect(() => redisClientOptions({ url: 'rediss://h', tlsCaFile: path.join(dir, 'missing.pem') })).toThrow(/^redis\.tlsCaFile: CA file .* does not exist$/);
    } finally {
      await remove();
    }
  });

  it('refuses a CA file with a plain redis:// URL (the link would not be encrypted)', async () => {
    const { dir, remove } = await tempDir('redis-ca');
    try {
      await writeFile(path.join(dir, 'ca.pem'), PEM);
      const [problem] = problemsOf(() => loadConfig({ argv: ['--redis-url', 'redis://r:6379', '--set', 'redis.tlsCaFile=ca.pem'], env: {}, cwd: dir }));
      expect(problem).toMatchObject({ path: 'redis.tlsCaFile', message: expect.stringContaining('not a rediss:// URL') });
      const config = loadConfig({ argv: ['--set', 'redis.tlsCaFile=ca.pem'], env: { FLYWHEEL_REDIS_URL: 'rediss://flywheel:s3cret@r:6380/2' }, cwd: dir });
      expect(config.redis).toEqual({ url: 'rediss://flywheel:s3cret@r:6380/2', tlsCaFile: path.join(dir, 'ca.pem') });
      // The ACL user may show in logs, the password never.
      expect(redactedConfig(config).redis.url).toBe('rediss://flywheel:redacted@r:6380/2');
    } finally {
      await remove();
    }
  });

  it('names the setting to fix for a refused password or an untrusted certificate', () => {
    const untrusted = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(redisErrorHint(untrusted)).toMatch(/redis\.tlsCaFile/);
    expect(describeRedisError(new Error('WRONGPASS invalid username-password pair or user is disabled.'))).toBe(
      'WRONGPASS invalid username-password pair or user is disabled. (Redis refused the credentials: check the user and password in redis.url)',
    );
    expect(redisErrorHint(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });

  it("drops a failed AUTH's arguments (the user and password ioredis puts on its error) from what is logged", () => {
    const refused = Object.assign(new Error('WRONGPASS invalid username-password pair or user is disabled.'), {
      name: 'ReplyError', command: { name: 'auth', args: ['flywheel', 'hunter2-secret'] },
    });
    const fields = redisLogFields(refused);
    expect(JSON.stringify(fields)).not.toContain('hunter2-secret');
    expect(fields).toMatchObject({ err: { message: refused.message, name: 'ReplyError', command: { name: 'auth' } }, hint: expect.stringContaining('redis.url') });
    const plain = new Error('connect ECONNREFUSED');
    expect(redisLogFields(plain)).toEqual({ err: plain });
  });
});
