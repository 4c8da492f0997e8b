import { startRedis, type PrivateRedis } from './redis-server.js';
import { tempDir } from './temp-dir.js';
import { makeTestCertificates, type TestCertificates } from './test-certificates.js';

export interface TlsRedis {
  server: PrivateRedis;
  certs: TestCertificates;
  /** The temporary folder the certificates live in, for a test's own files. */
  dir: string;
  /** Stops the server and removes the folder. */
  stop(): Promise<void>;
}

/**
 * A redis-server serving TLS only, with one ACL user and the default user off, on throwaway
 * certificates: what a Redis reachable from more than one host should look like (issue 17).
 */
export async function startTlsRedis(name: string, user: { name: string; password: string }): Promise<TlsRedis> {
  const temp = await tempDir(name);
  const certs = await makeTestCertificates(temp.dir);
  const server = await startRedis({ tls: certs, users: [user] });
  return {
    server,
    certs,
    dir: temp.dir,
    async stop() {
      await server.stop();
      await temp.remove();
    },
  };
}
