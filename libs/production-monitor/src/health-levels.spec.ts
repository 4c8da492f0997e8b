import { describe, expect, it } from '@jest/globals';
import { assessHealth, breachLevel, letterGrade, metricScore, thresholdTable } from './health-levels.js';
import { monitorSettings } from './replay.fixture.js';

const table = thresholdTable(monitorSettings().thresholds);

describe('seed 000 thresholds', () => {
  it('crosses a level only strictly past its threshold (seed: "< 0.3", "> 10 seconds")', () => {
    expect(breachLevel(0.3, table.relevance)).toEqual({ level: 'WARNING', threshold: 0.5 });
    expect(breachLevel(0.29, table.relevance)).toEqual({ level: 'CRITICAL', threshold: 0.3 });
    expect(breachLevel(0.7, table.relevance)).toBeNull();
    expect(breachLevel(10, table.response_time)).toEqual({ level: 'WARNING', threshold: 5 });
    expect(breachLevel(3.01, table.response_time)).toEqual({ level: 'ATTENTION', threshold: 3 });
    expect(breachLevel(1.99, table.user_rating)).toEqual({ level: 'CRITICAL', threshold: 2 });
    expect(breachLevel(0.51, table.correction_frequency)).toEqual({ level: 'CRITICAL', threshold: 0.5 });
    expect(breachLevel(0.79, table.accuracy)).toEqual({ level: 'ATTENTION', threshold: 0.8 });
  });

  it('scores 1 at the ideal, 0.75/0.5/0.25 at the thresholds, 0 at the worst, linear between', () => {
    expect([1, 0.7, 0.5, 0.3, 0, 0.6].map((v) => metricScore(v, table.relevance))).toEqual([1, 0.75, 0.5, 0.25, 0, 0.625]);
    // Response time: 0 s → 1, 3 → 0.75, 5 → 0.5, 10 → 0.25, 20 (twice critical) → 0; 40 s clamps to 0.
    expect([0, 3, 5, 10, 20, 40, 7.5].map((v) => metricScore(v, table.response_time))).toEqual([1, 0.75, 0.5, 0.25, 0, 0, 0.375]);
    expect([5, 4, 3, 2, 1].map((v) => metricScore(v, table.user_rating))).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(metricScore(0.75, table.correction_frequency)).toBeCloseTo(0.125, 12);
  });

  it('grades on seed 000’s scale', () => {
    expect([0.95, 0.9, 0.899, 0.85, 0.8, 0.75, 0.7, 0.6, 0.599].map(letterGrade)).toEqual(['A+', 'A+', 'A', 'A', 'B+', 'B', 'C', 'D', 'F']);
  });

  it('judges only metrics with enough samples; nothing measured leaves level, score and grade null', () => {
    const settings = { minSamples: 10, excellentScore: 0.9 };
    expect(assessHealth({ response_time: { value: 30, samples: 9 } }, table, settings)).toEqual({ level: null, health_score: null, grade: null, breaches: [], measured: [] });
    const one = assessHealth({ response_time: { value: 30, samples: 10 }, user_rating: { value: null, samples: 0 } }, table, settings);
    expect([one.level, one.health_score, one.grade, one.breaches.length]).toEqual(['CRITICAL', 0, 'F', 1]);
    // No breach: 4.5 → 0.875, 1 s → 1 − 0.25/3: mean 0.895833 < 0.9 → HEALTHY.
    const calm = assessHealth({ user_rating: { value: 4.5, samples: 20 }, response_time: { value: 1, samples: 20 } }, table, settings);
    expect([calm.level, calm.health_score]).toEqual(['HEALTHY', (0.875 + (1 - 0.25 / 3)) / 2]);
  });
});
