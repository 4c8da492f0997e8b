// The deployed model's health as production-monitor judges it (seeds 000, 001): the level,
// score and grade, the window's metrics, each threshold breach, the recommendation, drift
// against the reference window and the fine-tune trigger. See docs/production-monitor.md.
import { getJson } from '../api.js';
import { badge, facts, h, table } from '../dom.js';
import { age, count, fixed, percent, time } from '../format.js';
import { showResult } from '../panel.js';
import { trendArrow, trendArrows } from '../trend.js';

const isNum = (value) => typeof value === 'number' && Number.isFinite(value);

/** Seed 000's levels, best first, each with its badge class (style.css colours them). */
const LEVEL_CLASS = { EXCELLENT: 'level-excellent', HEALTHY: 'level-healthy', ATTENTION: 'level-attention', WARNING: 'level-warning', CRITICAL: 'level-critical' };

/** Each judged metric in its own unit: response time in seconds, rating on 1–5, the rest shares. */
const METRIC = {
  relevance: { label: 'relevance', format: (v) => fixed(v, 2) },
  accuracy: { label: 'accuracy', format: (v) => fixed(v, 2) },
  response_time: { label: 'response time p95', format: (v) => (isNum(v) ? `${v.toFixed(2)} s` : '—') },
  user_rating: { label: 'user rating', format: (v) => fixed(v, 2) },
  correction_frequency: { label: 'correction frequency', format: (v) => percent(v) },
};
const metricLabel = (metric) => METRIC[metric]?.label ?? metric;
const metricValue = (metric, value) => (METRIC[metric] ? METRIC[metric].format(value) : fixed(value));

export const healthPanel = {
  name: 'health',
  refreshOn: ['llm_health'],
  async refresh(section) {
    showResult(section, await getJson('/api/llm_health'), render);
  },
};

function render(body, d) {
  body.append(
    headline(d),
    h(
      'div',
      { class: 'health' },
      h('div', { class: 'health-part', 'data-part': 'metrics' }, h('h3', {}, 'window'), windowFacts(d.window), h('h3', {}, 'metrics'), metricFacts(d.metrics, d.trends)),
      h(
        'div',
        { class: 'health-part', 'data-part': 'assessment' },
        h('h3', {}, 'breaches'),
        breaches(d.breaches, d.thresholds, d.trends),
        h('h3', {}, 'recommendation'),
        recommendation(d.recommendation),
        h('h3', {}, 'fine-tune trigger'),
        fineTune(d.fine_tune),
      ),
      h('div', { class: 'health-part wide', 'data-part': 'drift' }, h('h3', {}, 'drift against the reference window'), drift(d.drift)),
    ),
  );
  // The monitor's own problems this pass (a judge that failed, a fine-tune command's exit).
  if (Array.isArray(d.errors) && d.errors.length) {
    body.append(h('ul', { class: 'problems', 'data-field': 'errors' }, d.errors.map((e) => h('li', {}, badge('error', 'bad'), ` ${e.source ?? ''}: ${e.message ?? ''}`))));
  }
}

function headline(d) {
  const level = d.level ?? null;
  return h(
    'p',
    { class: 'headline health-head' },
    level
      ? badge(level, `level ${LEVEL_CLASS[level] ?? ''}`, { 'data-field': 'level', 'data-level': level })
      : badge('not enough data', 'muted', { 'data-field': 'level', 'data-level': 'none', title: 'no metric has enough observations in the window yet' }),
    h('span', { class: 'score' }, 'health score ', h('strong', { 'data-field': 'health_score' }, fixed(d.health_score, 2))),
    h('span', { class: 'score' }, 'grade ', h('strong', { 'data-field': 'grade' }, d.grade ?? '—')),
    h('span', { class: 'note' }, `judged ${time(d.last_update)}`),
  );
}

function windowFacts(w) {
  if (!w) return h('p', { class: 'why' }, 'no window');
  return facts([
    ['requests', h('span', { 'data-field': 'window_requests' }, count(w.requests))],
    ['ratings', h('span', { 'data-field': 'window_ratings' }, count(w.ratings))],
    ['span', `${age(w.seconds)}: ${time(w.start)} → ${time(w.end)}`],
  ]);
}

const ms = (value) => (isNum(value) ? `${Math.round(value).toLocaleString('en-US')}` : '—');
const percentiles = (p, unit) => (p ? `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}${unit}` : '—');
const gib = (bytes) => (isNum(bytes) ? (bytes / 1024 ** 3).toFixed(1) : '—');

/** A value with the trend arrows of the metrics it shows (none when the monitor gave no trends). */
const withTrends = (value, trends, ...prefixes) => [value, ...prefixes.map((prefix) => trendArrows(trends, prefix))];

