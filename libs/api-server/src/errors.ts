import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Any route nobody serves: 404 in JSON, like every other answer of the API. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not found', path: req.path });
};

/**
 * Every error as JSON. Errors that carry an HTTP status (body-parser's 400 for bad JSON,
 * 413 for a body over the limit) keep it; anything else is a 500 and is logged.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = httpStatusOf(error);
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) {
      // Too late for a JSON answer: end the response so the client is not left waiting.
      res.end();
      return;
    }
    const details = error instanceof HttpError ? error.details : {};
    res.status(status).json({ error: message, status, ...details });
  };
}

function httpStatusOf(error: unknown): number {
  const candidate = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 600 ? candidate : 500;
}

/**
 * An error with the HTTP status it should answer and extra JSON fields (`field`, `file`, …).
 * Throw it from a handler; the error handler answers `{ error, status, ...details }`.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
