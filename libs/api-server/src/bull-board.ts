import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type RequestHandler, type Router } from 'express';
import type { DaemonQueues } from './daemon-queues.js';

import { BULL_BOARD_PATH } from './lazy-bull-board.js';

/**
 * bull-board over the run's daemon queues. Reading is open like the rest of the API; its
 * actions (retry, clean, pause, …: every non-GET request) go through `guard`, the bearer token.
 */
export function bullBoardRouter(queues: DaemonQueues, guard: RequestHandler): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: queues.all().map(([, queue]) => new BullMQAdapter(queue)), serverAdapter });
  const router = express.Router();
  router.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : guard(req, res, next)));
  router.use(serverAdapter.getRouter() as RequestHandler);
  return router;
}
