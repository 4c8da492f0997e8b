import { ReportDeployment, type FlywheelReport, type StatusIssue } from '@flywheel/contracts';
import { readRecentLines, type Rotation } from '@flywheel/status-store';
import { statusData, type ReportStatuses } from './status-inputs.js';

/** The regression call of regression_monitoring.json (and automated_testing.json's), or null when neither is present. */
export function regressionSection(statuses: ReportStatuses): FlywheelReport['regression'] {
  const r = statusData(statuses, 'regression');
  const testing = statusData(statuses, 'testing');
  if (!r && !testing) return null;
  return {
    regression_detected: r?.regression_detected ?? false,
    checkpoint: r?.checkpoint ?? null,
    baseline_checkpoint: r?.baseline_checkpoint ?? null,
    baseline_loss: r?.baseline_loss ?? null,
    current_loss: r?.current_loss ?? null,
    increase_percent: r?.increase_percent ?? null,
    alert_level: r?.alert_level ?? null,
    reason: r?.evidence.reason ?? null,
    testing_regression_detected: testing?.regression_detected ?? null,
  };
}

/** A deployment line as the report keeps it; keys flywheel added later are optional in old lines. */
export function toReportDeployment(line: Record<string, unknown>): ReportDeployment {
  return ReportDeployment.parse({
    checkpoint: line['checkpoint'] ?? null,
    deployed_at: line['deployed_at'] ?? null,
    success: line['success'],
    rolled_back: line['rolled_back'] ?? false,
    serving: line['serving'] ?? null,
    previous: line['previous'] ?? null,
    score: line['score'] ?? null,
    reason: line['reason'] ?? null,
  });
}

/**
 * `deployments.jsonl` and its rotated copies (`retention.jsonl*`), oldest first, read within
 * the bound `rotation` sets: one deployment per line. A line that is not JSON or lacks
 * `success` is a problem naming the file and line (counted from where the read began when
 * the bound cut the file); no file at all is no deployments yet.
 */
export async function readDeploymentLog(file: string, rotation: Rotation): Promise<{ deployments: ReportDeployment[]; problems: StatusIssue[]; present: boolean }> {
  const chunks = await readRecentLines(file, rotation);
  if (chunks.length === 0) return { deployments: [], problems: [], present: false };
  const deployments: ReportDeployment[] = [];
  const problems: StatusIssue[] = [];
  for (const chunk of chunks) {
    chunk.text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        // A canary's looks are progress reports, not deployments (its start, promotion and rollback are).
        if (record['event'] === 'canary-look') return;
        deployments.push(toReportDeployment(record));
      } catch (error) {
        const message = error instanceof SyntaxError ? `not JSON: ${error.message}` : `not a deployment: ${(error as Error).message.split('\n')[0]}`;
        problems.push({ source: chunk.path, where: `line ${index + 1}${chunk.cut ? ' of the part read' : ''}`, message });
      }
    });
  }
  return { deployments, problems, present: true };
}

/** The deployments attempted inside [startMs, endMs], oldest first, with what serves now. */
export function deploymentsSection(log: readonly ReportDeployment[], statuses: ReportStatuses, startMs: number, endMs: number): FlywheelReport['deployments'] {
  const inWindow = log
    .filter((d) => d.deployed_at !== null && Date.parse(d.deployed_at) >= startMs && Date.parse(d.deployed_at) <= endMs)
    .sort((a, b) => Date.parse(a.deployed_at!) - Date.parse(b.deployed_at!));
  const last = statusData(statuses, 'deployment');
  const serving = last ? ((last['serving'] as string | null | undefined) ?? (last.success ? last.checkpoint : null)) : (inWindow.at(-1)?.serving ?? null);
  return {
    entries: inWindow,
    rollbacks: inWindow.filter((d) => d.rolled_back).length,
    failures: inWindow.filter((d) => !d.success).length,
    serving,
  };
}

/** The adversarial miner's failure patterns, most failures first (ties by name), at most `top`. */
export function failurePatternsSection(statuses: ReportStatuses, top = 10): FlywheelReport['failure_patterns'] {
  const mining = statusData(statuses, 'adversarial');
  if (!mining) return null;
  const patterns = Object.entries(mining.patterns)
    .map(([pattern, failures]) => ({ pattern, failures }))
    .sort((a, b) => b.failures - a.failures || a.pattern.localeCompare(b.pattern))
    .slice(0, top);
  return { checkpoint: mining.checkpoint, examples_tested: mining.examples_tested, failures_found: mining.failures_found, top: patterns };
}
