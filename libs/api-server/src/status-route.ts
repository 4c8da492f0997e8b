import { STATUS_FILES, type StatusId } from '@flywheel/contracts';
import type { StatusRead, StatusStore } from '@flywheel/status-store';
import type { RequestHandler, Response } from 'express';

/**
 * `GET` handler of a status plugin: the status file's JSON as written (200), a 404 when it
 * has not been written yet, a 500 naming the file and field when it cannot be used.
 * Reads on every request (no cache): the file or its Redis copy is the truth.
 */
export function statusHandler(statusStore: StatusStore, statusId: StatusId): RequestHandler {
  return async (_req, res) => {
    sendStatusRead(res, statusId, await statusStore.read(statusId));
  };
}

/** Answers with what reading a status gave: 200 with its JSON, 404 missing, 500 unusable (naming the file). */
export function sendStatusRead(res: Response, statusId: StatusId, read: StatusRead): void {
  const { file } = STATUS_FILES[statusId];
  switch (read.state) {
    case 'present':
      res.json(read.data);
      return;
    case 'missing':
      res.status(404).json({ error: `${file} has not been written yet`, status: 'missing', file });
      return;
    case 'error':
      res.status(500).json({ error: read.error, status: 'error', file });
      return;
  }
}
