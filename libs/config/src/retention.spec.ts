import { describe, expect, it } from '@jest/globals';
import { problemsOf } from './config-problems.fixture.js';
import { loadConfig } from './load-config.js';
import { jsonlRotation, logRotation } from './retention.js';

describe('retention.*', () => {
  it('defaults to 10 MiB and 3 rotated copies, for JSONL files and logs', () => {
    const config = loadConfig({ argv: [], env: {}, cwd: '/t' });
    expect(config.retention).toEqual({ jsonlMaxBytes: 10_485_760, jsonlRotatedFiles: 3, logMaxBytes: 10_485_760, logRotatedFiles: 3 });
    expect(jsonlRotation(config)).toEqual({ maxBytes: 10_485_760, rotatedFiles: 3 });
    expect(logRotation(config)).toEqual({ maxBytes: 10_485_760, rotatedFiles: 3 });
  });

  it('is set from the environment and flags like any option', () => {
    const config = loadConfig({ argv: ['--set', 'retention.logRotatedFiles=0'], env: { FLYWHEEL_RETENTION_JSONL_MAX_BYTES: '65536' }, cwd: '/t' });
    expect(jsonlRotation(config)).toEqual({ maxBytes: 65_536, rotatedFiles: 3 });
    expect(logRotation(config)).toEqual({ maxBytes: 10_485_760, rotatedFiles: 0 });
  });

  it('refuses a JSONL bound too small for a line to be read back', () => {
    const problems = problemsOf(() => loadConfig({ argv: ['--set', 'retention.jsonlMaxBytes=1000'], env: {}, cwd: '/' }));
    expect(problems.map((p) => p.path)).toEqual(['retention.jsonlMaxBytes']);
  });
});
