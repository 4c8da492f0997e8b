import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './load-config.js';
import { redactedConfig } from './redacted-config.js';

describe('alerts config', () => {
  it('defaults to the severity table of docs/alert-analyst.md, analysing P0 and P1 in 30 s batches', () => {
    const { alerts } = loadConfig({ argv: [], env: {}, cwd: '/tmp' });
    expect(alerts.severities).toEqual({
      regression: 'P1', health_warning: 'P1', health_critical: 'P0', deployment_failed: 'P0', deployment_rolled_back: 'P1', drift: 'P2',
    });
    expect(alerts.analyseSeverities).toEqual(['P0', 'P1']);
    expect(alerts.batchWindowSeconds).toBe(30);
    expect(alerts.analysis.repetitionPenalty).toBe(1.3);
  });

  it('takes the analysed severities as "P0,P2" from the environment and a kind’s severity from a flag', () => {
    const { alerts } = loadConfig({
      argv: ['--set', 'alerts.severities.drift=P0'],
      env: { FLYWHEEL_ALERTS_ANALYSE_SEVERITIES: 'P0, P2' },
      cwd: '/tmp',
    });
    expect(alerts.analyseSeverities).toEqual(['P0', 'P2']);
    expect(alerts.severities.drift).toBe('P0');
  });

  it('names the field of a severity that is not P0, P1 or P2', () => {
    expect(() => loadConfig({ argv: ['--set', 'alerts.severities.regression=P5'], env: {}, cwd: '/tmp' })).toThrow(/alerts\.severities\.regression/);
    expect(() => loadConfig({ argv: [], env: { FLYWHEEL_ALERTS_ANALYSE_SEVERITIES: 'P0,high' }, cwd: '/tmp' })).toThrow(/alerts\.analyseSeverities/);
  });

  it('redacts the analysis server key', () => {
    const config = loadConfig({ argv: [], env: { FLYWHEEL_ALERTS_ANALYSIS_API_KEY: 'sk-secret-key' }, cwd: '/tmp' });
    expect(config.alerts.analysis.apiKey).toBe('sk-secret-key');
    expect(JSON.stringify(redactedConfig(config))).not.toContain('sk-secret-key');
  });
});
