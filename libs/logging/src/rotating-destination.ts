import { DEFAULT_LOG_ROTATION, rotateBeforeAppend, type Rotation } from '@flywheel/status-store';
import { pino, type DestinationStream } from 'pino';

/**
 * A synchronous pino destination appending to `file` that rotates the file by size
 * (`retention.log*`): before a line that would take it past `rotation.maxBytes`, the file is
 * renamed to `<file>.1` (older copies shift up, the oldest is dropped) and the destination
 * reopened on a fresh file. Writes stay synchronous, so a `fatal` line logged right before
 * `process.exit` is still on disk, and the size check and rename run inside the write, where
 * no other line of this process can come between them.
 */
export function rotatingDestination(file: string, rotation: Rotation = DEFAULT_LOG_ROTATION): DestinationStream & { flushSync(): void } {
  const destination = pino.destination({ dest: file, sync: true, mkdir: true });
  return {
    write(line: string) {
      if (rotateBeforeAppend(file, rotation, Buffer.byteLength(line))) destination.reopen();
      destination.write(line);
    },
    flushSync: () => destination.flushSync(),
  };
}
