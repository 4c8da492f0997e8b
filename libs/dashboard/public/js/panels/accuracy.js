// Accuracy by difficulty across the recent checkpoints, from the evaluator's records.
import { getJson } from '../api.js';
import { COLORS, lineChart } from '../charts.js';
import { h, table } from '../dom.js';
import { percent } from '../format.js';
import { emptyState, showResult } from '../panel.js';

export const accuracyPanel = {
  name: 'accuracy',
  // The evaluator writes no status file; the daemons that read its records do, right after.
  refreshOn: ['testing', 'model_comparison', 'regression', 'confidence'],
  async refresh(section) {
    showResult(section, await getJson('/api/accuracy_history?limit=20'), (body, data) => render(section, body, data));
  },
};

function render(section, body, data) {
  const points = Array.isArray(data.checkpoints) ? data.checkpoints : [];
  if (points.length === 0) {
    section.dataset.state = 'empty';
    body.append(emptyState('the evaluator has not scored any checkpoint on the validation set yet'));
    return;
  }
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
