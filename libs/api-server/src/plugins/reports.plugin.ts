import { ReportFormat } from '@flywheel/contracts';
import { z } from 'zod';
import { HttpError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { parseQuery } from '../query.js';

// The report lib (the monitor's replay, the scorers) is loaded at the first report, as the pin
// routes load the sync lib: an API that is never asked for one does not carry it.
const reports = () => import('@flywheel/reports');

export const ReportsQuery = z.strictObject({
  since: z.string().optional(),
  format: ReportFormat.optional(),
  step: z.string().optional(),
});

/**
 * `GET /api/reports?since=24h&format=html|md|json|pdf&step=30m`: the report `flywheel report`
 * writes, over the run's Redis streams and status files, as a download
 * (`Content-Disposition: attachment; filename=flywheel-report-<time>.<ext>`). A bad `since`,
 * `format` or `step` is a 400 naming it; PDF without Chromium is a 503 saying how to get it.
 */
export const reportsPlugin = definePlugin({
  name: 'reports',
  route: '/api/reports',
  handler: async (req, res, context) => {
    const query = parseQuery(ReportsQuery, req.query);
    const { buildReport, ChromiumMissingError, defaultStepSeconds, DURATION_HELP, gatherReportInputs, parseDuration, renderReport, reportFileName } = await reports();
    const duration = (field: 'since' | 'step', text: string): number => {
      const seconds = parseDuration(text);
      if (seconds === null) throw new HttpError(400, `query ${field}: must be ${DURATION_HELP}`, { field });
      return seconds;
    };
    const sinceSeconds = duration('since', query.since ?? '24h');
    const stepSeconds = query.step ? duration('step', query.step) : defaultStepSeconds(sinceSeconds);
    if (stepSeconds > sinceSeconds) throw new HttpError(400, 'query step: must not exceed since', { field: 'step' });
    const format = query.format ?? 'html';
    const { monitor, safety, cost } = context.productionSettings();
    const inputs = await gatherReportInputs({
      now: context.now(), sinceSeconds, stepSeconds, monitor, safety, cost, statusStore: context.statusStore, checkpointsDir: context.checkpointsDir,
      redis: context.redis ?? null, redisError: context.redis ? null : 'the API has no Redis',
    });
    const report = await buildReport(inputs);
    let rendered;
    try {
      rendered = await renderReport(report, format, { redact: safety.redact });
    } catch (error) {
      if (error instanceof ChromiumMissingError) throw new HttpError(503, error.message, { field: 'format' });
      throw error;
    }
    res
      .status(200)
      .type(rendered.contentType)
      .set('Content-Disposition', `attachment; filename=${reportFileName(report, format)}`)
      .send(rendered.body);
  },
});
