import { afterEach } from '@jest/globals';
import { startTestUpstream, type TestUpstream, type TestUpstreamOptions } from './test-upstream.fixture.js';

/** Registers what a test started to be closed after it, newest first. Call once at the top of a spec file. */
export function cleanupsAfterEach(): (...cleanups: (() => Promise<void>)[]) => void {
  const pending: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of pending.splice(0).reverse()) await cleanup();
  });
  return (...cleanups) => {
    pending.push(...cleanups);
  };
}

/** A test upstream closed after the test. */
export function upstreamStarter(cleanup: ReturnType<typeof cleanupsAfterEach>): (options?: TestUpstreamOptions) => Promise<TestUpstream> {
  return async (options) => {
    const started = await startTestUpstream(options);
    cleanup(() => started.close());
    return started;
  };
}
