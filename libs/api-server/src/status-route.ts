import { STATUS_FILES, type StatusId } from '@flywheel/contracts';
import type { StatusStore } from '@flywheel/status-store';
import type { RequestHandler } from 'express';

/**
 * `GET` handler of a status plugin: the status file's JSON as written (200), a 404 when it
 * has not been written yet, a 500 naming the file and field when it cannot be used.
 * Reads on every request (no cache): the file or its Redis copy is the truth.
 */
export function statusHandler(statusStore: StatusStore, statusId: StatusId): RequestHandler {
  const { file } = STATUS_FILES[statusId];
  return async (_req, res) => {
    const read = await statusStore.read(statusId);
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
  };
}
