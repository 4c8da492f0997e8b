import type { ManualFineTuneRequest, StatusIssue } from '@flywheel/contracts';
import { readFineTuneControl, takeManualFineTuneRequests } from '@flywheel/fine-tune-control';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MonitorState } from './monitor-state.js';

/**
 * Reads the dashboard's fine-tune switch into `state.control` and takes the manual requests
 * added after the saved cursor (moving it past every entry read, good or bad). A switch that
 * cannot be read leaves the last good value in force (the config's when there is none) and is
 * reported; a malformed request is reported with its stream id and skipped. Never throws on bad
 * data; Redis errors propagate like the streams' own.
 */
export async function readFineTuneInputs(redis: Redis, run: string, state: MonitorState, errors: StatusIssue[], logger: Logger): Promise<ManualFineTuneRequest[]> {
  try {
    state.control = await readFineTuneControl(redis, run);
  } catch (error) {
    const message = `${(error as Error).message}; ${state.control ? `keeping the last switch read (auto_fine_tune ${state.control.auto_fine_tune})` : 'monitor.autoFineTune applies'}`;
    errors.push({ source: 'fine-tune control', message });
    logger.warn({ problem: message }, 'fine-tune control unreadable');
  }
  const taken = await takeManualFineTuneRequests(redis, run, state.fineTuneRequestsCursor);
  for (const bad of taken.malformed) {
    errors.push({ source: 'fine-tune requests', where: bad.stream_id, message: bad.message });
    logger.warn({ streamId: bad.stream_id, problem: bad.message }, 'malformed fine-tune request skipped');
  }
  state.fineTuneRequestsCursor = taken.last_id;
  return taken.requests.map((r) => r.request);
}
