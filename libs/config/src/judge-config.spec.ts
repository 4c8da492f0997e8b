import { describe, expect, it } from '@jest/globals';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

const load = (env: Record<string, string>) => loadConfig({ argv: [], env, cwd: '/t' });

describe('monitor.judge: an independent judge', () => {
  it('judges 10% when it has an endpoint of its own, nothing without one, and a set rate wins', () => {
    expect(load({}).monitor.judge.samplingRate).toBe(0);
    expect(load({ FLYWHEEL_MONITOR_JUDGE_BASE_URL: 'http://judge.internal:9000', FLYWHEEL_MONITOR_JUDGE_MODEL: 'grader' }).monitor.judge).toMatchObject({
      baseUrl: 'http://judge.internal:9000', model: 'grader', samplingRate: 0.1, allowSelfJudging: false, maxPerPass: 20,
    });
    expect(load({ FLYWHEEL_MONITOR_JUDGE_BASE_URL: 'http://judge.internal:9000', FLYWHEEL_MONITOR_JUDGE_SAMPLING_RATE: '0.5' }).monitor.judge.samplingRate).toBe(0.5);
  });

  it('refuses the served model as its own judge, naming the fields, unless allowSelfJudging', () => {
    const message = (what: string) =>
      `the judge (monitor.judge.baseUrl, monitor.judge.model) is the served model (${what}): point it at another model, or set monitor.judge.allowSelfJudging=true`;
    // The old way: a sampling rate and no endpoint, so backend.* grades itself.
    expect(problemsOf(() => load({ FLYWHEEL_MONITOR_JUDGE_SAMPLING_RATE: '0.2' }))).toEqual([
      expect.objectContaining({ path: 'monitor.judge.baseUrl', message: message('backend.baseUrl/backend.model') }),
    ]);
    // The same server and model as backend.*, a trailing slash and /v1 notwithstanding.
    expect(problemsOf(() => load({ FLYWHEEL_BACKEND_BASE_URL: 'http://m:8000', FLYWHEEL_BACKEND_MODEL: 'qwen', FLYWHEEL_MONITOR_JUDGE_BASE_URL: 'http://m:8000/v1/', FLYWHEEL_MONITOR_JUDGE_MODEL: 'qwen' }))).toEqual([
      expect.objectContaining({ path: 'monitor.judge.baseUrl', message: message('backend.baseUrl/backend.model') }),
    ]);
    // The deployed server behind the gateway (no model named on either side: its first model).
    expect(problemsOf(() => load({ FLYWHEEL_DEPLOY_PORT: '8300', FLYWHEEL_MONITOR_JUDGE_BASE_URL: 'http://127.0.0.1:8300' }))).toEqual([
      expect.objectContaining({ path: 'monitor.judge.baseUrl', message: message('the deployed server (deploy.baseUrl/deploy.port)') }),
    ]);
    expect(load({ FLYWHEEL_MONITOR_JUDGE_SAMPLING_RATE: '0.2', FLYWHEEL_MONITOR_JUDGE_ALLOW_SELF_JUDGING: 'true' }).monitor.judge).toMatchObject({ samplingRate: 0.2, allowSelfJudging: true });
  });

  it('takes the endpoint from --judge-url: npm run up\'s judge, another model on the evaluation upstream\'s simulator', () => {
    const demo = loadConfig({ argv: ['--judge-url', 'http://127.0.0.1:8390', '--set', 'monitor.judge.model=simulated-judge', '--upstreams', 'deployed=http://127.0.0.1:8391,evaluation=http://127.0.0.1:8390'], env: {}, cwd: '/t' });
    expect(demo.monitor.judge).toMatchObject({ baseUrl: 'http://127.0.0.1:8390', model: 'simulated-judge', samplingRate: 0.1 });
  });

  it('accepts another model on the same server, and judging switched off whatever the endpoint', () => {
    expect(load({ FLYWHEEL_BACKEND_BASE_URL: 'http://m:8000', FLYWHEEL_BACKEND_MODEL: 'qwen', FLYWHEEL_MONITOR_JUDGE_BASE_URL: 'http://m:8000', FLYWHEEL_MONITOR_JUDGE_MODEL: 'judge-7b' }).monitor.judge.model).toBe('judge-7b');
    expect(load({ FLYWHEEL_MONITOR_JUDGE_BASE_URL: 'http://127.0.0.1:8000', FLYWHEEL_MONITOR_JUDGE_SAMPLING_RATE: '0' }).monitor.judge.samplingRate).toBe(0);
  });
});
