// The gateway's per-model tracking (seed 003): requests, success rate, latency percentiles,
// tokens/s, feedback (and its mean per dimension rated) and the blacklist, from the API's copy of the gateway's snapshot file.
// That file is not a status file (no status event): polled, and looked at again whenever
// the health monitor writes (both follow the same traffic).
import { getJson } from '../api.js';
import { badge, h, table } from '../dom.js';
import { age, count, fixed, percent, time } from '../format.js';
import { combinedState, errorState, emptyState, renderInto } from '../panel.js';
import { DIMENSIONS } from '../rating-dimensions.js';

export const gatewayPanel = {
  name: 'gateway',
  refreshOn: ['llm_health'],
  pollSeconds: 10,
  async refresh(section) {
    const [performance, blacklisted] = await Promise.all([getJson('/api/performance'), getJson('/api/performance/blacklisted')]);
    renderInto(section, combinedState([performance, blacklisted]), (body) => {
      if (performance.state !== 'ok') {
        body.append(performance.state === 'missing' ? emptyState(performance.message) : errorState(performance.message));
        return;
      }
      const bans = blacklisted.state === 'ok' && Array.isArray(blacklisted.data?.blacklisted) ? blacklisted.data.blacklisted : [];
      render(body, performance.data, new Map(bans.map((b) => [b.model, b])));
      if (blacklisted.state === 'error') body.append(errorState(blacklisted.message));
    });
  },
};

const ms = (value) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—');

function render(body, data, bans) {
  const models = Array.isArray(data.models) ? data.models : [];
  body.append(
    h(
      'p',
      { class: 'headline' },
      badge(`${models.length} model${models.length === 1 ? '' : 's'}`, 'muted', { 'data-field': 'models' }),
      ' ',
      bans.size ? badge(`${bans.size} blacklisted`, 'bad', { 'data-field': 'blacklisted_count' }) : badge('none blacklisted', 'ok', { 'data-field': 'blacklisted_count' }),
      h(
        'span',
        { class: 'note', 'data-field': 'snapshot' },
        ` criterion ${data.criterion ?? '—'} · snapshot ${time(data.snapshot_at)}` + (typeof data.snapshot_age_seconds === 'number' ? ` (${age(data.snapshot_age_seconds)} old)` : ''),
      ),
    ),
    models.length
      ? table(
          ['model', 'requests', 'success', 'p50 ms', 'p95 ms', 'p99 ms', 'tokens/s', 'feedback', 'dimensions', 'blacklisted until'],
          models.map((m) => modelRow(m, bans.get(m.model))),
          { class: 'gateway-models' },
        )
      : h('p', { class: 'why' }, 'the gateway has no upstream models'),
  );
}

/** Seed 003's dimensions rated, in the form's order: "relevance 3.0 (2) · creativity 5.0 (1)" (mean 1–5, count). */
function dimensionsText(dimensions) {
  const rated = DIMENSIONS.filter((d) => dimensions?.[d]?.count);
  return rated.length ? rated.map((d) => `${d} ${fixed(dimensions[d].mean, 1)} (${count(dimensions[d].count)})`).join(' · ') : '—';
}

function modelRow(m, ban) {
  const o = m.overall ?? {};
  const latency = o.latency_ms ?? {};
  const fb = m.feedback ?? {};
  const until = ban?.until ?? m.blacklisted_until ?? null;
  return h(
    'tr',
    { 'data-model': m.model, class: until ? 'bad' : null },
    h('td', {}, m.model),
    h('td', { class: 'num', 'data-field': 'requests' }, count(o.requests)),
    h('td', { class: 'num', 'data-field': 'success_rate' }, percent(o.success_rate)),
    h('td', { class: 'num', 'data-field': 'p50' }, ms(latency.p50)),
    h('td', { class: 'num', 'data-field': 'p95' }, ms(latency.p95)),
    h('td', { class: 'num', 'data-field': 'p99' }, ms(latency.p99)),
    h('td', { class: 'num', 'data-field': 'tokens_per_second' }, fixed(o.tokens_per_second, 1)),
    h('td', { class: 'num', 'data-field': 'feedback' }, fb.count ? `${fixed(fb.mean_score, 2)} (${count(fb.count)})` : '—'),
    h('td', { 'data-field': 'dimensions' }, dimensionsText(fb.dimensions)),
    h(
      'td',
      { 'data-field': 'blacklisted_until' },
      until
        ? [badge('blacklisted', 'bad'), ` ${time(until)}`, ban ? h('span', { class: 'note' }, ` ${age(ban.remaining_seconds)} left, ${count(ban.consecutive_failures)} failures in a row`) : null]
        : m.consecutive_failures
          ? h('span', { class: 'note' }, `${count(m.consecutive_failures)} failure${m.consecutive_failures === 1 ? '' : 's'} in a row`)
          : '—',
    ),
  );
}
