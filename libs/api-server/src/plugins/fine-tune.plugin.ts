import type { FineTuneControl } from '@flywheel/contracts';
import { readFineTuneControl, recentManualFineTuneRequests, requestManualFineTune, setFineTuneControl, type StoredManualFineTuneRequest } from '@flywheel/fine-tune-control';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { actorOf, parseJsonBody } from '../json-body.js';
import { definePlugin, type PluginContext } from '../plugin.js';

// Strict: a misspelt `enable` must be refused, not read as "no change".
const AutoBody = z.strictObject({ enabled: z.boolean(), by: z.string().trim().min(1).max(200).optional() });
const TriggerBody = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional(), by: z.string().trim().min(1).max(200).optional() });

function redisOf(context: PluginContext) {
  if (!context.redis) throw new HttpError(503, 'the fine-tune controls live in Redis, and the API has none configured');
  return context.redis;
}

/** The requests production-monitor has not run yet: those newer than the one its last manual run names. */
function pendingOf(recent: StoredManualFineTuneRequest[], lastRunId: string | null, lastRequestedAt: string | null): StoredManualFineTuneRequest[] {
  if (lastRunId === null) return recent;
  const at = recent.findIndex((r) => r.request.id === lastRunId);
  if (at >= 0) return recent.slice(0, at);
  return recent.filter((r) => lastRequestedAt === null || Date.parse(r.request.requested_at) > Date.parse(lastRequestedAt));
}

/**
 * `GET /api/fine-tune`: the auto fine-tune switch (Redis) and what production-monitor last did
 * (`llm_health.json` → `fine_tune`). `config_auto_fine_tune` is the monitor's configured value
 * as its last pass shows it: null when that pass obeyed a switch (the config value was not
 * in force, so not visible) or llm_health.json is not written yet.
 */
export const fineTunePlugin = definePlugin({
  name: 'fine-tune',
  route: '/api/fine-tune',
  handler: async (_req, res, context) => {
    const problems: string[] = [];
    let control: FineTuneControl | null = null;
    let recent: StoredManualFineTuneRequest[] = [];
    if (context.redis) {
      try {
        [control, recent] = await Promise.all([readFineTuneControl(context.redis, context.run), recentManualFineTuneRequests(context.redis, context.run, 10)]);
      } catch (error) {
        problems.push((error as Error).message);
      }
    } else {
      problems.push('the API has no Redis: the switch and the requests cannot be read');
    }
    const read = await context.statusStore.read('llm_health');
    const fineTune = read.state === 'present' ? read.data.fine_tune : null;
    if (read.state === 'error') problems.push(read.error);
    const configAutoFineTune = fineTune && !fineTune.control ? fineTune.auto_fine_tune : null;
    const manualLast = fineTune?.manual_last ?? null;
    res.json({
      control,
      config_auto_fine_tune: configAutoFineTune,
      effective_auto_fine_tune: control ? control.auto_fine_tune : configAutoFineTune,
      status_at: read.state === 'present' ? read.lastUpdate : null,
      last: fineTune?.last ?? null,
      manual_last: manualLast,
      pending: pendingOf(recent, manualLast?.id ?? null, manualLast?.requested_at ?? null).map((r) => ({ ...r.request, stream_id: r.stream_id })),
      problems,
    });
  },
});

/**
 * `POST /api/fine-tune/auto` (bearer token) `{enabled, by?}`: sets the switch, which overrides
 * `monitor.autoFineTune` from production-monitor's next pass. Who: `by`, else the
 * `X-Flywheel-User` header, else "api-token"; when: now.
 */
export const fineTuneAutoPlugin = definePlugin({
  name: 'fine-tune-auto',
  route: '/api/fine-tune/auto',
  method: 'POST',
  handler: async (req, res, context) => {
    const body = parseJsonBody(AutoBody, req.body ?? {});
    const control = await setFineTuneControl(redisOf(context), context.run, {
      auto_fine_tune: body.enabled,
      changed_by: actorOf(req, body.by),
      changed_at: context.now().toISOString(),
    });
    context.logger.info({ control }, `auto fine-tune switched ${control.auto_fine_tune ? 'on' : 'off'}`);
    res.json({ control });
  },
});

/**
 * `POST /api/fine-tune/trigger` (bearer token) `{reason?, by?}`: asks production-monitor to run
 * the fine-tune command on its next pass, whatever the trigger's conditions. 202 with the
 * request's id; the outcome appears in `GET /api/fine-tune` → `manual_last`.
 */
export const fineTuneTriggerPlugin = definePlugin({
  name: 'fine-tune-trigger',
  route: '/api/fine-tune/trigger',
  method: 'POST',
  handler: async (req, res, context) => {
    const body = parseJsonBody(TriggerBody, req.body ?? {});
    const stored = await requestManualFineTune(redisOf(context), context.run, {
      requested_by: actorOf(req, body.by),
      reason: body.reason ?? null,
      requested_at: context.now().toISOString(),
    });
    context.logger.info({ request: stored.request, stream_id: stored.stream_id }, 'manual fine-tune requested');
    res.status(202).json({ id: stored.request.id, stream_id: stored.stream_id, request: stored.request });
  },
});
