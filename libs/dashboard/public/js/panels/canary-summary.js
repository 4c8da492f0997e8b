// The canary on trial (status/canary.json): its share of the gateway's deployed traffic, the
// pairs matched so far and the newest look's numbers, or how it was decided.
import { badge, facts, h } from '../dom.js';
import { fixed, percent, time } from '../format.js';

const STATES = { running: ['on trial', 'warn'], promoted: ['promoted', 'ok'], rolled_back: ['rolled back', 'bad'] };

export function canarySummary(c) {
  const [label, tone] = STATES[c.state] ?? [c.state, 'muted'];
  const v = c.last_verdict;
  return h(
    'div',
    { class: 'canary', 'data-field': 'canary' },
    h('p', { class: 'headline' }, badge(`canary ${label}`, tone, { 'data-field': 'canary_state', 'data-state': c.state }), ' ', h('strong', { 'data-field': 'canary_checkpoint' }, c.canary), ` vs champion ${c.champion}`),
    facts([
      ['share', c.state === 'running' ? percent(c.share) : c.state === 'promoted' ? 'all traffic' : 'none'],
      ['pairs', String(c.pairs)],
      ['looks', String(c.looks)],
      ['live quality', v ? `${fixed(v.canary_quality)} vs ${fixed(v.champion_quality)} (difference ${fixed(v.difference, 4)}, bounds ${fixed(v.lower_bound, 4)} … ${fixed(v.upper_bound, 4)})` : undefined],
      ['started', time(c.started_at)],
      ['decided', c.decided_at ? time(c.decided_at) : undefined],
    ]),
    v ? h('p', { class: 'why', 'data-field': 'canary_reason' }, `look ${v.look}: ${v.reason}`) : null,
  );
}
