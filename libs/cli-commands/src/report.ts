import { jsonlRotation } from '@flywheel/config';
import { ReportFormat, REPORT_FORMATS } from '@flywheel/contracts';
import { buildReport, ChromiumMissingError, defaultStepSeconds, DURATION_HELP, gatherReportInputs, parseDuration, renderReport, reportFileName, reportStepProblem } from '@flywheel/reports';
import { createStatusStore } from '@flywheel/status-store';
import { access, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { CommandError, UsageError } from './cli-errors.js';
import { stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { connectOptionalRedis, quitQuietly } from './optional-redis.js';

function durationFlag(args: CommandArgs, name: string, fallback: number | null): number | null {
  const raw = stringFlag('report', args, name);
  if (raw === undefined) return fallback;
  const seconds = parseDuration(raw);
  if (seconds === null) throw new UsageError(`flywheel report: --${name} must be ${DURATION_HELP}, got "${raw}"`);
  return seconds;
}

/** `flywheel report`: gathers the inputs, builds the report, renders and writes it. */
export async function reportMain(args: CommandArgs, { io }: CliContext): Promise<number> {
  const config = configFor('report', args, io);
  const sinceSeconds = durationFlag(args, 'since', 86_400)!;
  const formatRaw = stringFlag('report', args, 'format') ?? 'html';
  const format = ReportFormat.safeParse(formatRaw);
  if (!format.success) throw new UsageError(`flywheel report: --format must be one of ${REPORT_FORMATS.join(', ')}, got "${formatRaw}"`);
  const stepSeconds = durationFlag(args, 'step', null) ?? defaultStepSeconds(sinceSeconds);
  const stepProblem = reportStepProblem(sinceSeconds, stepSeconds);
  if (stepProblem) throw new UsageError(`flywheel report: --${stepProblem}`);
  const untilRaw = stringFlag('report', args, 'until');
  const now = untilRaw === undefined ? io.now() : new Date(untilRaw);
  if (Number.isNaN(now.getTime())) throw new UsageError(`flywheel report: --until must be an ISO 8601 time, got "${untilRaw}"`);
  const out = stringFlag('report', args, 'out');
  if (out === '-' && format.data === 'pdf') throw new UsageError('flywheel report: a PDF is not written to stdout; give --out FILE');
  const trafficFile = stringFlag('report', args, 'traffic');

  const trafficPath = trafficFile === undefined ? undefined : path.resolve(io.cwd, trafficFile);
  if (trafficPath) {
    try {
      await access(trafficPath);
    } catch {
      throw new CommandError(`--traffic: no such file ${trafficPath}`);
    }
  }
  const connection = trafficPath ? null : await connectOptionalRedis(config.redis);
  let report;
  try {
    const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis: connection?.redis ?? undefined, logger: pino({ level: 'silent' }) });
    const inputs = await gatherReportInputs({
      now, sinceSeconds, stepSeconds, monitor: config.monitor, safety: config.safety, cost: config.cost, statusStore, checkpointsDir: config.paths.checkpointsDir,
      trafficFile: trafficPath,
      redis: connection?.redis ?? null, redisError: connection?.error ?? null, jsonlRotation: jsonlRotation(config),
    });
    report = await buildReport(inputs);
  } finally {
    await quitQuietly(connection?.redis ?? null);
  }
  let rendered;
  try {
    rendered = await renderReport(report, format.data, { env: io.env, redact: config.safety.redact });
  } catch (error) {
    if (error instanceof ChromiumMissingError) throw new CommandError(error.message);
    throw error;
  }
  if (out === '-') {
    io.stdout(rendered.body.toString('utf8'));
    return 0;
  }
  const file = path.resolve(io.cwd, out ?? reportFileName(report, format.data));
  await writeFile(file, rendered.body);
  const levels = Object.entries(report.level_counts).filter(([, n]) => n > 0).map(([l, n]) => `${l} ${n}`).join(', ') || 'no level judged';
  io.stderr(`flywheel report: ${file} (${format.data}, ${rendered.body.length} bytes): ${report.timeline.length} passes (${levels}), ${report.traffic.events} requests from ${report.traffic.source}\n`);
  return 0;
}
