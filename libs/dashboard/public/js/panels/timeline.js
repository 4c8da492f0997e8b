// Regression and deployment timeline: the regression monitor's window of checkpoints (oldest
// first, with their losses) and the last deployment, marked on the same line of checkpoints.
import { getJson } from '../api.js';
import { badge, facts, h } from '../dom.js';
import { fixed, time } from '../format.js';
import { combinedState, partOf, renderInto } from '../panel.js';
import { canarySummary } from './canary-summary.js';

export const timelinePanel = {
  name: 'timeline',
  refreshOn: ['regression', 'deployment', 'canary'],
  async refresh(section) {
    const [regression, deployment, canary] = await Promise.all([getJson('/api/regression'), getJson('/api/deployments'), getJson('/api/canary')]);
    renderInto(section, combinedState([regression, deployment]), (body) => {
      const r = regression.state === 'ok' ? regression.data : null;
      const d = deployment.state === 'ok' ? deployment.data : null;
      const strip = checkpointStrip(r, d);
      body.append(
        h('h3', {}, 'regression'),
        partOf(regression, regressionSummary),
        // append() would write a null as the text "null".
        ...(strip ? [strip] : []),
        h('h3', {}, 'last deployment'),
        partOf(deployment, deploymentSummary),
        // Only when a canary ever ran: most runs have none, and say nothing of it.
        ...(canary.state === 'ok' ? [h('h3', {}, 'canary'), canarySummary(canary.data)] : []),
      );
    });
  },
};

const stepOf = (name) => {
  const m = /(\d+)$/.exec(name ?? '');
  return m ? Number(m[1]) : null;
};

function regressionSummary(r) {
  const level = r.alert_level ?? (r.regression_detected ? 'warning' : 'none');
  const tone = level === 'critical' ? 'bad' : level === 'warning' ? 'warn' : 'ok';
  const label = level === 'critical' ? 'critical regression' : level === 'warning' ? 'regression warning' : 'no regression';
  const change = typeof r.increase_percent === 'number' ? `${r.increase_percent > 0 ? '+' : ''}${r.increase_percent.toFixed(1)}% loss` : null;
  return h(
    'div',
    { class: 'regression' },
    h(
      'p',
      { class: 'headline' },
      badge(label, tone, { 'data-field': 'alert_level', 'data-level': level }),
      ' ',
      h('strong', { 'data-field': 'checkpoint' }, r.checkpoint ?? 'no checkpoint judged yet'),
      change ? ` ${change}` : '',
      r.baseline_checkpoint ? ` vs ${r.baseline_checkpoint}` : '',
    ),
    r.evidence?.reason ? h('p', { class: 'why', 'data-field': 'reason' }, r.evidence.reason) : null,
    h(
      'p',
      { class: 'note' },
      `method ${r.evidence?.method ?? '—'}`,
      typeof r.evidence?.p_value === 'number' ? ` · p = ${r.evidence.p_value.toPrecision(2)}` : '',
      ` · thresholds ${r.threshold_percent ?? '—'}% / ${r.critical_percent ?? '—'}% · checked ${time(r.last_update)}`,
    ),
  );
}

/** A canary's steps say what they are: a canary started is not yet a deployment to all traffic. */
const CANARY_OUTCOMES = {
  'canary-start': (d) => badge(d.success ? 'canary started' : 'canary failed to start', d.success ? 'warn' : 'bad', { 'data-field': 'outcome' }),
  'canary-promote': () => badge('deployed (canary promoted)', 'ok', { 'data-field': 'outcome' }),
  'canary-rollback': () => badge('canary rolled back', 'bad', { 'data-field': 'outcome' }),
};

function deploymentSummary(d) {
  const outcome = CANARY_OUTCOMES[d.event]?.(d)
    ?? (d.success ? badge('deployed', 'ok', { 'data-field': 'outcome' }) : d.rolled_back ? badge('failed, rolled back', 'bad', { 'data-field': 'outcome' }) : badge('failed', 'bad', { 'data-field': 'outcome' }));
  const gates = Array.isArray(d.gates) ? d.gates : [];
  return h(
    'div',
    { class: 'deployment' },
    h('p', { class: 'headline' }, outcome, ' ', h('strong', { 'data-field': 'deployed_checkpoint' }, d.checkpoint ?? '—'), ` at ${time(d.deployed_at)}`),
    facts([
      ['serving now', d.serving !== undefined ? (d.serving ?? 'nothing') : undefined],
      ['previous', d.previous !== undefined ? (d.previous ?? 'none') : undefined],
      ['champion', d.champion_after !== undefined ? (d.champion_after ?? 'none') : undefined],
      ['score', fixed(d.score)],
      ['reason', d.reason ?? undefined],
    ]),
    gates.length
      ? h(
          'ul',
          { class: 'gates' },
          gates.map((g) => h('li', {}, badge(g.pass ? 'pass' : 'fail', g.pass ? 'ok' : 'bad'), ' ', h('strong', {}, g.gate ?? '?'), g.detail ? ` ${g.detail}` : '')),
        )
      : null,
  );
}

/** The checkpoints both files name, by step, each marked with the roles it plays. */
function checkpointStrip(r, d) {
  const nodes = new Map();
  const node = (name) => {
    if (!name) return null;
    if (!nodes.has(name)) nodes.set(name, { name, step: stepOf(name), loss: null, marks: [] });
    return nodes.get(name);
  };
  for (const c of r?.evidence?.checkpoints ?? []) {
    const n = node(c.checkpoint);
    if (typeof c.step === 'number') n.step = c.step;
    n.loss = c.loss;
  }
  if (r?.baseline_checkpoint) node(r.baseline_checkpoint).marks.push(['baseline', 'muted']);
  if (r?.checkpoint) {
    const level = r.alert_level ?? 'none';
    node(r.checkpoint).marks.push([level === 'none' ? 'judged: ok' : `judged: ${level}`, level === 'critical' ? 'bad' : level === 'warning' ? 'warn' : 'ok']);
  }
  if (d?.checkpoint) node(d.checkpoint).marks.push([d.success ? 'deployed' : 'deploy failed', d.success ? 'ok' : 'bad']);
  if (d?.serving && d.serving !== d.checkpoint) node(d.serving).marks.push(['serving', 'ok']);
  if (nodes.size === 0) return null;
  const ordered = [...nodes.values()].sort((a, b) => (a.step ?? Infinity) - (b.step ?? Infinity));
  return h(
    'ol',
    { class: 'timeline' },
    ordered.map((n) =>
      h(
        'li',
        { 'data-checkpoint': n.name, class: n.marks.map(([, tone]) => tone).includes('bad') ? 'bad' : null },
        h('span', { class: 'dot' }),
        h('span', { class: 'cp-name' }, n.name),
        h('span', { class: 'cp-loss' }, n.loss === null ? '' : `loss ${fixed(n.loss, 3)}`),
        h('span', { class: 'marks' }, n.marks.map(([text, tone]) => badge(text, tone))),
      ),
    ),
  );
}
