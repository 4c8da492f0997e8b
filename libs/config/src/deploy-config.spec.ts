import { describe, expect, it } from '@jest/globals';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';

describe('deploy configuration: loaded adapters and the smoke through the gateway', () => {
  it('keeps 2 adapters loaded and sends no smoke through the gateway by default', () => {
    const { deploy } = loadConfig({ argv: [], env: {}, cwd: '/t' });
    expect(deploy.keepLoadedAdapters).toBe(2);
    expect(deploy.gatewayUrl).toBeUndefined();
  });

  it('reads both from the environment', () => {
    const { deploy } = loadConfig({ argv: [], env: { FLYWHEEL_DEPLOY_KEEP_LOADED_ADAPTERS: '4', FLYWHEEL_DEPLOY_GATEWAY_URL: 'http://127.0.0.1:8200' }, cwd: '/t' });
    expect([deploy.keepLoadedAdapters, deploy.gatewayUrl]).toEqual([4, 'http://127.0.0.1:8200']);
  });

  it('refuses a count below 1 and a gateway URL that is not http(s), naming each field', () => {
    const problems = problemsOf(() => loadConfig({ argv: ['--set', 'deploy.keepLoadedAdapters=0', '--set', 'deploy.gatewayUrl=127.0.0.1:8200'], env: {}, cwd: '/t' }));
    expect(problems.map((p) => p.path).sort()).toEqual(['deploy.gatewayUrl', 'deploy.keepLoadedAdapters']);
    expect(problems.find((p) => p.path === 'deploy.gatewayUrl')?.message).toContain('an http:// or https:// URL');
  });
});
