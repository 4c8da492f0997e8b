/**
 * The dashboard's fine-tune controls, kept in the run's Redis (shapes in @flywheel/contracts):
 *
 * - the auto fine-tune switch at `redisNamespace(run).fineTuneControl` (JSON FineTuneControl):
 *   `readFineTuneControl(redis, run)` → the control or null; `setFineTuneControl(redis, run,
 *   {auto_fine_tune, changed_by, changed_at})`; `clearFineTuneControl(redis, run)`;
 *   `effectiveAutoFineTune(control, configValue)`.
 * - "fine-tune now" requests on the stream `redisNamespace(run).fineTuneRequests` (field
 *   `request`, JSON ManualFineTuneRequest): `requestManualFineTune(redis, run, {requested_by,
 *   reason})` adds one; `takeManualFineTuneRequests(redis, run, afterId)` reads those after a
 *   cursor (the consumer, production-monitor, keeps `last_id`); `recentManualFineTuneRequests`
 *   lists the newest for display.
 */
export * from './control.js';
export * from './requests.js';
