import { Worker } from 'node:worker_threads';

// Plain JS evaluated in the worker: no file to resolve, so it works from src (tsx, jest) and dist alike.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hash = createHash('sha256');
parentPort.on('message', (m) => {
  if (m.type === 'data') hash.update(new Uint8Array(m.buffer, m.offset, m.length));
  else parentPort.postMessage(hash.digest('hex'));
});`;

/**
 * SHA-256 on a worker thread, fed in order: hashing a multi-GB checkpoint on the main thread
 * would stall the SFTP reads it runs beside. `update` hands the bytes over (the caller must not
 * touch the buffer afterwards).
 */
export function createHashWorker() {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  return {
    update(buffer: Buffer) {
      // Only a buffer that owns its whole ArrayBuffer may be handed over; a small one shares
      // Node's pool (transferring that would detach every buffer in it), so it is copied.
      const exclusive = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength;
      const owned = exclusive ? new Uint8Array(buffer.buffer, 0, buffer.byteLength) : new Uint8Array(buffer);
      worker.postMessage({ type: 'data', buffer: owned.buffer, offset: 0, length: owned.byteLength }, [owned.buffer as ArrayBuffer]);
    },
    async digest(): Promise<string> {
      const result = new Promise<string>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage({ type: 'end' });
      const hex = await result;
      await worker.terminate();
      return hex;
    },
    terminate: () => worker.terminate(),
  };
}
