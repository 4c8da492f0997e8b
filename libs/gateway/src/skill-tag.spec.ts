import { describe, expect, it } from '@jest/globals';
import { createSkillTagger } from './skill-tag.js';

describe('hostile input: skill names from a header (createSkillTagger)', () => {
  it('keeps well-formed names and turns anything else into "other", never an option', () => {
    const tag = createSkillTagger({ allowed: [], maxDistinct: 10 });
    expect(['code_generation', ' reasoning ', 'x2'].map(tag)).toEqual(['code_generation', 'reasoning', 'x2']);
    expect(['-rf', '--help', 'Code', 'a b', 'ünïcode', '../x', 'a'.repeat(41), ''].map(tag)).toEqual(Array(8).fill('other'));
    expect(tag(null)).toBeNull();
  });

  it('accepts at most maxDistinct names: a client inventing one per request fills no more keys', () => {
    const tag = createSkillTagger({ allowed: [], maxDistinct: 2 });
    expect(['a', 'b', 'c', 'a', 'b', 'd'].map(tag)).toEqual(['a', 'b', 'other', 'a', 'b', 'other']);
  });

  it('with a configured list, only those names', () => {
    const tag = createSkillTagger({ allowed: ['code_generation', 'reasoning'], maxDistinct: 50 });
    expect(['reasoning', 'poetry', 'code_generation'].map(tag)).toEqual(['reasoning', 'other', 'code_generation']);
  });
});
