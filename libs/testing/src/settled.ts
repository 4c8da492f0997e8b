import { isDeepStrictEqual } from 'node:util';

/**
 * Reads `read()` until it deep-equals `expected`, and returns the last value read, so that
 * `expect(await settled(read, expected)).toEqual(expected)` waits for what it asserts (a page
 * that is still rendering, a file still being written) and, when the value never comes, fails
 * with the real difference after `timeoutMs`. A read that throws counts as not there yet.
 */
export async function settled<T>(read: () => T | Promise<T>, expected: T, { timeoutMs = 20_000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      lastError = undefined;
      if (isDeepStrictEqual(last, expected)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      if (lastError !== undefined) throw lastError;
      return last as T;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
