// The data loop and checkpoint sync at a glance: curriculum, adversarial mining,
// self-correction and sync, each from its status file.
import { getJson } from '../api.js';
import { facts, h } from '../dom.js';
import { count, fixed, percent, time } from '../format.js';
import { combinedState, partOf, renderInto } from '../panel.js';

const PARTS = [
  {
    id: 'curriculum',
    title: 'curriculum',
    route: '/api/curriculum',
    facts: (d) => [
      ['best strategy', d.best_strategy ?? 'none yet'],
      ['next strategy', d.current_strategy ?? undefined],
      ['accuracy', percent(d.accuracy)],
      ['strategies tested', count(d.strategies_tested)],
    ],
  },
  {
    id: 'adversarial',
    title: 'adversarial mining',
    route: '/api/adversarial',
    facts: (d) => [
      ['checkpoint', d.checkpoint ?? '—'],
      ['failures found', `${count(d.failures_found)} of ${count(d.examples_tested)}`],
      ['hard examples written', count(d.hard_examples_written)],
    ],
  },
  {
    id: 'self_correction',
    title: 'self-correction',
    route: '/api/self_correction',
    facts: (d) => [
      ['lines checked', `${count(d.lines_checked)} in ${count(d.files_checked)} files`],
      ['errors found', count(d.errors_found)],
      ['corrections', count(d.corrections_generated)],
    ],
  },
  {
    id: 'checkpoint_sync',
    title: 'checkpoint sync',
    route: '/api/checkpoints',
    facts: (d) => [
      ['last run', time(d.last_run)],
      ['from', d.remote_host ?? 'local'],
      ['pulled', Array.isArray(d.checkpoints_pulled) ? String(d.checkpoints_pulled.length) : '—'],
      ['throughput', typeof d.throughput_mb_s === 'number' ? `${fixed(d.throughput_mb_s, 1)} MB/s` : '—'],
      ['errors', Array.isArray(d.errors) ? String(d.errors.length) : '—'],
    ],
  },
];

export const loopPanel = {
  name: 'loop',
  refreshOn: PARTS.map((p) => p.id),
  async refresh(section) {
    const results = await Promise.all(PARTS.map((p) => getJson(p.route)));
    renderInto(section, combinedState(results), (body) =>
      body.append(
        h(
          'div',
          { class: 'loop' },
          PARTS.map((part, i) => h('div', { class: 'loop-part', 'data-part': part.id }, h('h3', {}, part.title), partOf(results[i], (d) => facts(part.facts(d))))),
        ),
      ),
    );
  },
};
