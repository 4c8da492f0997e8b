import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTlsRedis, type TlsRedis } from '@flywheel/testing';
import { connectOptionalRedis, quitQuietly } from './optional-redis.js';

// The CLI's connection (status, queue-health, report, rollback) to a TLS-only redis-server
// with an ACL user (issue 17): it connects with the CA file, and a refusal says what to fix
// without printing the password.
let tls: TlsRedis;

beforeAll(async () => {
  tls = await startTlsRedis('cli-redis-tls', { name: 'flywheel-cli', password: 'cli-Secret-42' });
});
afterAll(async () => {
  await tls?.stop();
});

describe('connectOptionalRedis over rediss://', () => {
  it('connects with redis.tlsCaFile, and explains a wrong password or an untrusted server', async () => {
    const ok = await connectOptionalRedis({ url: tls.server.url, tlsCaFile: tls.certs.caFile });
    expect(ok.error).toBeNull();
    expect(await ok.redis!.acl('WHOAMI')).toBe('flywheel-cli');
    await quitQuietly(ok.redis);

    const wrong = await connectOptionalRedis({ url: tls.server.url.replace('cli-Secret-42', 'bad-Secret-7'), tlsCaFile: tls.certs.caFile });
    expect(wrong.error).toBe(
      `redis at rediss://flywheel-cli:***@127.0.0.1:${tls.server.port} unreachable: WRONGPASS invalid username-password pair or user is disabled. (Redis refused the credentials: check the user and password in redis.url)`,
    );
    const untrusted = await connectOptionalRedis({ url: tls.server.url, tlsCaFile: tls.certs.otherCaFile });
    expect(untrusted.error).toMatch(/unreachable: .*certificate.* \(the Redis server's TLS certificate is not trusted: set redis\.tlsCaFile to the CA that signed it\)$/);
    expect(`${untrusted.error}${wrong.error}`).not.toMatch(/Secret/);

    const missing = await connectOptionalRedis({ url: tls.server.url, tlsCaFile: `${tls.dir}/no-such-ca.pem` });
    expect(missing.error).toBe(`redis.tlsCaFile: CA file ${tls.dir}/no-such-ca.pem does not exist`);
  });
});
