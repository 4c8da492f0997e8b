import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';
import { DEFAULT_UNKNOWN_PATTERNS } from './monitor-config.js';


describe('monitor config', () => {
  it('defaults to seed 000: its threshold table, trigger bars, cooldown and method names; judge and auto fine-tune off', () => {
    const { monitor } = loadConfig({ argv: [], env: {}, cwd: '/t' });
    expect(monitor.thresholds).toEqual({
      relevance: { attention: 0.7, warning: 0.5, critical: 0.3 },
      accuracy: { attention: 0.8, warning: 0.6, critical: 0.4 },
      responseTimeSeconds: { attention: 3, warning: 5, critical: 10 },
      userRating: { attention: 4, warning: 3, critical: 2 },
      correctionFrequency: { attention: 0.2, warning: 0.3, critical: 0.5 },
    });
    expect(monitor.trigger).toEqual({ minConfidence: 0.7, minUrgency: 0.5, cooldownSeconds: 3600, fastUrgency: 0.8, effectiveConfidence: 0.8 });
    expect(monitor.methods).toEqual({ fast: 'Text-to-LoRA', mostEffective: 'Transformer²', default: 'Text-to-LoRA' });
    expect(monitor.drift).toMatchObject({ psiModerate: 0.1, psiSignificant: 0.25 });
    expect([monitor.judge.samplingRate, monitor.autoFineTune, monitor.fineTuneCommand]).toEqual([0, false, []]);
    expect(monitor.unknownPatterns).toEqual(DEFAULT_UNKNOWN_PATTERNS);
  });

  it('takes the fine-tune command as a list in a file and as a JSON list from the environment', async () => {
    const { dir, remove } = await tempDir('monitor-config');
    try {
      await writeFile(path.join(dir, 'flywheel.config.json'), JSON.stringify({ monitor: { fineTuneCommand: ['python3', 'tune.py', '--method', '{method}'], autoFineTune: true } }));
      expect(loadConfig({ argv: [], env: {}, cwd: dir }).monitor.fineTuneCommand).toEqual(['python3', 'tune.py', '--method', '{method}']);
      const fromEnv = loadConfig({ argv: [], env: { FLYWHEEL_MONITOR_FINE_TUNE_COMMAND: '["tune", "{skills}"]' }, cwd: '/t' });
      expect(fromEnv.monitor.fineTuneCommand).toEqual(['tune', '{skills}']);
      expect(loadConfig({ argv: ['--set', 'monitor.thresholds.userRating.critical=1.5'], env: {}, cwd: '/t' }).monitor.thresholds.userRating).toEqual({ attention: 4, warning: 3, critical: 1.5 });
    } finally {
      await remove();
    }
  });

  it('names the field of a bad value: unordered thresholds, a command that is not a list, auto fine-tune without a command, a bad pattern', () => {
    const problems = problemsOf(() =>
      loadConfig({
        argv: ['--set', 'monitor.thresholds.responseTimeSeconds.warning=20', '--auto-fine-tune', '--set', 'monitor.unknownPatterns=["(unclosed"]'],
        env: {},
        cwd: '/t',
      }),
    );
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ['monitor.thresholds.responseTimeSeconds', 'must rise from attention to warning to critical (got 3, 20, 10)'],
      ['monitor.fineTuneCommand', 'autoFineTune is on but no fine-tune command is set'],
      ['monitor.unknownPatterns.0', expect.stringMatching(/^not a regular expression: /)],
    ]);
    const notList = problemsOf(() => loadConfig({ argv: [], env: { FLYWHEEL_MONITOR_FINE_TUNE_COMMAND: 'python3 tune.py' }, cwd: '/t' }));
    expect(notList[0]).toMatchObject({ path: 'monitor.fineTuneCommand', source: 'env FLYWHEEL_MONITOR_FINE_TUNE_COMMAND' });
    expect(notList[0]!.message).toMatch(/^expected a JSON list of strings: /);
  });

  it('takes the judge summary\'s outdated and bias bars as shares, 0.1 and 0.05 unless set, and names a bar outside 0–1', () => {
    expect(loadConfig({ argv: [], env: {}, cwd: '/t' }).monitor.judge).toMatchObject({ outdatedBar: 0.1, biasBar: 0.05 });
    const set = loadConfig({ argv: ['--set', 'monitor.judge.outdatedBar=0.2'], env: { FLYWHEEL_MONITOR_JUDGE_BIAS_BAR: '0' }, cwd: '/t' }).monitor.judge;
    expect([set.outdatedBar, set.biasBar]).toEqual([0.2, 0]);
    const problems = problemsOf(() => loadConfig({ argv: ['--set', 'monitor.judge.biasBar=1.5'], env: {}, cwd: '/t' }));
    expect(problems.find((p) => p.path === 'monitor.judge.biasBar')).toMatchObject({ message: 'Too big: expected number to be <=1', source: 'flag --set monitor.judge.biasBar' });
    // Only that problem: no judge is configured, so none is "the served model" (said before, the section unparsed).
    expect(problems.map((p) => p.path)).toEqual(['monitor.judge.biasBar']);
  });
});
