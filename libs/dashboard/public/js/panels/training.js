// Training progress: the trainer's training_status.json (step, loss, learning rate) and the
// newest checkpoint's trainer_state.json log history, charted by step.
import { getJson } from '../api.js';
import { COLORS, lineChart } from '../charts.js';
import { badge, facts, h, table } from '../dom.js';
import { fixed, rate, time } from '../format.js';
import { emptyState, showResult } from '../panel.js';

const STATUS_TONE = { training: 'ok', finished: 'ok', idle: 'muted', paused: 'warn', stopped: 'warn', crashed: 'bad' };

export const trainingPanel = {
  name: 'training',
  refreshOn: ['training'],
  async refresh(section) {
    showResult(section, await getJson('/api/training'), (body, data) => render(section, body, data));
  },
};

/** Log entries merged by step (a Trainer logs the training and the eval figures of a step apart). */
export function historyByStep(history) {
  const byStep = new Map();
  for (const entry of Array.isArray(history) ? history : []) {
    if (typeof entry?.step !== 'number') continue;
    const merged = byStep.get(entry.step) ?? { step: entry.step, loss: null, learning_rate: null, eval_loss: null };
    for (const key of ['loss', 'learning_rate', 'eval_loss']) if (typeof entry[key] === 'number') merged[key] = entry[key];
    byStep.set(entry.step, merged);
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

function render(section, body, data) {
  const statusMissing = data.training_status === 'missing';
  const step = data.current_step ?? data.trainer_state?.global_step ?? null;
  const total = data.total_steps ?? null;
  body.append(
    h(
      'div',
      { class: 'training-head' },
      facts([
        ['status', statusMissing ? badge('no training_status.json', 'muted') : badge(data.status ?? 'unknown', STATUS_TONE[data.status] ?? 'muted', { 'data-field': 'status' })],
        ['step', h('span', { 'data-field': 'step' }, total ? `${step ?? '—'} / ${total}` : String(step ?? '—'))],
        ['loss', h('span', { 'data-field': 'loss' }, statusMissing ? '—' : fixed(data.loss, 4))],
        ['learning rate', h('span', { 'data-field': 'learning_rate' }, statusMissing ? '—' : rate(data.learning_rate))],
        ['epoch', statusMissing ? '—' : fixed(data.epoch, 2)],
        ['updated', statusMissing ? '—' : time(data.last_update)],
      ]),
      typeof step === 'number' && typeof total === 'number' && total > 0
        ? h('progress', { max: total, value: Math.min(step, total), title: `${((100 * step) / total).toFixed(1)}% of ${total} steps` })
        : null,
    ),
  );

  const state = data.trainer_state;
  if (typeof data.trainer_state_error === 'string') body.append(h('p', { class: 'why' }, `trainer_state.json unreadable: ${data.trainer_state_error}`));
  if (!state) {
    body.append(emptyState('no checkpoint with a trainer_state.json yet: the loss and learning-rate history come from the newest one'));
    return;
  }
  const rows = historyByStep(state.history);
  const xs = rows.map((r) => r.step);
  const hasEval = rows.some((r) => r.eval_loss !== null);
  const charts = h('div', { class: 'charts two' }, h('div', { class: 'chart', 'data-chart': 'loss' }), h('div', { class: 'chart', 'data-chart': 'learning_rate' }));
  const recent = rows.slice(-6).reverse();
  body.append(
    h('p', { class: 'note' }, `history from ${state.checkpoint}/trainer_state.json (global step ${state.global_step ?? '—'}, ${rows.length} logged steps)`),
    charts,
    h('h3', {}, 'latest log entries'),
    table(
      ['step', 'loss', 'eval loss', 'learning rate'],
      recent.map((r) =>
        h('tr', { 'data-step': r.step }, h('td', { class: 'num' }, r.step), h('td', { class: 'num' }, fixed(r.loss, 4)), h('td', { class: 'num' }, fixed(r.eval_loss, 4)), h('td', { class: 'num' }, rate(r.learning_rate))),
      ),
      { class: 'log-table' },
    ),
  );
  const lossSeries = [{ label: 'train loss', color: COLORS.blue }];
  const lossData = [xs, rows.map((r) => r.loss)];
  if (hasEval) {
    lossSeries.push({ label: 'eval loss', color: COLORS.orange });
    lossData.push(rows.map((r) => r.eval_loss));
  }
  lineChart(section, charts.children[0], { xLabel: 'step', series: lossSeries, data: lossData, format: (v) => v.toFixed(3) });
  lineChart(section, charts.children[1], {
    xLabel: 'step',
    series: [{ label: 'learning rate', color: COLORS.purple }],
    data: [xs, rows.map((r) => r.learning_rate)],
    format: (v) => v.toExponential(1),
  });
}