function metricFacts(m, trends) {
  if (!m) return h('p', { class: 'why' }, 'no metrics');
  const q = m.quality ?? {};
  const host = m.host ?? {};
  const taskScores = Object.entries(q.task_scores ?? {});
  return facts([
    ['response time p50 / p95 / p99', withTrends(h('span', { 'data-field': 'response_time' }, percentiles(m.response_time_ms, ' ms')), trends, 'response_time_ms')],
    ['first token p50 / p95 / p99', withTrends(percentiles(m.time_to_first_token_ms, ' ms'), trends, 'time_to_first_token_ms')],
    ['tokens/s p50 / mean', withTrends(h('span', { 'data-field': 'tokens_per_second' }, `${fixed(m.tokens_per_second?.p50, 1)} / ${fixed(m.tokens_per_second?.mean, 1)}`), trends, 'tokens_per_second')],
    ['error rate', withTrends(h('span', { 'data-field': 'error_rate' }, percent(m.error_rate)), trends, 'error_rate')],
    ['user rating (1–5)', withTrends(h('span', { 'data-field': 'user_rating' }, fixed(m.user_rating, 2)), trends, 'user_rating')],
    ['correction frequency', withTrends(h('span', { 'data-field': 'correction_frequency' }, percent(m.correction_frequency)), trends, 'correction_frequency')],
    ['clarification rate', withTrends(percent(m.clarification_rate), trends, 'clarification_rate')],
    ['unknown-query rate', withTrends(percent(m.unknown_query_rate), trends, 'unknown_query_rate')],
    [
      'quality (judge)',
      withTrends(
        h(
          'span',
          { 'data-field': 'quality' },
          q.judged > 0
            ? `${count(q.judged)} judged: relevance ${fixed(q.relevance, 2)}, accuracy ${fixed(q.accuracy, 2)}, completeness ${fixed(q.completeness, 2)}, coherence ${fixed(q.coherence, 2)}` +
                (taskScores.length ? `; tasks ${taskScores.map(([skill, score]) => `${skill} ${fixed(score, 2)}`).join(', ')}` : '') +
                (q.judge_errors ? `; ${count(q.judge_errors)} judge errors` : '')
            : `not judged${q.judge_errors ? ` (${count(q.judge_errors)} judge errors)` : ''}`,
        ),
        trends,
        'quality',
      ),
    ],
    [
      'host memory',
      withTrends(
        h('span', { 'data-field': 'host_memory' }, isNum(host.memory_total_bytes) ? `${gib(host.memory_used_bytes)} / ${gib(host.memory_total_bytes)} GiB (${fixed(host.memory_percent, 1)}%)` : '—'),
        trends,
        'host.memory_percent',
        'host.memory_used_bytes',
      ),
    ],
    [
      'host CPU',
      withTrends(
        h('span', { 'data-field': 'host_cpu' }, isNum(host.cpu_percent) ? `${fixed(host.cpu_percent, 1)}% · load ${fixed(host.load_average_1m, 2)}` : `— (first pass) · load ${fixed(host.load_average_1m, 2)}`),
        trends,
        'host.cpu_percent',
        'host.load_average_1m',
      ),
    ],
  ]);
}

/** The `metrics` key whose trend a threshold metric (seed 000's table) follows. */
const TREND_OF_THRESHOLD = {
  relevance: 'quality.relevance',
  accuracy: 'quality.accuracy',
  response_time: 'response_time_ms.p95',
  user_rating: 'user_rating',
  correction_frequency: 'correction_frequency',
};

const LEVEL_TONE = { ATTENTION: 'warn', WARNING: 'warn', CRITICAL: 'bad' };

function breaches(list, thresholds, trends) {
  if (!Array.isArray(list) || list.length === 0) return h('p', { class: 'why', 'data-field': 'no_breach' }, 'no threshold crossed');
  return table(
    ['metric', 'value', 'threshold', 'level', 'samples'],
    list.map((b) => {
      const direction = thresholds?.[b.metric]?.direction;
      const comparator = direction === 'below' ? '< ' : direction === 'above' ? '> ' : '';
      return h(
        'tr',
        { 'data-breach': b.metric, 'data-level': b.level },
        h('td', {}, metricLabel(b.metric)),
        h('td', { class: 'num' }, metricValue(b.metric, b.value), trendArrow(trends, TREND_OF_THRESHOLD[b.metric] ?? b.metric)),
        h('td', { class: 'num' }, `${comparator}${metricValue(b.metric, b.threshold)}`),
        h('td', {}, badge(b.level, `level ${LEVEL_CLASS[b.level] ?? LEVEL_TONE[b.level] ?? 'muted'}`)),
        h('td', { class: 'num' }, count(b.samples)),
      );
    }),
    { class: 'breaches' },
  );
}

