// Alerts raised from status changes (docs/alert-analyst.md), from GET /api/alerts: each with
// its severity, when, what, and whether it was acknowledged or its kind silenced; buttons to
// acknowledge one or silence its kind for a while, and the silences in force (token needed).
import { getJson } from '../api.js';
import { badge, h, table } from '../dom.js';
import { time } from '../format.js';
import { deferWhileEditing, errorState, renderInto } from '../panel.js';
import { apiToken, apiUser, sendWithToken, setApiToken } from '../token.js';
import { redrawTokenControls, tokenControl, userControl } from '../token-control.js';

const SEVERITY_TONE = { P0: 'bad', P1: 'warn', P2: 'muted' };
const SILENCE_MINUTES = [15, 60, 240, 1440];
// What each action last answered, by alert id (or `silence:<kind>`): the panel is rebuilt on every refresh.
const outcomes = new Map();
let refreshPanel = () => undefined;

export const alertsPanel = {
  name: 'alerts',
  refreshOn: ['alert_analyst', 'llm_health', 'regression', 'deployment'],
  pollSeconds: 15,
  async refresh(section) {
    if (deferWhileEditing(section, () => refreshPanel())) return;
    const result = await getJson('/api/alerts');
    if (deferWhileEditing(section, () => refreshPanel())) return;
    if (result.state === 'ok') renderInto(section, 'ok', (body) => render(body, result.data));
    else if (result.state === 'missing') renderInto(section, 'empty', (body) => body.append(notAvailable(result.message)));
    else renderInto(section, 'error', (body) => body.append(errorState(result.message)));
  },
  bind(_section, refresh) {
    refreshPanel = refresh;
  },
};

function notAvailable(message) {
  return h(
    'div',
    { class: 'empty', 'data-field': 'alerts_unavailable' },
    h('strong', {}, 'not available'),
    h('span', { class: 'why' }, `this API serves no alerts (${message}): the alert analyst's routes are not installed or not running`),
  );
}

function render(body, data) {
  const alerts = Array.isArray(data?.alerts) ? data.alerts : [];
  const silences = Array.isArray(data?.silences) ? data.silences : [];
  const open = alerts.filter((a) => !acknowledgement(a)).length;
  // body.append would print a null as "null": absent parts are filtered out.
  const parts = [
    h(
      'div',
      { class: 'feedback-bar' },
      h('span', { 'data-field': 'alert_counts' }, `${alerts.length} alert${alerts.length === 1 ? '' : 's'}, ${open} not acknowledged`),
      userControl(),
      tokenControl('alerts'),
    ),
    alerts.length
      ? table(['severity', 'kind', 'at', 'what', 'state', ''], alerts.map(alertRow), { class: 'alerts' })
      : h('p', { class: 'why', 'data-field': 'no_alerts' }, 'no alert raised'),
    Array.isArray(data?.problems) && data.problems.length
      ? h('ul', { class: 'problems', 'data-field': 'alert_problems' }, data.problems.map((p) => h('li', {}, badge('unreadable', 'bad'), ` ${p}`)))
      : null,
    h('h3', {}, 'silenced kinds'),
    silences.length
      ? h('ul', { class: 'silences', 'data-field': 'silences' }, silences.map(silenceItem))
      : h('p', { class: 'why', 'data-field': 'silences' }, 'none: every kind is analysed and notified'),
  ];
  body.append(...parts.filter(Boolean));
}

/** `{by, at}` when acknowledged (the API may answer a flag or the acknowledgement itself), else null. */
function acknowledgement(a) {
  const ack = a.ack ?? a.acknowledged;
  if (ack && typeof ack === 'object') return ack;
  return ack === true ? { by: a.acknowledged_by ?? null, at: a.acknowledged_at ?? null } : null;
}

function outcomeLine(key) {
  const outcome = outcomes.get(key);
  return h('span', { class: 'action-result', 'data-field': 'action_result', 'data-state': outcome?.state ?? 'none' }, outcome?.text ?? '');
}

/** The tab's name as the body's `by` (the alert routes record who from the body), when one is set. */
const byOf = () => (apiUser() ? { by: apiUser() } : {});

