import type { CommandSpec } from './command-spec.js';

export const reportCommand: CommandSpec = {
  name: 'report',
  summary: 'A report over the last --since: health-level timeline, grades per seed-000 category, trends, regressions, deployments, failure patterns, safety, cost, recommendations.',
  synopsis: 'flywheel report [--since 24h] [--format html|md|json|pdf] [--out FILE] [--traffic FILE] [--step 30m] [--until ISO]',
  options: {
    since: { type: 'string', placeholder: 'duration', description: 'how far back the report looks: 90m, 24h, 7d (default 24h; at most 31d)' },
    format: { type: 'string', placeholder: 'format', description: 'html (default), md, json or pdf (pdf needs Chromium)' },
    out: { type: 'string', placeholder: 'file', description: 'where to write it (default: flywheel-report-<time>.<format> in the current folder; - for stdout, not pdf)' },
    traffic: { type: 'string', placeholder: 'file', description: "recorded traffic (JSONL of gateway events and feedback) instead of the run's Redis streams" },
    step: { type: 'string', placeholder: 'duration', description: 'time between replayed monitor passes and trend buckets (default: the window / 48, at least 1m)' },
    until: { type: 'string', placeholder: 'iso-time', description: 'end of the window (default: now)' },
  },
  details: [
    "Traffic is replayed through the production monitor's functions with the configured monitor.* settings; status files",
    'come from --base-dir/--run. PII is redacted unless safety.redact is false. PDF is printed by headless Chromium',
    '(/usr/bin/chromium, or FLYWHEEL_CHROMIUM); without it the command fails and says so, html/md/json still work. Docs: docs/reports.md.',
  ].join('\n'),
  async run(args, context) {
    const { reportMain } = await import('./report.js');
    return reportMain(args, context);
  },
};
