import type { MonitoringLevel } from '@flywheel/contracts';
import type { MonitorConfig } from '@flywheel/config';

export interface TriggerDecision {
  fire: boolean;
  reason: string;
  cooldownRemainingSeconds: number;
}

/**
 * Seed 000's trigger: the level is WARNING or CRITICAL, confidence ≥ `minConfidence`,
 * urgency ≥ `minUrgency`, and at least `cooldownSeconds` since the last trigger. Seed 001's
 * "accuracy drops > 5 % → investigate + retrain": a drop the test has just shown
 * (`accuracyDrop`, see accuracy-drop.ts) fires it at any level, after the same cooldown.
 */
export function decideTrigger(
  call: { level: MonitoringLevel | null; confidence: number; urgency: number },
  lastTriggeredAtMs: number | null,
  nowMs: number,
  trigger: MonitorConfig['trigger'],
  accuracyDrop: { detected: boolean; reason: string } | null = null,
): TriggerDecision {
  const cooldownRemainingSeconds = lastTriggeredAtMs === null ? 0 : Math.max(0, trigger.cooldownSeconds - (nowMs - lastTriggeredAtMs) / 1000);
  const no = (reason: string): TriggerDecision => ({ fire: false, reason, cooldownRemainingSeconds });
  if (accuracyDrop?.detected && call.level !== null) {
    if (cooldownRemainingSeconds > 0) return no(`${accuracyDrop.reason}; cooldown: ${Math.ceil(cooldownRemainingSeconds)} s left of ${trigger.cooldownSeconds} s`);
    return { fire: true, reason: accuracyDrop.reason, cooldownRemainingSeconds: 0 };
  }
  if (call.level !== 'WARNING' && call.level !== 'CRITICAL') return no(`level ${call.level ?? 'unknown'} is below WARNING`);
  if (call.confidence < trigger.minConfidence) return no(`confidence ${call.confidence} < ${trigger.minConfidence}`);
  if (call.urgency < trigger.minUrgency) return no(`urgency ${call.urgency} < ${trigger.minUrgency}`);
  if (cooldownRemainingSeconds > 0) return no(`cooldown: ${Math.ceil(cooldownRemainingSeconds)} s left of ${trigger.cooldownSeconds} s`);
  return { fire: true, reason: `${call.level} with confidence ${call.confidence} ≥ ${trigger.minConfidence} and urgency ${call.urgency} ≥ ${trigger.minUrgency}`, cooldownRemainingSeconds: 0 };
}

/**
 * The command template with its `{name}` placeholders filled; unknown placeholders are left as
 * written. A value never becomes an option: an argument that a placeholder made start with `-`
 * (a skill tag "-rf", say) is refused, whatever the template's own options are.
 * @throws when a filled argument starts with "-" and its template argument did not
 */
export function fillCommand(template: readonly string[], values: Record<string, string>): string[] {
  return template.map((arg) => {
    const filled = arg.replace(/\{([a-z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
    if (filled.startsWith('-') && !arg.startsWith('-')) {
      throw new Error(`fine-tune command: the value of ${arg} would become an option (${JSON.stringify(filled.slice(0, 40))}): not run`);
    }
    return filled;
  });
}

export interface CommandOutcome {
  exitCode: number | null;
  /** The last 2000 characters of stdout and stderr, or why it did not start. */
  outputTail: string;
}

/** Runs the fine-tune command (argument array, never a shell); never throws. */
export async function runFineTuneCommand(argv: readonly string[], options: { cwd: string; timeoutSeconds: number }): Promise<CommandOutcome> {
  const [file, ...args] = argv;
  if (!file) return { exitCode: null, outputTail: 'no command' };
  // Loaded on first use: most monitors never run a command, and the daemon's idle memory counts.
  const { execa } = await import('execa');
  const result = await execa(file, args, { cwd: options.cwd, reject: false, all: true, timeout: options.timeoutSeconds * 1000, stdin: 'ignore' });
  const output = result.all ?? '';
  const why = result.failed && result.exitCode === undefined ? `${result.shortMessage}\n` : '';
  return { exitCode: result.exitCode ?? null, outputTail: (why + output).slice(-2000) };
}
