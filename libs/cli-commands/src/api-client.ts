import type { FlywheelConfig } from '@flywheel/config';

/** The API this host's configuration points at: `http://<api.host>:<api.port>`, loopback for a wildcard bind. */
export function defaultApiUrl(config: FlywheelConfig): string {
  const host = ['0.0.0.0', '::', ''].includes(config.api.host) ? '127.0.0.1' : config.api.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.api.port}`;
}

/** Why an API answer could not be used: unreachable (fall back to files) or an HTTP status with its body. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The bearer token this host's configuration reads the API with: `api.readToken`, else the mutating `api.token` (the API takes either). */
export function apiReadTokenOf(config: FlywheelConfig): string | undefined {
  return config.api.readToken ?? config.api.token;
}

/** GET a JSON route of the API (with `token` as bearer when given); an ApiError when it cannot be reached, times out or answers non-2xx. */
export async function getApiJson(apiUrl: string, route: string, timeoutMs = 3_000, token?: string): Promise<unknown> {
  const url = new URL(route, apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).toString();
  let response: Response;
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers['authorization'] = `Bearer ${token}`;
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.message || cause?.code || (error as Error).message);
    throw new ApiError(`API at ${apiUrl} unreachable (${why})`, null);
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the message.
  }
  if (!response.ok) {
    const detail = typeof body === 'object' && body !== null && 'error' in body ? String((body as { error: unknown }).error) : text.slice(0, 200);
    throw new ApiError(`API ${url} answered ${response.status}: ${detail}`, response.status, body);
  }
  return body;
}
