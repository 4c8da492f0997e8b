import type { RequestHandler } from 'express';
import type { DaemonQueues } from './daemon-queues.js';

/** Where bull-board is served. */
export const BULL_BOARD_PATH = '/admin/queues';

/**
 * bull-board, loaded and built at its first request: it is the API's largest dependency and
 * most processes never serve it. Requests go to `bullBoardRouter` (see bull-board.ts).
 */
export function lazyBullBoard(queues: DaemonQueues, guard: RequestHandler): RequestHandler {
  let router: Promise<RequestHandler> | undefined;
  return async (req, res, next) => {
    router ??= import('./bull-board.js').then(({ bullBoardRouter }) => bullBoardRouter(queues, guard));
    (await router)(req, res, next);
  };
}
