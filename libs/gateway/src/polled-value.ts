/** A value re-read every `refreshMs` (a status file the gateway follows); a failed read keeps the last value. */
export interface PolledValue<T> {
  current(): T;
  /** Reads it again now. */
  refresh(): Promise<void>;
  stop(): void;
}

export function polledValue<T>(read: () => Promise<T>, initial: T, refreshMs: number, onError?: (error: unknown) => void): PolledValue<T> {
  let value = initial;
  const refresh = async () => {
    try {
      value = await read();
    } catch (error) {
      onError?.(error);
    }
  };
  // unref: a follower never keeps the gateway's process alive on its own.
  const timer = setInterval(() => void refresh(), refreshMs);
  timer.unref();
  return { current: () => value, refresh, stop: () => clearInterval(timer) };
}
