import { publicErrorBody } from '@flywheel/contracts';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Every JSON error answer (status 400 and up) leaves without absolute paths, URLs or
 * addresses (`publicErrorBody`): routes and plugins build messages for operators, and a client
 * reaching the port must not learn the training tree's layout or the upstreams' addresses.
 * Wrapping `res.json` once covers the error handler and every route that answers an error itself.
 * What was taken out is logged with the route, for whoever runs the API.
 */
export function publicErrorAnswers(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode < 400) return json(body);
      const cleaned = publicErrorBody(body);
      // The client's own request path (a 404's `path`) is not a place on this host: it stays as sent.
      if (isObject(body) && isObject(cleaned) && body['path'] === req.path) cleaned['path'] = req.path;
      if (JSON.stringify(cleaned) !== JSON.stringify(body)) {
        logger.warn({ method: req.method, path: req.path, status: res.statusCode, detail: body }, 'error answer sent without its paths and URLs');
      }
      return json(cleaned);
    };
    next();
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
