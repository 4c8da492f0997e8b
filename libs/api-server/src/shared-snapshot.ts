/**
 * Wraps a loader so that every caller within `maxAgeMs` of a load shares its result (and
 * callers during a load share the load in flight). `/api/status` reads a dozen files and Redis
 * keys; under a dashboard's polling, one read a second serves everyone. A failed load is not
 * kept: the next caller tries again.
 */
export function sharedSnapshot<T>(load: () => Promise<T>, maxAgeMs: number, clock: () => number = Date.now): () => Promise<T> {
  let current: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = clock();
    if (current && now - current.at < maxAgeMs) return current.value;
    const value = load();
    const entry = { at: now, value };
    current = entry;
    value.catch(() => {
      if (current === entry) current = null;
    });
    return value;
  };
}
