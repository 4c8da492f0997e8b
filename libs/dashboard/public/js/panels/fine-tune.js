// Seed 000's fine-tune controls (GET /api/fine-tune, docs/api.md): the auto fine-tune switch
// with who set it and when, "fine-tune now", the requests production-monitor has not run yet,
// and what the last manual and automatic runs did. Both buttons need the API token.
import { getJson } from '../api.js';
import { badge, facts, h } from '../dom.js';
import { time } from '../format.js';
import { deferWhileEditing, showResult } from '../panel.js';
import { apiToken, postWithToken, setApiToken } from '../token.js';
import { redrawTokenControls, tokenControl, userControl } from '../token-control.js';

// What each button last answered: the panel is rebuilt on every refresh, and the answer must stay.
const outcomes = { switch: null, trigger: null };
let reasonDraft = '';
let refreshPanel = () => undefined;

export const fineTunePanel = {
  name: 'fine-tune',
  refreshOn: ['llm_health'],
  pollSeconds: 15,
  async refresh(section) {
    if (deferWhileEditing(section, () => refreshPanel())) return;
    const result = await getJson('/api/fine-tune');
    if (!deferWhileEditing(section, () => refreshPanel())) showResult(section, result, render);
  },
  bind(_section, refresh) {
    refreshPanel = refresh;
  },
};

function render(body, d) {
  body.append(
    h('div', { class: 'feedback-bar' }, userControl(), tokenControl('fine-tune')),
    h(
      'div',
      { class: 'fine-tune-controls' },
      h('div', { class: 'fine-tune-part', 'data-part': 'switch' }, h('h3', {}, 'auto fine-tune'), autoSwitch(d)),
      h('div', { class: 'fine-tune-part', 'data-part': 'trigger' }, h('h3', {}, 'fine-tune now'), trigger(d.pending)),
      h('div', { class: 'fine-tune-part', 'data-part': 'manual-last' }, h('h3', {}, 'last manual run'), manualLast(d.manual_last)),
      h('div', { class: 'fine-tune-part', 'data-part': 'auto-last' }, h('h3', {}, 'last automatic firing'), autoLast(d.last)),
    ),
  );
  // What the API could not read (a switch value it cannot parse, no Redis, an unusable llm_health.json).
  if (Array.isArray(d.problems) && d.problems.length) {
    body.append(h('ul', { class: 'problems', 'data-field': 'problems' }, d.problems.map((p) => h('li', {}, badge('problem', 'bad'), ` ${p}`))));
  }
}

const onOff = (value) => (value === true ? 'on' : value === false ? 'off' : 'unknown');

/** An outcome line: `ok`, `error` or `refused` (a 401), with the text to show. */
function outcomeLine(field, outcome) {
  return h('span', { class: 'action-result', 'data-field': field, 'data-state': outcome?.state ?? 'none' }, outcome?.text ?? '');
}

/** What a refused or failed request says; a refused token is forgotten, so every panel asks again. */
function failure(answer) {
  if (answer.state !== 'unauthorized') return { state: 'error', text: answer.message };
  const hadToken = Boolean(apiToken());
  setApiToken('');
  redrawTokenControls();
  return { state: 'refused', text: `refused by the API (401): ${answer.message}. ${hadToken ? 'Enter the token again' : 'Enter the API token'} above.` };
}

