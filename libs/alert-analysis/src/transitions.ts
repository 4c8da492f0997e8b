import type { Alert, AlertKind, AlertSeverity, LlmHealthStatus, RegressionMonitoringStatus } from '@flywheel/contracts';

/** The status files alerts are raised from, by status id. */
export const WATCHED_STATUSES = ['regression', 'llm_health', 'deployment'] as const;
export type WatchedStatus = (typeof WATCHED_STATUSES)[number];

/** The fields a transition is judged on, per status (kept in Redis between passes and restarts). */
export type TriggerState =
  | { id: 'regression'; regression_detected: boolean; checkpoint: string | null }
  | { id: 'llm_health'; level: string | null; drift: boolean }
  | { id: 'deployment'; key: string | null; success: boolean; rolled_back: boolean };

export type Severities = Record<AlertKind, AlertSeverity>;

/** What last_deployment.json holds beyond the seed's keys (see libs/deploy DeploymentRecord). */
interface DeploymentFields {
  checkpoint: string | null;
  deployed_at: string | null;
  success: boolean;
  rolled_back?: boolean;
  previous?: string | null;
  serving?: string | null;
  reason?: string;
}

type StatusFor<Id extends WatchedStatus> = Id extends 'regression'
  ? RegressionMonitoringStatus
  : Id extends 'llm_health'
    ? LlmHealthStatus
    : DeploymentFields;

/** The trigger fields of a status as read. */
export function triggerStateOf<Id extends WatchedStatus>(id: Id, status: StatusFor<Id>): TriggerState {
  if (id === 'regression') {
    const s = status as RegressionMonitoringStatus;
    return { id, regression_detected: s.regression_detected, checkpoint: s.checkpoint };
  }
  if (id === 'llm_health') {
    const s = status as LlmHealthStatus;
    return { id, level: s.level, drift: s.drift.detected };
  }
  const s = status as DeploymentFields;
  return { id: 'deployment', key: s.checkpoint === null && s.deployed_at === null ? null : `${s.checkpoint}@${s.deployed_at}`, success: s.success, rolled_back: s.rolled_back === true };
}

const HEALTH_RANK: Record<string, number> = { EXCELLENT: 0, HEALTHY: 1, ATTENTION: 2, WARNING: 3, CRITICAL: 4 };

/**
 * The alerts a status change raises: edge-triggered, so a status that stays bad raises once.
 * `previous` is null the first time a status is seen: a status that is already bad then raises
 * (nobody has been told yet). A level that improves from CRITICAL to WARNING raises nothing.
 */
export function alertsOnTransition<Id extends WatchedStatus>(
  id: Id,
  previous: TriggerState | null,
  status: StatusFor<Id>,
  severities: Severities,
  now: Date,
): Alert[] {
  const next = triggerStateOf(id, status);
  const at = now.toISOString();
  const alert = (kind: AlertKind, source: string, subject: string | null, summary: string, details: Record<string, unknown>): Alert => ({
    kind, severity: severities[kind], at, source, subject, summary, details,
  });
  const alerts: Alert[] = [];
  if (next.id === 'regression') {
    const before = previous?.id === 'regression' ? previous : null;
    const s = status as RegressionMonitoringStatus;
    if (next.regression_detected && !(before?.regression_detected && before.checkpoint === next.checkpoint)) {
      const increase = s.increase_percent === null ? 'an unknown amount' : `${s.increase_percent.toFixed(1)}%`;
      alerts.push(alert('regression', 'regression_monitoring.json', s.checkpoint, `${s.checkpoint ?? 'a checkpoint'} regressed: loss up ${increase} over ${s.baseline_checkpoint ?? 'the baseline'} (${s.alert_level})`, {
        checkpoint: s.checkpoint, baseline_checkpoint: s.baseline_checkpoint, baseline_loss: s.baseline_loss, current_loss: s.current_loss,
        increase_percent: s.increase_percent, alert_level: s.alert_level, method: s.evidence.method, p_value: s.evidence.p_value,
        interval_percent: s.evidence.interval_percent, reason: s.evidence.reason,
      }));
    }
  } else if (next.id === 'llm_health') {
    const before = previous?.id === 'llm_health' ? previous : null;
    const s = status as LlmHealthStatus;
    const fromRank = HEALTH_RANK[before?.level ?? ''] ?? -1;
    const details = {
      level: s.level, previous_level: before?.level ?? null, health_score: s.health_score, grade: s.grade, requests: s.window.requests,
      breaches: s.breaches, recommendation: s.recommendation.reason,
    };
    if (next.level === 'CRITICAL' && fromRank < HEALTH_RANK.CRITICAL!) {
      alerts.push(alert('health_critical', 'llm_health.json', 'CRITICAL', `served model health CRITICAL: ${s.recommendation.reason}`, details));
    } else if (next.level === 'WARNING' && fromRank < HEALTH_RANK.WARNING!) {
      alerts.push(alert('health_warning', 'llm_health.json', 'WARNING', `served model health WARNING: ${s.recommendation.reason}`, details));
    }
    if (next.drift && !before?.drift) {
      const flagged = s.drift.tests.filter((t) => t.flagged);
      alerts.push(alert('drift', 'llm_health.json', null, `traffic drift: ${flagged.map((t) => `${t.feature} (${t.test} ${t.statistic.toFixed(3)})`).join(', ') || 'flagged'}`, {
        flagged: flagged.map((t) => ({ feature: t.feature, test: t.test, statistic: t.statistic, p_value: t.p_value, severity: t.severity })),
        reference_requests: s.drift.reference.requests, window_requests: s.window.requests,
      }));
    }
  } else {
    const before = previous?.id === 'deployment' ? previous : null;
    const s = status as DeploymentFields;
    if (next.key !== null && next.key !== before?.key && !next.success) {
      const kind = next.rolled_back ? 'deployment_rolled_back' : 'deployment_failed';
      const summary = next.rolled_back
        ? `deployment of ${s.checkpoint} failed and was rolled back to ${s.serving ?? s.previous ?? 'the previous checkpoint'}`
        : `deployment of ${s.checkpoint} failed; nothing to roll back to`;
      alerts.push(alert(kind, 'last_deployment.json', s.checkpoint, summary, {
        checkpoint: s.checkpoint, deployed_at: s.deployed_at, previous: s.previous ?? null, serving: s.serving ?? null, reason: s.reason ?? null,
      }));
    }
  }
  return alerts;
}