const ACTION = { none: ['no action', 'ok'], monitor: ['monitor', 'warn'], fine_tune: ['fine-tune', 'bad'] };

function recommendation(r) {
  if (!r) return h('p', { class: 'why' }, 'none');
  const [label, tone] = ACTION[r.action] ?? [r.action, 'muted'];
  const weak = Array.isArray(r.weak_skills) ? r.weak_skills : [];
  return h(
    'div',
    { class: 'recommendation' },
    facts([
      ['action', badge(label, tone, { 'data-field': 'action', 'data-action': r.action })],
      ['confidence', h('span', { 'data-field': 'confidence' }, fixed(r.confidence, 2))],
      ['urgency', h('span', { 'data-field': 'urgency' }, fixed(r.urgency, 2))],
      ['driver', r.driver ? metricLabel(r.driver) : '—'],
      ['method', h('span', { 'data-field': 'method' }, r.method ?? '—')],
      [
        'weak skills',
        weak.length
          ? h('ul', { class: 'weak-skills', 'data-field': 'weak_skills' }, weak.map((w) => h('li', { 'data-skill': w.skill }, h('strong', {}, w.skill), ` ${w.reason ?? ''}`)))
          : h('span', { 'data-field': 'weak_skills' }, 'none'),
      ],
      ['improvement areas', Array.isArray(r.improvement_areas) && r.improvement_areas.length ? r.improvement_areas.join('; ') : '—'],
    ]),
    r.reason ? h('p', { class: 'why', 'data-field': 'recommendation_reason' }, r.reason) : null,
  );
}

function fineTune(f) {
  if (!f) return h('p', { class: 'why' }, 'no trigger state');
  const last = f.last ?? null;
  return h(
    'div',
    { class: 'fine-tune' },
    facts([
      ['auto fine-tune', badge(f.auto_fine_tune ? 'on' : 'off', f.auto_fine_tune ? 'ok' : 'muted', { 'data-field': 'auto_fine_tune' })],
      ['this pass', badge(f.triggered ? 'triggered' : 'not triggered', f.triggered ? 'warn' : 'muted', { 'data-field': 'triggered' })],
      ['last triggered', h('span', { 'data-field': 'last_triggered' }, f.last_triggered_at ? time(f.last_triggered_at) : 'never')],
      ['cooldown remaining', h('span', { 'data-field': 'cooldown_remaining' }, f.cooldown_remaining_seconds > 0 ? `${age(f.cooldown_remaining_seconds)} of ${age(f.cooldown_seconds)}` : `none (cooldown ${age(f.cooldown_seconds)})`)],
      [
        'last firing',
        last
          ? `${last.level}, ${last.method}` +
            (Array.isArray(last.weak_skills) && last.weak_skills.length ? `, skills ${last.weak_skills.join(', ')}` : '') +
            (last.command ? `; command exit ${last.exit_code ?? '—'}` : '; no command run')
          : '—',
      ],
    ]),
    f.reason ? h('p', { class: 'why', 'data-field': 'fine_tune_reason' }, f.reason) : null,
  );
}

const SEVERITY_TONE = { none: 'ok', moderate: 'warn', significant: 'bad' };

function drift(dr) {
  if (!dr) return h('p', { class: 'why' }, 'no drift figures');
  const tests = Array.isArray(dr.tests) ? dr.tests : [];
  const ref = dr.reference;
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'headline' },
      badge(dr.detected ? 'drift detected' : 'no drift', dr.detected ? 'warn' : 'ok', { 'data-field': 'drift_detected' }),
      ref ? h('span', { class: 'note' }, ` reference: ${count(ref.requests)} requests, ${time(ref.start)} → ${time(ref.end)}`) : null,
    ),
    tests.length
      ? table(
          ['feature', 'test', 'statistic', 'p-value', 'severity', 'flagged', 'samples (now / ref)'],
          tests.map((t) =>
            h(
              'tr',
              { 'data-feature': t.feature, 'data-flagged': String(Boolean(t.flagged)) },
              h('td', {}, t.feature),
              h('td', {}, t.test === 'ks' ? 'KS' : t.test === 'psi' ? 'PSI' : t.test),
              h('td', { class: 'num' }, fixed(t.statistic, 3)),
              h('td', { class: 'num' }, isNum(t.p_value) ? (t.p_value < 0.001 ? t.p_value.toExponential(1) : t.p_value.toFixed(3)) : '—'),
              h('td', {}, badge(t.severity, SEVERITY_TONE[t.severity] ?? 'muted')),
              h('td', {}, t.flagged ? badge('flagged', 'bad') : 'no'),
              h('td', { class: 'num' }, `${count(t.current_samples)} / ${count(t.reference_samples)}`),
            ),
          ),
          { class: 'drift' },
        )
      : h('p', { class: 'why' }, 'not enough requests in both windows to test yet'),
  );
}