function autoSwitch(d) {
  const on = d.effective_auto_fine_tune;
  const button = h(
    'button',
    { type: 'button', role: 'switch', class: `switch ${on ? 'on' : 'off'}`, 'aria-checked': on === null ? 'mixed' : String(on), 'data-field': 'auto_switch', 'aria-label': 'auto fine-tune' },
    h('span', { class: 'knob' }),
    onOff(on),
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    const answer = await postWithToken('/api/fine-tune/auto', { enabled: on !== true });
    outcomes.switch = answer.state === 'ok' ? { state: 'ok', text: `switched ${onOff(answer.data?.control?.auto_fine_tune)}` } : failure(answer);
    button.disabled = false;
    refreshPanel();
  });
  const c = d.control;
  const config = d.config_auto_fine_tune;
  return h(
    'div',
    {},
    h('p', { class: 'switch-line' }, button, ' ', outcomeLine('switch_result', outcomes.switch)),
    c
      ? h(
          'p',
          { class: 'why', 'data-field': 'control_set' },
          'set ',
          h('strong', {}, onOff(c.auto_fine_tune)),
          ' by ',
          h('strong', { 'data-field': 'control_by' }, c.changed_by),
          ' at ',
          h('span', { 'data-field': 'control_at' }, time(c.changed_at)),
          config === null ? '; it overrides the config' : `; it overrides the config's ${onOff(config)}`,
        )
      : h('p', { class: 'why', 'data-field': 'control_set' }, config === null ? 'never set here; the monitor has not reported its configured value yet' : `never set here: the config's value (${onOff(config)}) holds`),
  );
}

function trigger(pending) {
  const reason = h('input', { type: 'text', name: 'fine-tune-reason', placeholder: 'reason (optional)', 'aria-label': 'reason', size: 28 });
  reason.value = reasonDraft;
  reason.addEventListener('input', () => (reasonDraft = reason.value));
  const button = h('button', { type: 'button', class: 'fine-tune-now', 'data-field': 'fine_tune_now' }, 'Fine-tune now');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const text = reason.value.trim();
    const answer = await postWithToken('/api/fine-tune/trigger', text ? { reason: text } : {});
    if (answer.state === 'ok') {
      reasonDraft = '';
      outcomes.trigger = { state: 'ok', text: `requested (${answer.data?.id ?? '?'}): production-monitor runs it on its next pass` };
    } else {
      outcomes.trigger = failure(answer);
    }
    button.disabled = false;
    refreshPanel();
  });
  const waiting = Array.isArray(pending) ? pending : [];
  return h(
    'div',
    {},
    h('p', { class: 'switch-line' }, reason, ' ', button),
    h('p', {}, outcomeLine('trigger_result', outcomes.trigger)),
    waiting.length
      ? h(
          'ul',
          { class: 'pending', 'data-field': 'pending' },
          waiting.map((r) => h('li', { 'data-request': r.id }, badge('waiting', 'warn'), ` ${r.requested_by} at ${time(r.requested_at)}`, r.reason ? `: ${r.reason}` : '')),
        )
      : h('p', { class: 'why', 'data-field': 'pending' }, 'no request waiting'),
  );
}

function exitBadge(command, exitCode) {
  if (!command) return badge('no command run', 'muted', { 'data-field': 'exit' });
  if (exitCode === 0) return badge('exit 0', 'ok', { 'data-field': 'exit' });
  return badge(exitCode === null || exitCode === undefined ? 'no exit code' : `exit ${exitCode}`, 'bad', { 'data-field': 'exit' });
}

function manualLast(m) {
  if (!m) return h('p', { class: 'why', 'data-field': 'manual_last' }, 'none yet');
  return h(
    'div',
    { 'data-field': 'manual_last' },
    facts([
      ['requested by', h('span', { 'data-field': 'manual_by' }, m.requested_by)],
      ['requested at', time(m.requested_at)],
      ['ran at', h('span', { 'data-field': 'manual_ran_at' }, time(m.ran_at))],
      ['reason', m.reason ?? '—'],
      ['command', h('span', { class: 'mono', 'data-field': 'manual_command' }, Array.isArray(m.command) ? m.command.join(' ') : '—')],
      ['result', exitBadge(m.command, m.exit_code)],
    ]),
    m.output_tail ? h('pre', { class: 'output-tail', 'data-field': 'manual_output' }, m.output_tail) : null,
  );
}

function autoLast(l) {
  if (!l) return h('p', { class: 'why', 'data-field': 'auto_last' }, 'never fired');
  return h(
    'div',
    { 'data-field': 'auto_last' },
    facts([
      ['at', time(l.at)],
      ['level', l.level],
      ['method', l.method],
      ['weak skills', Array.isArray(l.weak_skills) && l.weak_skills.length ? l.weak_skills.join(', ') : '—'],
      ['result', exitBadge(l.command, l.exit_code)],
    ]),
  );
}
