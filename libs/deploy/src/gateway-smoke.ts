import { MODEL_HEADER } from '@flywheel/gateway';
import { timedFetch } from './timed-fetch.js';

/** What the smoke request through the gateway saw (last_deployment.json's `gateway_smoke`; a type, not an interface, to fit its loose schema). */
export type GatewaySmoke = {
  ok: boolean;
  /** The `model` the gateway's answer named; null when no answer came. */
  model: string | null;
  detail: string;
  seconds: number;
};

export interface GatewaySmokeOptions {
  /** The gateway's URL, without `/v1` (`deploy.gatewayUrl`). */
  gatewayUrl: string;
  /** The gateway's name of the deployed upstream (its first): what a user asks for. */
  upstream: string;
  /** The model name the deployed checkpoint is served under; null: any answer of the upstream counts. */
  expectedModel: string | null;
  prompt: string;
  /** How long the gateway has to answer as the deployed checkpoint (it re-reads last_deployment.json every 2 s). */
  timeoutMs: number;
  /** Pause between tries. @defaultValue 250 */
  retryMs?: number;
}

/** Each try's bound: a cold model's first generation can be slow. */
const TRY_TIMEOUT_MS = 60_000;

/**
 * Asks the gateway as a user would (a chat request naming the deployed upstream) until the answer
 * comes from that upstream (`x-flywheel-model`) and names the deployed checkpoint's model (the
 * body's `model`, which vLLM, and the simulator, set to the adapter or served model that answered),
 * or `timeoutMs` passes. A fallback's answer, or the base model's, is a failed smoke.
 */
export async function smokeThroughGateway(options: GatewaySmokeOptions): Promise<GatewaySmoke> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 100) / 10;
  const url = `${options.gatewayUrl.replace(/\/+$/, '')}/v1/chat/completions`;
  const body = JSON.stringify({ model: options.upstream, messages: [{ role: 'user', content: options.prompt }], max_tokens: 8, temperature: 0 });
  let last: { model: string | null; detail: string } = { model: null, detail: 'no answer' };
  do {
    try {
      const res = await timedFetch('POST /v1/chat/completions (gateway)', url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, Math.min(TRY_TIMEOUT_MS, Math.max(1_000, options.timeoutMs)));
      const answer = (await res.json().catch(() => null)) as { model?: unknown; choices?: { message?: { content?: unknown } }[] } | null;
      const model = typeof answer?.model === 'string' ? answer.model : null;
      const via = res.headers.get(MODEL_HEADER);
      if (!res.ok || typeof answer?.choices?.[0]?.message?.content !== 'string') {
        last = { model, detail: `the gateway answered ${res.status} ${JSON.stringify(answer).slice(0, 200)}` };
      } else if (via !== options.upstream) {
        last = { model, detail: `answered by upstream ${via ?? '(none named)'}, not ${options.upstream}` };
      } else if (options.expectedModel !== null && model !== options.expectedModel) {
        last = { model, detail: `answered as model ${model ?? '(none named)'}, not ${options.expectedModel}` };
      } else {
        return { ok: true, model, detail: `the gateway's ${options.upstream} answered as ${model ?? '(no model named)'}`, seconds: seconds() };
      }
    } catch (error) {
      last = { model: null, detail: `the gateway did not answer: ${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message}` };
    }
    await new Promise((r) => setTimeout(r, options.retryMs ?? 250));
  } while (Date.now() - started < options.timeoutMs);
  return { ok: false, model: last.model, detail: `not answered by the deployed checkpoint within ${options.timeoutMs} ms: ${last.detail}`, seconds: seconds() };
}
