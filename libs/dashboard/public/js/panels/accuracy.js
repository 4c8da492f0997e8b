// Accuracy by difficulty across the recent checkpoints, from the evaluator's records, and
// automated-testing's verdict on the newest one (the seed's validation metrics).
import { getJson } from '../api.js';
import { COLORS, lineChart } from '../charts.js';
import { badge, h, table } from '../dom.js';
import { percent } from '../format.js';
import { emptyState, errorState, renderInto } from '../panel.js';

export const accuracyPanel = {
  name: 'accuracy',
  // The evaluator writes no status file; the daemons that read its records do, right after.
  refreshOn: ['testing', 'model_comparison', 'regression', 'confidence'],
  async refresh(section) {
    const [history, testing] = await Promise.all([getJson('/api/accuracy_history?limit=20'), getJson('/api/testing')]);
    const points = history.state === 'ok' && Array.isArray(history.data.checkpoints) ? history.data.checkpoints : [];
    const state = points.length > 0 || testing.state === 'ok' ? 'ok' : history.state === 'error' ? 'error' : 'empty';
    renderInto(section, state, (body) => {
      if (testing.state === 'ok') body.append(verdict(testing.data));
      if (history.state === 'error') body.append(errorState(history.message));
      else if (points.length === 0) body.append(emptyState('the evaluator has not scored any checkpoint on the validation set yet'));
      else render(section, body, points);
    });
  },
};

/** automated_testing.json in one line: the checkpoint, its accuracy, and whether it regressed. */
function verdict(t) {
  return h(
    'p',
    { class: 'headline', 'data-part': 'testing' },
    t.regression_detected ? badge('accuracy regression', 'bad', { 'data-field': 'testing_verdict' }) : badge('no accuracy regression', 'ok', { 'data-field': 'testing_verdict' }),
    ' automated testing: ',
    h('strong', {}, t.checkpoint ?? '—'),
    ` ${percent(t.overall_accuracy)}`,
    t.baseline ? ` vs baseline ${t.baseline}` : '',
    typeof t.evidence?.reason === 'string' ? h('span', { class: 'why block' }, t.evidence.reason) : null,
  );
}

function render(section, body, points) {
  const chart = h('div', { class: 'chart', 'data-chart': 'accuracy' });
  const pct = (v) => (typeof v === 'number' ? v * 100 : null);
  body.append(
    chart,
    table(
      ['checkpoint', 'step', 'overall', 'easy', 'medium', 'hard'],
      points
        .slice(-5)
        .reverse()
        .map((p) =>
          h(
            'tr',
            { 'data-checkpoint': p.checkpoint },
            h('td', {}, p.checkpoint),
            h('td', { class: 'num' }, p.step ?? '—'),
            h('td', { class: 'num' }, percent(p.accuracy)),
            h('td', { class: 'num' }, percent(p.by_difficulty?.easy)),
            h('td', { class: 'num' }, percent(p.by_difficulty?.medium)),
            h('td', { class: 'num' }, percent(p.by_difficulty?.hard)),
          ),
        ),
      { class: 'accuracy-table' },
    ),
  );
  lineChart(section, chart, {
    xLabel: 'step',
    series: [
      { label: 'overall', color: COLORS.grey },
      { label: 'easy', color: COLORS.green },
      { label: 'medium', color: COLORS.orange },
      { label: 'hard', color: COLORS.red },
    ],
    data: [
      points.map((p, i) => (typeof p.step === 'number' ? p.step : i)),
      points.map((p) => pct(p.accuracy)),
      points.map((p) => pct(p.by_difficulty?.easy)),
      points.map((p) => pct(p.by_difficulty?.medium)),
      points.map((p) => pct(p.by_difficulty?.hard)),
    ],
    format: (v) => `${v.toFixed(0)}%`,
    yRange: [0, 100],
  });
}
