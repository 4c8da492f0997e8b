import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { BoundCounter, BoundHistogram } from './bound-metrics.js';

describe('bound counters and histograms', () => {
  it('a histogram counts a value on a bound in that bound\'s bucket (le is "at or below"), cumulatively, with sum and count', async () => {
    const registry = new Registry();
    const h = new BoundHistogram({ name: 'x_seconds', help: 'x', labelNames: ['m'] as const, buckets: [0.25, 1], registers: [registry] });
    const series = h.series({ m: 'a' });
    for (const v of [0.25, 0.3125, 1, 5]) h.record(series, v);
    expect(await registry.metrics()).toBe(
      [
        '# HELP x_seconds x',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{m="a",le="0.25"} 1',
        'x_seconds_bucket{m="a",le="1"} 3',
        'x_seconds_bucket{m="a",le="+Inf"} 4',
        'x_seconds_sum{m="a"} 6.5625',
        'x_seconds_count{m="a"} 4',
        '',
      ].join('\n'),
    );
  });

  it('one series per label values whatever their order; a dropped series leaves the exposition', async () => {
    const registry = new Registry();
    const c = new BoundCounter({ name: 'y_total', help: 'y', labelNames: ['a', 'b'] as const, registers: [registry] });
    const one = c.series({ a: '1', b: '2' });
    expect(c.series({ b: '2', a: '1' })).toBe(one);
    one.value += 3;
    c.series({ a: '1', b: 'other' }).value += 1;
    expect(await registry.metrics()).toBe('# HELP y_total y\n# TYPE y_total counter\ny_total{a="1",b="2"} 3\ny_total{a="1",b="other"} 1\n');
    c.drop({ b: '2', a: '1' });
    expect(await registry.metrics()).toBe('# HELP y_total y\n# TYPE y_total counter\ny_total{a="1",b="other"} 1\n');
  });
});
