import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';
import { DEFAULT_REFUSAL_PATTERNS } from './safety-config.js';

describe('safety and cost config', () => {
  it('defaults: redaction on, obscenity and refusal patterns, nothing priced, 8 trend buckets', () => {
    const config = loadConfig({ argv: [], env: {}, cwd: '/t' });
    expect(config.safety).toEqual({
      redact: true,
      toxicity: { scorer: 'obscenity' },
      refusal: { scorer: 'patterns', patterns: DEFAULT_REFUSAL_PATTERNS },
      judge: { samplingRate: 0.1, maxPerPass: 20 },
    });
    expect(config.cost).toEqual({ currency: 'USD', prices: [] });
    expect([config.monitor.trendBuckets, config.monitor.trendAlpha]).toEqual([8, 0.05]);
  });

  it('reads a price table from a file (gpus defaulting to 1) and as JSON from the environment', async () => {
    const { dir, remove } = await tempDir('safety-config');
    try {
      await writeFile(
        path.join(dir, 'flywheel.config.json'),
        JSON.stringify({ cost: { currency: 'EUR', prices: [{ model: 'deployed', per_gpu_hour: 2.5 }, { model: 'gpt-x', per_million_prompt_tokens: 1, per_million_completion_tokens: 4 }] } }),
      );
      expect(loadConfig({ argv: [], env: {}, cwd: dir }).cost).toEqual({
        currency: 'EUR',
        prices: [{ model: 'deployed', per_gpu_hour: 2.5, gpus: 1 }, { model: 'gpt-x', per_million_prompt_tokens: 1, per_million_completion_tokens: 4 }],
      });
      const fromEnv = loadConfig({ argv: [], env: { FLYWHEEL_COST_PRICES: '[{"model": "m", "per_gpu_hour": 3, "gpus": 4}]' }, cwd: '/t' });
      expect(fromEnv.cost.prices).toEqual([{ model: 'm', per_gpu_hour: 3, gpus: 4 }]);
    } finally {
      await remove();
    }
  });

  it('names the field of a bad value: a price of neither shape, a model priced twice, a bad pattern, a judge that would score nothing', () => {
    const problems = problemsOf(() =>
      loadConfig({
        argv: ['--set', 'safety.refusal.patterns=["(unclosed"]', '--set', 'safety.toxicity.scorer=llm-judge', '--set', 'safety.judge.samplingRate=0'],
        env: { FLYWHEEL_COST_PRICES: '[{"model": "m", "per_hour": 3}]' },
        cwd: '/t',
      }),
    );
    expect(problems.map((p) => p.path)).toEqual(['safety.refusal.patterns.0', 'safety.judge.samplingRate', 'cost.prices.0']);
    expect(problems[1]!.message).toBe('a scorer is "llm-judge" but the sampling rate is 0: it would score nothing');
    const twice = problemsOf(() => loadConfig({ argv: [], env: { FLYWHEEL_COST_PRICES: '[{"model": "a", "per_gpu_hour": 1}, {"model": "a", "per_gpu_hour": 2}]' }, cwd: '/t' }));
    expect(twice.map((p) => [p.path, p.message])).toEqual([['cost.prices.1.model', 'duplicate price for model "a"']]);
    const notJson = problemsOf(() => loadConfig({ argv: [], env: { FLYWHEEL_COST_PRICES: 'deployed=3' }, cwd: '/t' }));
    expect(notJson[0]).toMatchObject({ path: 'cost.prices', source: 'env FLYWHEEL_COST_PRICES' });
  });
});
