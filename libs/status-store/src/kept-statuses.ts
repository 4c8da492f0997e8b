import type { StatusStore } from './status-store.js';

/**
 * The champion (champion.json) and what serves (last_deployment.json's `serving`, else its
 * `checkpoint`), and the checkpoints a rollback rejected, through the status store: the newer of the file and its Redis copy, so a
 * daemon on another host than checkpoint-auto-deploy sees them too.
 */
export async function readChampionAndDeployed(statusStore: Pick<StatusStore, 'read'>): Promise<{ champion: string | null; deployed: string | null; rejected: string[] }> {
  const champion = await statusStore.read('champion');
  const deployment = await statusStore.read('deployment');
  const served = deployment.state === 'present' ? deployment.data : null;
  const serving = served && typeof served['serving'] === 'string' ? served['serving'] : null;
  return {
    champion: champion.state === 'present' ? champion.data.champion : null,
    deployed: serving ?? served?.checkpoint ?? null,
    rejected: champion.state === 'present' ? (champion.data.rejected ?? []) : [],
  };
}
