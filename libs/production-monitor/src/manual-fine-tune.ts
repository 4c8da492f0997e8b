import type { ManualFineTuneRequest, StatusIssue } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';
import type { Logger } from 'pino';
import { fillCommand, runFineTuneCommand } from './fine-tune-trigger.js';
import type { ManualRun } from './monitor-state.js';

/** The placeholders of `monitor.fineTuneCommand` for one run. */
export interface FineTuneCall {
  method: string;
  weakSkills: string[];
  level: string;
  confidence: number;
  urgency: number;
  focusFile: string | null;
}

export interface CommandContext {
  monitor: Pick<MonitorConfig, 'fineTuneCommand' | 'fineTuneTimeoutSeconds'>;
  baseDir: string;
  run: string;
  errors: StatusIssue[];
  logger?: Logger;
}

/** Runs the configured command for one call (never throws); null command when none is configured. */
export async function runConfiguredCommand(call: FineTuneCall, context: CommandContext): Promise<{ command: string[] | null; exitCode: number | null; outputTail: string | null }> {
  const { monitor } = context;
  if (monitor.fineTuneCommand.length === 0) return { command: null, exitCode: null, outputTail: null };
  let command: string[];
  try {
    command = fillCommand(monitor.fineTuneCommand, {
      method: call.method, skills: call.weakSkills.join(','), level: call.level, confidence: String(call.confidence), urgency: String(call.urgency),
      focus_file: call.focusFile ?? '', base_dir: context.baseDir, run: context.run,
    });
  } catch (error) {
    context.errors.push({ source: 'fine-tune command', message: (error as Error).message });
    return { command: null, exitCode: null, outputTail: (error as Error).message };
  }
  const outcome = await runFineTuneCommand(command, { cwd: context.baseDir, timeoutSeconds: monitor.fineTuneTimeoutSeconds });
  if (outcome.exitCode !== 0) context.errors.push({ source: 'fine-tune command', message: `exit ${outcome.exitCode}: ${outcome.outputTail.slice(-300)}` });
  return { command, exitCode: outcome.exitCode, outputTail: outcome.outputTail };
}

/**
 * Manual "fine-tune now" requests read in one pass: ONE run of the command, whatever the
 * trigger's conditions (with the current recommendation's method and weak skills as
 * placeholders), for all of them — five clicks are one training, not five — recorded under the
 * newest request with the others' ids in `coalesced`; `command: null` when none is configured.
 */
export async function runManualFineTunes(requests: readonly ManualFineTuneRequest[], call: FineTuneCall, context: CommandContext & { nowMs: number }): Promise<ManualRun | null> {
  const newest = requests.at(-1);
  if (!newest) return null;
  const others = requests.slice(0, -1).map((r) => r.id);
  const ranAt = new Date(context.nowMs).toISOString();
  context.logger?.warn({ request_id: newest.id, requested_by: newest.requested_by, coalesced: others, method: call.method }, 'manual fine-tune requested: running the command once');
  const outcome = await runConfiguredCommand(call, context);
  return {
    id: newest.id, requested_by: newest.requested_by, requested_at: newest.requested_at, ran_at: ranAt, reason: newest.reason,
    command: outcome.command, exit_code: outcome.exitCode, output_tail: outcome.outputTail,
    ...(others.length > 0 ? { coalesced: others } : {}),
  };
}
