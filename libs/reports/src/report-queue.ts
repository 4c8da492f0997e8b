/** More reports asked for than the queue holds: the caller says "busy, try later" (the API: 429). */
export class ReportsBusyError extends Error {
  constructor(readonly waiting: number) {
    super(`report queue is full (one report is built at a time, ${waiting} waiting): try again shortly`);
    this.name = 'ReportsBusyError';
  }
}

export interface ReportQueue {
  /** Runs `work` when the reports before it are done; rejects with ReportsBusyError at once when `maxWaiting` already wait. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Reports running or waiting now. */
  readonly size: number;
}

/**
 * One report at a time, at most `maxWaiting` queued behind it: a report replays the monitor
 * over its window and a PDF starts a Chromium, so parallel requests would each hold that memory.
 */
export function createReportQueue(maxWaiting: number): ReportQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let size = 0;
  return {
    get size() {
      return size;
    },
    run<T>(work: () => Promise<T>): Promise<T> {
      if (size > maxWaiting) return Promise.reject(new ReportsBusyError(size - 1));
      size++;
      const result = tail.then(work);
      tail = result.then(
        () => undefined,
        () => undefined,
      ).finally(() => size--);
      return result;
    },
  };
}
