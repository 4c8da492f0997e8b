/**
 * `fetch` that gives up after `timeoutMs` (headers and body: the caller reads the body before the
 * signal's time runs out or gets the same error). A timeout throws an error naming `what`
 * (e.g. `GET /v1/models`) and the limit, not the URL.
 */
export async function timedFetch(what: string, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw timeoutOr(error, what, timeoutMs);
  }
}

/** `error` as "`what` did not answer within N ms" when it is an abort signal's timeout; else unchanged. */
export function timeoutOr(error: unknown, what: string, timeoutMs: number): unknown {
  return (error as Error)?.name === 'TimeoutError' ? new Error(`${what} did not answer within ${timeoutMs} ms`) : error;
}
