import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** The throwaway CA that signed the server certificate. */
  caFile: string;
  /** A second CA that signed nothing here: a client trusting only it must refuse the server. */
  otherCaFile: string;
  /** Server certificate for `127.0.0.1` and `localhost`, and its key. */
  certFile: string;
  keyFile: string;
}

/**
 * A throwaway CA and a server certificate it signed, written with openssl into `dir`, for
 * TLS tests against a private server. The certificate names 127.0.0.1 and localhost in its
 * subjectAltName, so clients verify the host name as they would in production. Ten years of
 * validity: the suite may run with the clock moved a year ahead (libfaketime).
 */
export async function makeTestCertificates(dir: string): Promise<TestCertificates> {
  const file = (name: string) => path.join(dir, name);
  const newCa = (name: string) =>
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', `/CN=${name}`,
      '-keyout', file(`${name}.key`), '-out', file(`${name}.pem`)]);
  await Promise.all([newCa('flywheel-test-ca'), newCa('flywheel-other-ca')]);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr')]);
  await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('flywheel-test-ca.pem'), '-CAkey', file('flywheel-test-ca.key'),
    '-CAcreateserial', '-days', '3650', '-extfile', file('server.ext'), '-out', file('server.pem')]);
  return { caFile: file('flywheel-test-ca.pem'), otherCaFile: file('flywheel-other-ca.pem'), certFile: file('server.pem'), keyFile: file('server.key') };
}
