import { STATUS_FILES, type StatusId, type StatusOf } from '@flywheel/contracts';
import { parseStatusText } from '@flywheel/status-store';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The status files a deploy pass decides on; each null when it does not exist (yet). */
export interface DeployInputs {
  comparison: StatusOf<'model_comparison'> | null;
  testing: StatusOf<'testing'> | null;
  regression: StatusOf<'regression'> | null;
  champion: StatusOf<'champion'> | null;
}

export type DeployInputsRead = { ok: true; inputs: DeployInputs } | { ok: false; reason: string };

/**
 * Reads the status files the deployer acts on, each checked against its schema in
 * libs/contracts. A file that exists but is not valid JSON or fails its schema (a wrong type,
 * a `best_checkpoint` that is no checkpoint name) makes the whole read fail, with the file
 * and the field in `reason`: the deployer stages, deletes and serves by these names, so it
 * refuses rather than guess. A missing file is null: the gates know what to do without it.
 */
export async function readDeployInputs(statusDir: string): Promise<DeployInputsRead> {
  const problems: string[] = [];
  const read = async <Id extends StatusId>(id: Id): Promise<StatusOf<Id> | null> => {
    const file = path.join(statusDir, STATUS_FILES[id].file);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      problems.push(`${STATUS_FILES[id].file} (${file}): cannot read: ${(error as Error).message}`);
      return null;
    }
    const parsed = parseStatusText(id, text, 'file', file);
    if (parsed.state === 'present') return parsed.data;
    if (parsed.state === 'error') problems.push(parsed.error);
    return null;
  };
  const [comparison, testing, regression, champion] = await Promise.all([
    read('model_comparison'), read('testing'), read('regression'), read('champion'),
  ]);
  if (problems.length > 0) return { ok: false, reason: `refused: ${problems.join('; ')}` };
  return { ok: true, inputs: { comparison, testing, regression, champion } };
}
