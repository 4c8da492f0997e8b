import { DAEMON_NAMES, DaemonName, DEFAULT_JOB_OPTIONS, JOB_NAMES, ManualJob } from '@flywheel/contracts';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';

/**
 * `POST /api/daemons/:daemon/run` (bearer token): one `manual` job on the daemon's queue, as
 * the CLI's `run <daemon>` does; the daemon's worker runs it after what it is doing. 202.
 */
export const daemonRunPlugin = definePlugin({
  name: 'daemon-run',
  route: '/api/daemons/:daemon/run',
  method: 'POST',
  handler: async (req, res, context) => {
    const parsed = DaemonName.safeParse(req.params['daemon']);
    if (!parsed.success) {
      throw new HttpError(400, `daemon: unknown daemon "${String(req.params['daemon'])}"; one of ${DAEMON_NAMES.join(', ')}`, { field: 'daemon' });
    }
    if (!context.queues) throw new HttpError(503, 'queueing a run needs Redis, and the API has none configured');
    const daemon = parsed.data;
    const payload = ManualJob.parse({ kind: 'manual', requestedBy: 'api' });
    const job = await context.queues.get(daemon).add(JOB_NAMES.manual, payload, { ...DEFAULT_JOB_OPTIONS });
    context.logger.info({ queue: daemon, jobId: job.id }, 'manual run queued');
    res.status(202).json({ queued: true, daemon, job_id: job.id ?? null });
  },
});
