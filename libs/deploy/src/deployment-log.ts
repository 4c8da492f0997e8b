import { DEPLOYMENTS_LOG } from '@flywheel/contracts';
import { DEFAULT_JSONL_ROTATION, rotateBeforeAppend, type Rotation } from '@flywheel/status-store';
import { appendFile } from 'node:fs/promises';
import path from 'node:path';

/** Appends one line to `<statusDir>/deployments.jsonl`, rotated first when it would grow past its bound. Under the deploy lock: the file's only writer. */
export async function appendDeploymentLine(statusDir: string, rotation: Rotation | undefined, record: object): Promise<void> {
  const file = path.join(statusDir, DEPLOYMENTS_LOG);
  const line = JSON.stringify(record) + '\n';
  rotateBeforeAppend(file, rotation ?? DEFAULT_JSONL_ROTATION, Buffer.byteLength(line));
  await appendFile(file, line);
}
