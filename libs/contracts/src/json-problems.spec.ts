import { describe, expect, it } from '@jest/globals';
import { formatIssuePath, jsonErrorLocation } from './json-problems.js';

function failure(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
}

describe('jsonErrorLocation', () => {
  it('finds a bad token from the quoted excerpt', () => {
    const text = '{\n  "interval": 300,\n  "samples": ,\n}';
    // The comma after "samples": is on line 3; "  \"samples\": " is 13 characters, so column 14.
    expect(jsonErrorLocation(text, failure(text))).toBe('line 3, column 14');
  });

  it('finds a bad token near the start and the end of the input', () => {
    expect(jsonErrorLocation('{x}', failure('{x}'))).toBe('line 1, column 2');
    const truncated = '{\n "a": 1,\n "b": [1, 2';
    expect(jsonErrorLocation(truncated, failure(truncated))).toMatch(/^line 3, column \d+$/);
  });
});

describe('formatIssuePath', () => {
  it('writes array indexes in brackets', () => {
    expect(formatIssuePath(['log_history', 3, 'eval_loss'])).toBe('log_history[3].eval_loss');
    expect(formatIssuePath([])).toBe('(root)');
  });
});
