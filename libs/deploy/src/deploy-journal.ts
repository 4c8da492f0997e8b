import { writeFileAtomic } from '@flywheel/status-store';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/** What a deployment in progress has done, so a crash can be undone at the next start. */
export interface DeployJournal {
  from: string | null;
  to: string;
  phase: 'switching' | 'verifying';
  startedAt: string;
}

const file = (servingDir: string) => path.join(servingDir, 'deploy-journal.json');

export const readJournal = async (servingDir: string): Promise<DeployJournal | null> =>
  JSON.parse(await readFile(file(servingDir), 'utf8').catch(() => 'null')) as DeployJournal | null;
export const writeJournal = (servingDir: string, journal: DeployJournal) => writeFileAtomic(file(servingDir), JSON.stringify(journal));
export const clearJournal = (servingDir: string) => rm(file(servingDir), { force: true });
