import { publicErrorBody } from '@flywheel/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { openAiError, MODEL_HEADER } from './proxy-handler.js';
import { readBody, sendUpstream } from './upstream-request.js';
import { upstreamsFor, type Upstream } from './upstreams.js';

/** `GET /v1/videos/{id}` and `GET /v1/videos/{id}/content`, as OpenAI names them. */
const ROUTE = /^\/v1\/videos\/([^/?]+)(\/content)?(?:\?(.*))?$/;
/** OpenAI's ids are `video_…`: letters, digits, "_" and "-" only, so an id cannot reach another path. */
const VIDEO_ID = /^[A-Za-z0-9_-]{1,200}$/;
/** `/content`'s `variant` (OpenAI: video, thumbnail, spritesheet); nothing else of the query is passed on. */
const VARIANTS = new Set(['video', 'thumbnail', 'spritesheet']);

export interface VideoRetrievalContext {
  upstreams: readonly Upstream[];
  timeoutMs: number;
}

function sendError(res: ServerResponse, status: number, message: string, code: string, param: string | null = null): void {
  // An unreachable upstream's error names its address: the caller gets the upstream's name only.
  const body = JSON.stringify(publicErrorBody(openAiError(message, status >= 500 ? 'upstream_error' : 'invalid_request_error', code, param)));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * A text-to-video job is made by `POST /v1/videos` and fetched later by its id. The gateway
 * keeps no map of ids (it would grow, and be lost on restart): it asks the video upstreams in
 * the configured order and passes on the first answer that is not a 404, the video's bytes
 * streamed as they come. Null when the path is not one of these routes.
 */
export function videoRetrievalHandler(context: VideoRetrievalContext) {
  const candidates = upstreamsFor(context.upstreams, 'video');
  return (url: string): ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | null => {
    const match = ROUTE.exec(url);
    if (!match) return null;
    const [, id, content, query] = match;
    return async (_req, res) => {
      if (!VIDEO_ID.test(id!)) return sendError(res, 404, 'a video id has letters, digits, "_" and "-" only', 'video_not_found', 'video_id');
      const variant = new URLSearchParams(query ?? '').get('variant');
      if (variant !== null && (!content || !VARIANTS.has(variant))) {
        return sendError(res, 400, `variant must be one of ${[...VARIANTS].join(', ')} (on /content only); got "${variant.slice(0, 50)}"`, 'invalid_variant', 'variant');
      }
      if (candidates.length === 0) return sendError(res, 404, 'no upstream serves text-to-video requests: none lists "video" in gateway.upstreams[].types', 'type_not_served');
      const path = `/v1/videos/${id}${content ? '/content' : ''}${variant ? `?variant=${variant}` : ''}`;
      const errors: string[] = [];
      for (const upstream of candidates) {
        let response: IncomingMessage;
        try {
          response = await sendUpstream({ baseUrl: upstream.baseUrl, path, method: 'GET', accept: '*/*', timeoutMs: context.timeoutMs }).response;
        } catch (error) {
          errors.push(`${upstream.name}: ${(error as Error).message}`);
          continue;
        }
        if (response.statusCode === 404) {
          await readBody(response).catch(() => undefined);
          errors.push(`${upstream.name}: 404`);
          continue;
        }
        const headers: Record<string, string> = { [MODEL_HEADER]: upstream.name };
        for (const name of ['content-type', 'content-length', 'content-disposition'] as const) {
          const value = response.headers[name];
          if (typeof value === 'string') headers[name] = value;
        }
        res.writeHead(response.statusCode ?? 502, headers);
        // A video may be large: streamed through, with the client's pace (pipeline's back-pressure).
        await pipeline(response, res).catch(() => res.destroy());
        return;
      }
      const unreachable = errors.some((e) => !e.endsWith(': 404'));
      sendError(res, unreachable ? 502 : 404, unreachable ? `no video upstream answered (${errors.join('; ')})` : `no video upstream knows the video "${id}" (asked ${candidates.map((u) => u.name).join(', ')})`, unreachable ? 'upstream_unavailable' : 'video_not_found', unreachable ? null : 'video_id');
    };
  };
}
