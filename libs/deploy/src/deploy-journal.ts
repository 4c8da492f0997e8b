import { DEPLOY_JOURNAL_FILE, DeployJournal, parseJsonAs } from '@flywheel/contracts';
import { writeFileAtomic } from '@flywheel/status-store';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export type { DeployJournal } from '@flywheel/contracts';

const file = (servingDir: string) => path.join(servingDir, DEPLOY_JOURNAL_FILE);

/**
 * The journal of an interrupted deployment, or null when none is in progress. A journal that
 * is not valid JSON or fails its schema throws, naming the file and the field: recovery would
 * switch and serve the names it holds, so a damaged one stops the deployer until fixed.
 */
export async function readJournal(servingDir: string): Promise<DeployJournal | null> {
  const where = file(servingDir);
  const text = await readFile(where, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  return text === null ? null : parseJsonAs(DeployJournal, text, where);
}
export const writeJournal = (servingDir: string, journal: DeployJournal) => writeFileAtomic(file(servingDir), JSON.stringify(journal));
export const clearJournal = (servingDir: string) => rm(file(servingDir), { force: true });
