import type { z } from 'zod';
import { formatIssuePath } from '@flywheel/contracts';
import { BackendError } from './model-backend.js';
import type { Limiter } from './limiter.js';

export interface HttpOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  limiter: Limiter;
  /** First backoff delay; doubles per retry, with jitter. */
  backoffMs?: number;
}

const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * JSON over HTTP to a model server: bounded concurrency, a timeout per attempt, retries with
 * exponential backoff on 429 (Retry-After honoured), 5xx, timeouts and connection errors, and
 * the answer checked against `schema`. Other 4xx are the caller's mistake: no retry.
 */
export async function requestJson<S extends z.ZodType>(
  options: HttpOptions,
  method: 'GET' | 'POST',
  route: string,
  body: unknown,
  schema: S,
): Promise<z.output<S>> {
  const url = options.baseUrl.replace(/\/+$/, '') + route;
  const attempts = options.retries + 1;
  let last: BackendError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const outcome = await options.limiter(() => attemptOnce(options, method, url, body));
    if (outcome.ok) return parseShape(schema, outcome.json, url);
    last = outcome.error;
    if (!outcome.retryable || attempt === attempts) break;
    const backoff = Math.min(MAX_BACKOFF_MS, (options.backoffMs ?? 500) * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    await sleep(Math.max(backoff, outcome.retryAfterMs ?? 0));
  }
  const tries = attempts > 1 && last!.kind !== 'http' ? ` after ${attempts} attempts` : '';
  throw new BackendError(`${last!.message}${tries}`, last!.kind, url, last!.status);
}

type Attempt =
  | { ok: true; json: unknown }
  | { ok: false; error: BackendError; retryable: boolean; retryAfterMs?: number };

async function attemptOnce(options: HttpOptions, method: string, url: string, body: unknown): Promise<Attempt> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    if (isTimeout(error)) {
      return { ok: false, retryable: true, error: new BackendError(`model server at ${url} did not answer within ${options.timeoutMs} ms`, 'timeout', url) };
    }
    const code = causeCode(error);
    return { ok: false, retryable: true, error: new BackendError(`model server at ${url} is not reachable (${code})`, 'unreachable', url) };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const kind = isTimeout(error) ? 'timeout' : 'unreachable';
    return { ok: false, retryable: true, error: new BackendError(`model server at ${url} broke off its answer (${causeCode(error)})`, kind, url) };
  }
  if (!response.ok) {
    const retryable = response.status === 429 || response.status >= 500;
    const excerpt = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    return {
      ok: false,
      retryable,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      error: new BackendError(`model server at ${url} answered ${response.status}: ${excerpt}`, 'http', url, response.status),
    };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false, retryable: false, error: new BackendError(`model server at ${url} answered with something that is not JSON: ${text.slice(0, 120)}`, 'shape', url) };
  }
}

function parseShape<S extends z.ZodType>(schema: S, json: unknown, url: string): z.output<S> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((i) => `${formatIssuePath(i.path) || '(body)'}: ${i.message}`).join('; ');
  throw new BackendError(`model server at ${url} answered in an unexpected shape: ${detail}`, 'shape', url);
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function causeCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** `Retry-After` as seconds or an HTTP date, capped. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
