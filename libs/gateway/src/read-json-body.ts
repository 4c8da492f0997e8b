import type { IncomingMessage } from 'node:http';

/** A request body the gateway refuses, with the HTTP status to answer. */
export class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/**
 * Reads and parses a JSON request body of at most `limitBytes` (the proxy routes' own reader:
 * express's body parser costs more than the rest of the request on the hot path).
 */
export function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new BodyError(413, `request body over ${limitBytes} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => {
      const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new BodyError(400, `the request body is not JSON: ${(error as Error).message}`));
      }
    });
    req.once('error', reject);
  });
}
