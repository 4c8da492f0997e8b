import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';


describe('gateway configuration', () => {
  it('defaults to loopback, port 8200, no upstreams listed, 3 attempts and a 1 h blacklist after 3 failures', () => {
    const { gateway } = loadConfig({ argv: [], env: {}, cwd: '/t' });
    expect(gateway).toMatchObject({
      host: '127.0.0.1', port: 8200, upstreams: [], criterion: 'speed', maxAttempts: 3,
      blacklistFailures: 3, blacklistBaseSeconds: 3600,
    });
  });

  it('reads the short upstream form from the environment, in order', () => {
    const { gateway } = loadConfig({
      argv: [], env: { FLYWHEEL_GATEWAY_UPSTREAMS: 'deployed=http://127.0.0.1:8000, base=http://10.0.0.2:8000' }, cwd: '/t',
    });
    expect(gateway.upstreams).toEqual([
      { name: 'deployed', baseUrl: 'http://127.0.0.1:8000' },
      { name: 'base', baseUrl: 'http://10.0.0.2:8000' },
    ]);
  });

  it('reads model aliases in the short form and as JSON, and refuses one that names no upstream', () => {
    const env = { FLYWHEEL_GATEWAY_UPSTREAMS: 'deployed=http://127.0.0.1:8000,base=http://10.0.0.2:8000' };
    expect(loadConfig({ argv: [], env: { ...env, FLYWHEEL_GATEWAY_ALIASES: 'prod=deployed, fallback=base' }, cwd: '/t' }).gateway.aliases).toEqual({ prod: 'deployed', fallback: 'base' });
    expect(loadConfig({ argv: ['--set', 'gateway.aliases={"gpt-4o":"base"}'], env, cwd: '/t' }).gateway.aliases).toEqual({ 'gpt-4o': 'base' });
    expect(loadConfig({ argv: [], env: {}, cwd: '/t' }).gateway.aliases).toEqual({});
    expect(problemsOf(() => loadConfig({ argv: [], env: { ...env, FLYWHEEL_GATEWAY_ALIASES: 'prod=nobody' }, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.aliases.prod', message: 'names no upstream ("nobody"; the upstreams are deployed, base)' }),
    ]);
  });

  it("takes seed 003's five criteria as the default, and refuses another naming the field", () => {
    for (const criterion of ['cost', 'accuracy', 'creativity', 'speed', 'continuity']) {
      expect(loadConfig({ argv: ['--criterion', criterion], env: {}, cwd: '/t' }).gateway.criterion).toBe(criterion);
    }
    expect(loadConfig({ argv: [], env: {}, cwd: '/t' }).gateway.conversationTtlSeconds).toBe(86_400);
    expect(problemsOf(() => loadConfig({ argv: ['--criterion', 'fastest'], env: {}, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.criterion', source: 'flag --criterion' }),
    ]);
  });

  it('reads the JSON form from a flag, with model and cost', () => {
    const json = JSON.stringify([{ name: 'a', baseUrl: 'http://h:1', model: 'qwen', costPerMillionTokens: 0.5 }]);
    const { gateway } = loadConfig({ argv: ['--upstreams', json], env: {}, cwd: '/t' });
    expect(gateway.upstreams).toEqual([{ name: 'a', baseUrl: 'http://h:1', model: 'qwen', costPerMillionTokens: 0.5 }]);
  });

  it('reads the list from a config file', async () => {
    const { dir, remove } = await tempDir('gateway-config');
    try {
      await writeFile(path.join(dir, 'flywheel.config.json'), JSON.stringify({ gateway: { upstreams: [{ name: 'x', baseUrl: 'https://m.example' }] } }));
      expect(loadConfig({ argv: [], env: {}, cwd: dir }).gateway.upstreams).toEqual([{ name: 'x', baseUrl: 'https://m.example' }]);
    } finally {
      await remove();
    }
  });

  it('names a bad entry, a bad URL and a duplicate name', () => {
    expect(problemsOf(() => loadConfig({ argv: ['--upstreams', 'deployed'], env: {}, cwd: '/t' }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'gateway.upstreams', message: 'expected name=url, got "deployed"', source: 'flag --upstreams' })]),
    );
    expect(problemsOf(() => loadConfig({ argv: ['--upstreams', 'a=ftp://h'], env: {}, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.upstreams.0.baseUrl', source: 'flag --upstreams' }),
    ]);
    expect(problemsOf(() => loadConfig({ argv: ['--upstreams', 'a=http://h:1,a=http://h:2'], env: {}, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.upstreams.1.name', message: 'duplicate upstream name "a"' }),
    ]);
  });

  it('reads conversation types in the short form (after "@", joined by "+") and as JSON; none given is left to the default', () => {
    const short = loadConfig({ argv: ['--upstreams', 'chat=http://h:1,img@image=http://h:2,mix@text+audio=http://h:3'], env: {}, cwd: '/t' });
    expect(short.gateway.upstreams).toEqual([
      { name: 'chat', baseUrl: 'http://h:1' },
      { name: 'img', baseUrl: 'http://h:2', types: ['image'] },
      { name: 'mix', baseUrl: 'http://h:3', types: ['text', 'audio'] },
    ]);
    const json = JSON.stringify([{ name: 'v', baseUrl: 'http://h:4', types: ['video'] }]);
    expect(loadConfig({ argv: ['--upstreams', json], env: {}, cwd: '/t' }).gateway.upstreams).toEqual([{ name: 'v', baseUrl: 'http://h:4', types: ['video'] }]);
  });

  it('names an unknown conversation type, an empty list and a repeated type', () => {
    expect(problemsOf(() => loadConfig({ argv: ['--upstreams', 'a@picture=http://h:1'], env: {}, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.upstreams.0.types.0', message: 'not a conversation type: "picture" (use text, image, audio, video)', source: 'flag --upstreams' }),
    ]);
    expect(problemsOf(() => loadConfig({ argv: ['--upstreams', '[{"name":"a","baseUrl":"http://h:1","types":[]}]'], env: {}, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.upstreams.0.types', message: 'list at least one conversation type (text, image, audio, video)' }),
    ]);
    expect(problemsOf(() => loadConfig({ argv: ['--upstreams', 'a@image+image=http://h:1'], env: {}, cwd: '/t' }))).toEqual([
      expect.objectContaining({ path: 'gateway.upstreams.0.types', message: 'a conversation type is listed twice' }),
    ]);
  });
});
