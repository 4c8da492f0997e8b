// Checkpoint rankings from model-comparison's model_comparisons.json.
import { getJson } from '../api.js';
import { badge, h, table } from '../dom.js';
import { count, fixed, percent, time } from '../format.js';
import { showResult } from '../panel.js';

export const rankingsPanel = {
  name: 'rankings',
  refreshOn: ['model_comparison'],
  async refresh(section) {
    showResult(section, await getJson('/api/model_comparison'), render);
  },
};

function render(body, data) {
  const rankings = Array.isArray(data.rankings) ? [...data.rankings].sort((a, b) => b.score - a.score) : [];
  const best = data.best_checkpoint ?? null;
  const distinguishable = data.best_distinguishable;
  body.append(
    h(
      'p',
      { class: 'headline' },
      'best ',
      h('strong', { 'data-field': 'best_checkpoint' }, best ?? 'none yet'),
      typeof distinguishable === 'boolean'
        ? badge(distinguishable ? 'ahead of the runner-up' : 'not distinguishable from the runner-up', distinguishable ? 'ok' : 'warn')
        : null,
    ),
  );
  if (rankings.length === 0) {
    body.append(h('p', { class: 'why' }, 'no checkpoint has been ranked yet'));
  } else {
    body.append(
      table(
        ['#', 'checkpoint', 'score', 'accuracy', 'loss', 'ECE', 'examples'],
        rankings.map((r, i) =>
          h(
            'tr',
            { class: r.checkpoint === best ? 'best' : null, 'data-checkpoint': r.checkpoint },
            h('td', { class: 'num' }, i + 1),
            h('td', {}, r.checkpoint),
            h('td', { class: 'num', title: Array.isArray(r.score_interval) ? `95% interval ${fixed(r.score_interval[0])} – ${fixed(r.score_interval[1])}` : null }, fixed(r.score)),
            h('td', { class: 'num' }, percent(r.accuracy)),
            h('td', { class: 'num' }, fixed(r.loss)),
            h('td', { class: 'num' }, fixed(r.ece)),
            h('td', { class: 'num' }, count(r.examples)),
          ),
        ),
        { class: 'rankings' },
      ),
    );
  }
  body.append(h('p', { class: 'note' }, `updated ${time(data.last_update)}`));
}
