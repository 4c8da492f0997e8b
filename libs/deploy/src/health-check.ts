import { timedFetch, timeoutOr } from './timed-fetch.js';

export interface HealthResult {
  healthy: boolean;
  smoke: boolean;
  detail: string;
  seconds: number;
}

/** How long the smoke completion may take (a cold server's first generation can be slow). */
const SMOKE_TIMEOUT_MS = 60_000;

/**
 * The new server must answer GET /health with 200 within `timeoutMs` (`deploy.healthTimeoutSeconds`),
 * then complete the smoke prompt: a server that is up but cannot generate is not healthy. Every
 * request is bounded: /health 2 s a try, GET /v1/models (when no model name is known) `timeoutMs`,
 * the completion 60 s; a server that accepts the connection and never answers fails the check.
 */
export async function checkServing(baseUrl: string, model: string | null, prompt: string, timeoutMs: number): Promise<HealthResult> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  let last = 'no answer';
  while (Date.now() - started < timeoutMs) {
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.body?.cancel();
      if (res.ok) break;
      last = `/health answered ${res.status}`;
    } catch (error) {
      last = `/health unreachable (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (Date.now() - started >= timeoutMs) return { healthy: false, smoke: false, detail: `not healthy within ${timeoutMs} ms: ${last}`, seconds: seconds() };
  try {
    let name = model;
    if (!name) {
      const res = await timedFetch('GET /v1/models', `${baseUrl}/v1/models`, {}, timeoutMs);
      const models = (await res.json().catch((error: unknown) => { throw timeoutOr(error, 'GET /v1/models', timeoutMs); })) as { data?: { id: string }[] };
      name = models.data?.[0]?.id ?? 'default';
    }
    const res = await timedFetch('POST /v1/completions', `${baseUrl}/v1/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: name, prompt, max_tokens: 8, temperature: 0 }),
    }, SMOKE_TIMEOUT_MS);
    const body = (await res.json().catch(() => null)) as { choices?: { text?: unknown }[] } | null;
    if (!res.ok || typeof body?.choices?.[0]?.text !== 'string') {
      return { healthy: true, smoke: false, detail: `smoke prompt failed: ${res.status} ${JSON.stringify(body).slice(0, 200)}`, seconds: seconds() };
    }
    return { healthy: true, smoke: true, detail: 'healthy, smoke prompt answered', seconds: seconds() };
  } catch (error) {
    return { healthy: true, smoke: false, detail: `smoke prompt failed: ${(error as Error).message}`, seconds: seconds() };
  }
}
