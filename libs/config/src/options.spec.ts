import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envName, OPTIONS } from './options.js';

describe('option table', () => {
  it('derives environment names from paths', () => {
    expect(envName('regression.thresholdPercent')).toBe('FLYWHEEL_REGRESSION_THRESHOLD_PERCENT');
    expect(envName('baseDir')).toBe('FLYWHEEL_BASE_DIR');
    expect(envName('api.token')).toBe('FLYWHEEL_API_TOKEN');
  });

  it('keeps the seed flags', () => {
    const flags = OPTIONS.map((o) => o.flag).filter(Boolean);
    for (const seed of ['--base-dir', '--interval', '--samples', '--remote-host', '--remote-dir', '--local-dir', '--keep',
      '--check-interval', '--min-files', '--continuous', '--error-threshold']) {
      expect(flags).toContain(seed);
    }
  });

  it('is documented in full in docs/configuration.md', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/configuration.md', import.meta.url)), 'utf8');
    const missing = OPTIONS.filter((o) => !doc.includes(`\`${o.path}\``) || !doc.includes(envName(o.path)));
    expect(missing.map((o) => o.path)).toEqual([]);
  });
});
