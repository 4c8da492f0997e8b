import { describe, expect, it } from '@jest/globals';
import type { LlmHealthStatus, RegressionMonitoringStatus } from '@flywheel/contracts';
import { alertsOnTransition, triggerStateOf, type Severities } from './transitions.js';

const SEVERITIES: Severities = { regression: 'P1', health_warning: 'P1', health_critical: 'P0', deployment_failed: 'P0', deployment_rolled_back: 'P1', drift: 'P2' };
const NOW = new Date('2026-11-25T12:00:00.000Z');

function regression(detected: boolean, checkpoint: string | null): RegressionMonitoringStatus {
  return {
    last_update: NOW.toISOString(), schema_version: 1, regression_detected: detected, checkpoint, baseline_loss: 1, current_loss: detected ? 1.2 : 1,
    increase_percent: detected ? 20 : 0, alert_level: detected ? 'warning' : 'none', baseline_checkpoint: 'checkpoint-100', threshold_percent: 15, critical_percent: 25,
    evidence: { checkpoints: [], method: 'threshold_only', examples: null, interval_percent: null, p_value: null, reason: 'r' }, errors: [],
  };
}

function health(level: LlmHealthStatus['level'], drift = false): LlmHealthStatus {
  return {
    level, health_score: 0.5, grade: 'C', window: { requests: 100 }, breaches: [], recommendation: { reason: `level ${level}` },
    drift: { detected: drift, reference: { requests: 50 }, tests: drift ? [{ feature: 'skill_mix', test: 'psi', statistic: 0.31, p_value: 0.001, severity: 'significant', flagged: true }] : [] },
  } as unknown as LlmHealthStatus;
}

const deployment = (checkpoint: string, at: string, success: boolean, rolledBack: boolean) =>
  ({ checkpoint, deployed_at: at, score: 0.8, success, rolled_back: rolledBack, previous: 'checkpoint-100', serving: rolledBack ? 'checkpoint-100' : checkpoint, reason: 'health check failed' });

const kinds = (alerts: { kind: string; severity: string }[]) => alerts.map((a) => `${a.kind}:${a.severity}`);

describe('alerts on status transitions', () => {
  it('raises a regression once when it turns true, again only for another checkpoint', () => {
    const first = alertsOnTransition('regression', triggerStateOf('regression', regression(false, 'checkpoint-200')), regression(true, 'checkpoint-300'), SEVERITIES, NOW);
    expect(kinds(first)).toEqual(['regression:P1']);
    expect(first[0]).toMatchObject({ subject: 'checkpoint-300', source: 'regression_monitoring.json', at: NOW.toISOString(), details: { increase_percent: 20, baseline_checkpoint: 'checkpoint-100' } });
    const same = triggerStateOf('regression', regression(true, 'checkpoint-300'));
    expect(alertsOnTransition('regression', same, regression(true, 'checkpoint-300'), SEVERITIES, NOW)).toEqual([]);
    expect(kinds(alertsOnTransition('regression', same, regression(true, 'checkpoint-400'), SEVERITIES, NOW))).toEqual(['regression:P1']);
    expect(alertsOnTransition('regression', same, regression(false, 'checkpoint-400'), SEVERITIES, NOW)).toEqual([]);
  });

  it('raises a status already bad the first time it is seen (nobody was told), nothing for a good one', () => {
    expect(kinds(alertsOnTransition('regression', null, regression(true, 'checkpoint-300'), SEVERITIES, NOW))).toEqual(['regression:P1']);
    expect(alertsOnTransition('regression', null, regression(false, 'checkpoint-300'), SEVERITIES, NOW)).toEqual([]);
    expect(alertsOnTransition('llm_health', null, health('HEALTHY'), SEVERITIES, NOW)).toEqual([]);
  });

  it('raises health levels on the way down only: HEALTHY→WARNING, WARNING→CRITICAL; not CRITICAL→WARNING nor WARNING→WARNING', () => {
    const state = (level: LlmHealthStatus['level']) => triggerStateOf('llm_health', health(level));
    expect(kinds(alertsOnTransition('llm_health', state('HEALTHY'), health('WARNING'), SEVERITIES, NOW))).toEqual(['health_warning:P1']);
    expect(kinds(alertsOnTransition('llm_health', state('WARNING'), health('CRITICAL'), SEVERITIES, NOW))).toEqual(['health_critical:P0']);
    expect(kinds(alertsOnTransition('llm_health', state('ATTENTION'), health('CRITICAL'), SEVERITIES, NOW))).toEqual(['health_critical:P0']);
    expect(alertsOnTransition('llm_health', state('CRITICAL'), health('WARNING'), SEVERITIES, NOW)).toEqual([]);
    expect(alertsOnTransition('llm_health', state('WARNING'), health('WARNING'), SEVERITIES, NOW)).toEqual([]);
    expect(alertsOnTransition('llm_health', state('CRITICAL'), health('CRITICAL'), SEVERITIES, NOW)).toEqual([]);
  });

  it('raises drift when the flag turns on, with the flagged tests, and not while it stays on', () => {
    const on = alertsOnTransition('llm_health', triggerStateOf('llm_health', health('HEALTHY')), health('HEALTHY', true), SEVERITIES, NOW);
    expect(kinds(on)).toEqual(['drift:P2']);
    expect(on[0]!.details).toMatchObject({ flagged: [{ feature: 'skill_mix', test: 'psi', statistic: 0.31 }] });
    expect(alertsOnTransition('llm_health', triggerStateOf('llm_health', health('HEALTHY', true)), health('HEALTHY', true), SEVERITIES, NOW)).toEqual([]);
  });

  it('raises a failed deployment (rolled back or not) once per deployment; a success raises nothing', () => {
    const failed = deployment('checkpoint-300', '2026-11-25T11:00:00.000Z', false, false);
    const rolled = deployment('checkpoint-400', '2026-11-25T11:30:00.000Z', false, true);
    const good = deployment('checkpoint-500', '2026-11-25T11:45:00.000Z', true, false);
    expect(kinds(alertsOnTransition('deployment', null, failed, SEVERITIES, NOW))).toEqual(['deployment_failed:P0']);
    expect(alertsOnTransition('deployment', triggerStateOf('deployment', failed), failed, SEVERITIES, NOW)).toEqual([]);
    const back = alertsOnTransition('deployment', triggerStateOf('deployment', failed), rolled, SEVERITIES, NOW);
    expect(kinds(back)).toEqual(['deployment_rolled_back:P1']);
    expect(back[0]!.summary).toBe('deployment of checkpoint-400 failed and was rolled back to checkpoint-100');
    expect(alertsOnTransition('deployment', triggerStateOf('deployment', rolled), good, SEVERITIES, NOW)).toEqual([]);
  });

  it('takes each kind’s severity from the table', () => {
    const table: Severities = { ...SEVERITIES, regression: 'P2' };
    expect(kinds(alertsOnTransition('regression', null, regression(true, 'checkpoint-300'), table, NOW))).toEqual(['regression:P2']);
  });
});
