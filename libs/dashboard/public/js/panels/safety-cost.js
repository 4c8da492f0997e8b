// Seed 001's safety and cost rows, from llm_health.json `safety` and `cost` (production-monitor;
// shapes in libs/contracts/src/production/safety-cost.ts): personal data found in responses by
// kind, toxicity and refusal rates with the scorer that produced them, tokens, cost per query
// and GPU utilisation. A monitor that does not write them yet leaves a "not available" note.
import { getJson } from '../api.js';
import { badge, facts, h, table } from '../dom.js';
import { count, fixed, percent, time } from '../format.js';
import { showResult } from '../panel.js';

const isNum = (value) => typeof value === 'number' && Number.isFinite(value);

/** Money at a precision that keeps small per-query costs readable: 12.50, 0.018, 0.00045 (3 significant digits below 1). */
export function money(value, currency) {
  if (!isNum(value)) return '—';
  const digits = value >= 1 ? value.toFixed(2) : String(Number(value.toPrecision(3)));
  return currency ? `${digits} ${currency}` : digits;
}

export const safetyCostPanel = {
  name: 'safety',
  refreshOn: ['llm_health'],
  async refresh(section) {
    showResult(section, await getJson('/api/llm_health'), render);
  },
};

function render(body, d) {
  body.append(
    h('p', { class: 'note' }, `window ${time(d.window?.start)} → ${time(d.window?.end)}`),
    h(
      'div',
      { class: 'safety-cost' },
      h('div', { class: 'safety-part', 'data-part': 'safety' }, h('h3', {}, 'safety'), d.safety ? safety(d.safety) : notAvailable('safety', 'no safety figures in llm_health.json: the monitor does not scan responses yet')),
      h('div', { class: 'safety-part', 'data-part': 'cost' }, h('h3', {}, 'cost'), d.cost ? cost(d.cost) : notAvailable('cost', 'no cost figures in llm_health.json: the monitor does not count tokens and prices yet')),
    ),
  );
}

function notAvailable(part, why) {
  return h('div', { class: 'empty', 'data-field': `${part}_unavailable` }, h('strong', {}, 'not available'), h('span', { class: 'why' }, why));
}

function scored(rate, what) {
  if (!rate) return '—';
  const figure = rate.scored > 0 ? `${percent(rate.rate)} (${count(rate.flagged)} of ${count(rate.scored)})` : 'not scored';
  return h('span', {}, h('span', { 'data-field': `${what}_rate` }, figure), ' ', h('span', { class: 'note', 'data-field': `${what}_scorer` }, rate.scorer ? `by ${rate.scorer}` : 'no scorer ran'));
}

function safety(s) {
  const pii = s.pii ?? {};
  const kinds = Object.entries(pii.by_kind ?? {});
  return h(
    'div',
    {},
    facts([
      ['responses scanned', h('span', { 'data-field': 'responses_scanned' }, count(s.responses_scanned))],
      [
        'with personal data',
        h('span', {}, h('span', { 'data-field': 'pii_responses' }, `${count(pii.responses_with_pii)} (${percent(pii.rate)})`), ' ', pii.responses_with_pii > 0 ? badge('PII', 'bad') : badge('none', 'ok')),
      ],
      ['redacted in logs and exports', h('span', { 'data-field': 'pii_redacted' }, pii.redacted_in_logs_and_exports ? 'yes' : 'no')],
      ['toxicity', scored(s.toxicity, 'toxicity')],
      ['refusals', scored(s.refusal, 'refusal')],
    ]),
    kinds.length
      ? table(['kind', 'matches'], kinds.map(([kind, n]) => h('tr', { 'data-pii': kind, class: n > 0 ? 'bad' : null }, h('td', {}, kind.replace('_', ' ')), h('td', { class: 'num' }, count(n)))), { class: 'pii-kinds' })
      : h('p', { class: 'why' }, 'no kind counted'),
  );
}

const PRICING = { per_million_tokens: 'per million tokens', per_gpu_hour: 'per GPU-hour' };

function cost(c) {
  const models = Object.entries(c.by_model ?? {});
  return h(
    'div',
    {},
    facts([
      ['cost per query', h('span', { 'data-field': 'cost_per_query' }, money(c.cost_per_query, c.currency))],
      ['total', h('span', { 'data-field': 'total_cost' }, isNum(c.total_cost) ? money(c.total_cost, c.currency) : 'no model priced')],
      ['requests', h('span', { 'data-field': 'cost_requests' }, count(c.requests))],
      ['tokens (prompt / completion)', h('span', { 'data-field': 'tokens' }, `${count(c.prompt_tokens)} / ${count(c.completion_tokens)}`)],
      [
        'GPU utilisation',
        h('span', { 'data-field': 'gpu_utilization' }, isNum(c.gpu_utilization_percent) ? `${fixed(c.gpu_utilization_percent, 1)}%${c.gpu_source ? ` (${c.gpu_source})` : ''}` : `not available${c.gpu_source ? ` (${c.gpu_source})` : ''}`),
      ],
    ]),
    models.length
      ? table(
          ['model', 'requests', 'tokens in / out', 'pricing', 'cost', 'per query'],
          models.map(([model, m]) =>
            h(
              'tr',
              { 'data-model': model },
              h('td', {}, model),
              h('td', { class: 'num' }, count(m.requests)),
              h('td', { class: 'num' }, `${count(m.prompt_tokens)} / ${count(m.completion_tokens)}`),
              h('td', {}, m.pricing ? PRICING[m.pricing] ?? m.pricing : 'no price'),
              h('td', { class: 'num' }, money(m.cost, c.currency)),
              h('td', { class: 'num' }, money(m.cost_per_query, c.currency)),
            ),
          ),
          { class: 'cost-models' },
        )
      : null,
  );
}
