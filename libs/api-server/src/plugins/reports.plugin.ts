import { ReportFormat } from '@flywheel/contracts';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { parseQuery } from '../query.js';

// The report lib (the monitor's replay, the scorers) is loaded at the first report, as the pin
// routes load the sync lib: an API that is never asked for one does not carry it.
const reports = () => import('@flywheel/reports');

/** At most this many reports wait behind the one being built; more answer 429. */
export const REPORTS_MAX_WAITING = 2;
// One queue per app (its context): a report is built one at a time.
const queues = new WeakMap<object, import('@flywheel/reports').ReportQueue>();

export const ReportsQuery = z.strictObject({
  since: z.string().optional(),
  format: ReportFormat.optional(),
  step: z.string().optional(),
});

/**
 * `GET /api/reports?since=24h&format=html|md|json|pdf&step=30m`: the report `flywheel report`
 * writes, over the run's Redis streams and status files, as a download
 * (`Content-Disposition: attachment; filename=flywheel-report-<time>.<ext>`). A bad `since`,
 * `format` or `step` is a 400 naming it (so is a step that would replay more than
 * MAX_REPORT_STEPS passes); PDF without Chromium is a 503 saying how to get it. Reports are
 * built one at a time with at most REPORTS_MAX_WAITING waiting; beyond that 429 with Retry-After.
 */
export const reportsPlugin = definePlugin({
  name: 'reports',
  route: '/api/reports',
  handler: async (req, res, context) => {
    const query = parseQuery(ReportsQuery, req.query);
    const lib = await reports();
    const { buildReport, ChromiumMissingError, defaultStepSeconds, DURATION_HELP, gatherReportInputs, parseDuration, renderReport, reportFileName, reportStepProblem } = lib;
    const duration = (field: 'since' | 'step', text: string): number => {
      const seconds = parseDuration(text);
      if (seconds === null) throw new HttpError(400, `query ${field}: must be ${DURATION_HELP}`, { field });
      return seconds;
    };
    const sinceSeconds = duration('since', query.since ?? '24h');
    const stepSeconds = query.step ? duration('step', query.step) : defaultStepSeconds(sinceSeconds);
    const stepProblem = reportStepProblem(sinceSeconds, stepSeconds);
    if (stepProblem) throw new HttpError(400, `query ${stepProblem}`, { field: 'step' });
    const format = query.format ?? 'html';
    const { monitor, safety, cost } = context.productionSettings();
    let queue = queues.get(context);
    if (!queue) queues.set(context, (queue = lib.createReportQueue(REPORTS_MAX_WAITING)));
    let built;
    try {
      built = await queue.run(async () => {
        const inputs = await gatherReportInputs({
          now: context.now(), sinceSeconds, stepSeconds, monitor, safety, cost, statusStore: context.statusStore, checkpointsDir: context.checkpointsDir,
          redis: context.redis ?? null, redisError: context.redis ? null : 'the API has no Redis', jsonlRotation: context.jsonlRotation,
        });
        const report = await buildReport(inputs);
        return { report, rendered: await renderReport(report, format, { redact: safety.redact }) };
      });
    } catch (error) {
      if (error instanceof ChromiumMissingError) throw new HttpError(503, error.message, { field: 'format' });
      if (error instanceof lib.ReportsBusyError) {
        res.set('Retry-After', '5');
        throw new HttpError(429, error.message);
      }
      throw error;
    }
    const { report, rendered } = built;
    res
      .status(200)
      .type(rendered.contentType)
      .set('Content-Disposition', `attachment; filename=${reportFileName(report, format)}`)
      .send(rendered.body);
  },
});
