import { describe, expect, it } from '@jest/globals';
import { adaptersToKeep } from './adapter-retention.js';

describe('adaptersToKeep', () => {
  it('keeps what serves and the rollback target at the default count of 2, not older champions', () => {
    expect(adaptersToKeep({ serving: 'checkpoint-300', previous: 'checkpoint-200', champions: ['checkpoint-200', 'checkpoint-100'], keep: 2 }))
      .toEqual(['checkpoint-300', 'checkpoint-200']);
  });

  it('keeps only what serves at 1 (a rollback loads its staged copy again)', () => {
    expect(adaptersToKeep({ serving: 'checkpoint-300', previous: 'checkpoint-200', champions: ['checkpoint-200'], keep: 1 })).toEqual(['checkpoint-300']);
  });

  it('counts each name once: after an explicit rollback to an earlier champion', () => {
    expect(adaptersToKeep({ serving: 'checkpoint-100', previous: 'checkpoint-300', champions: ['checkpoint-100', 'checkpoint-300', 'checkpoint-200', 'checkpoint-50'], keep: 3 }))
      .toEqual(['checkpoint-100', 'checkpoint-300', 'checkpoint-200']);
  });

  it('keeps nothing when nothing serves and no champion is recorded (a first deployment that failed)', () => {
    expect(adaptersToKeep({ serving: null, previous: null, champions: [], keep: 2 })).toEqual([]);
  });
});
