// Trend arrows beside health metrics, from llm_health.json `trends` (keys are the names of
// `metrics`, dotted for nested ones: `response_time_ms.p95`, `user_rating`). The direction
// already accounts for whether higher is better, so ↑ is always good news.
import { h } from './dom.js';

const ARROW = { improving: '↑', stable: '→', declining: '↓' };

const isNum = (value) => typeof value === 'number' && Number.isFinite(value);
const pValue = (p) => (isNum(p) ? (p < 0.001 ? p.toExponential(1) : p.toFixed(3)) : '—');

/** The tooltip: the word, and the test behind it. */
function explain(key, t) {
  const slope = isNum(t.slope_per_bucket) ? `, Theil–Sen slope ${Number(t.slope_per_bucket.toPrecision(3))} per bucket` : '';
  const better = t.higher_is_better ? 'higher is better' : 'lower is better';
  return `${key}: ${t.direction} (Mann–Kendall S = ${t.statistic}, p = ${pValue(t.p_value)}, α = ${t.alpha}${slope}; ${t.points} buckets; ${better})`;
}

/** One arrow for `trends[key]`, or null when the monitor gave no trend for it. `label` precedes the arrow (e.g. "p95"). */
export function trendArrow(trends, key, label) {
  const t = trends?.[key];
  if (!t || !ARROW[t.direction]) return null;
  return h(
    'span',
    { class: `trend trend-${t.direction}`, 'data-trend': key, 'data-direction': t.direction, title: explain(key, t), 'aria-label': `${key} ${t.direction}` },
    label ? h('span', { class: 'trend-label' }, label) : null,
    ARROW[t.direction],
  );
}

/** Arrows for `prefix` itself and every nested key under it (`response_time_ms` → p50, p95, p99), labelled by the nested part. */
export function trendArrows(trends, prefix) {
  if (!trends || typeof trends !== 'object') return null;
  const keys = Object.keys(trends).filter((key) => key === prefix || key.startsWith(`${prefix}.`));
  if (keys.length === 0) return null;
  return h('span', { class: 'trends' }, keys.sort().map((key) => trendArrow(trends, key, key === prefix ? null : key.slice(prefix.length + 1))));
}