async function act(key, method, route, body, done) {
  const answer = await sendWithToken(method, route, body);
  if (answer.state === 'ok') {
    outcomes.set(key, { state: 'ok', text: done });
  } else if (answer.state === 'unauthorized') {
    const hadToken = Boolean(apiToken());
    setApiToken('');
    redrawTokenControls();
    outcomes.set(key, { state: 'refused', text: `refused by the API (401): ${answer.message}. ${hadToken ? 'Enter the token again' : 'Enter the API token'} above.` });
  } else {
    outcomes.set(key, { state: 'error', text: answer.message });
  }
  refreshPanel();
}

function alertRow(a) {
  const ack = acknowledgement(a);
  const title = a.title ?? a.summary ?? '';
  const state = [
    ack ? badge('acknowledged', 'ok', { 'data-field': 'acknowledged', title: `by ${ack.by ?? '?'} at ${time(ack.at)}` }) : null,
    ack?.by ? h('span', { class: 'note' }, `${ack.by} ${time(ack.at)}`) : null,
    a.silenced ? badge('silenced', 'muted', { 'data-field': 'silenced' }) : null,
    !ack && !a.silenced ? badge('open', SEVERITY_TONE[a.severity] ?? 'warn') : null,
    // What the analyst did with it: batched, analysed (in which analysis), not analysed (its severity).
    a.state && a.state !== 'silenced'
      ? badge(a.state.replace('_', ' '), 'muted', { 'data-field': 'disposition', title: a.analysis_id ? `analysis ${a.analysis_id}` : null })
      : null,
  ];
  const ackButton = ack ? null : h('button', { type: 'button', class: 'ack', 'data-action': 'ack' }, 'Acknowledge');
  ackButton?.addEventListener('click', () => {
    ackButton.disabled = true;
    void act(a.id, 'POST', `/api/alerts/${encodeURIComponent(a.id)}/ack`, byOf(), 'acknowledged');
  });
  const minutes = h('select', { 'aria-label': 'silence for', name: 'silence-minutes' }, SILENCE_MINUTES.map((m) => h('option', { value: m, selected: m === 60 }, m < 60 ? `${m} min` : `${m / 60} h`)));
  const silence = h('button', { type: 'button', class: 'silence', 'data-action': 'silence' }, `Silence ${a.kind} for`);
  silence.addEventListener('click', () => {
    silence.disabled = true;
    const n = Number(minutes.value);
    void act(a.id, 'POST', '/api/alerts/silence', { kind: a.kind, minutes: n, ...byOf() }, `${a.kind} silenced for ${n} min`);
  });
  return h(
    'tr',
    { 'data-alert': a.id, 'data-kind': a.kind, class: ack ? 'acknowledged' : null },
    h('td', {}, badge(a.severity ?? '?', SEVERITY_TONE[a.severity] ?? 'muted', { 'data-field': 'severity' })),
    h('td', { 'data-field': 'kind' }, a.kind),
    h('td', {}, time(a.at)),
    h('td', { 'data-field': 'title' }, title, a.subject ? h('span', { class: 'note' }, ` (${a.subject})`) : null),
    h('td', {}, state),
    h('td', { class: 'alert-actions' }, ackButton, ' ', silence, ' ', minutes, ' ', outcomeLine(a.id)),
  );
}

function silenceItem(s) {
  const key = `silence:${s.kind}`;
  const lift = h('button', { type: 'button', class: 'unsilence', 'data-action': 'unsilence' }, 'lift');
  lift.addEventListener('click', () => {
    lift.disabled = true;
    void act(key, 'DELETE', `/api/alerts/silence/${encodeURIComponent(s.kind)}`, undefined, `${s.kind} no longer silenced`);
  });
  return h(
    'li',
    { 'data-silence': s.kind },
    badge(s.kind, 'muted'),
    ` until ${time(s.until)} by ${s.by ?? '?'}`,
    s.reason ? `: ${s.reason}` : '',
    ' ',
    lift,
    ' ',
    outcomeLine(key),
  );
}
