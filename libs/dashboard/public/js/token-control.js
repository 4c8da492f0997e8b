// The token field (and the optional name) every panel with a mutating button shows. One
// token per tab: entering or forgetting it in one panel redraws the field in all of them.
import { h } from './dom.js';
import { apiToken, apiUser, setApiToken, setApiUser } from './token.js';

/** Per purpose: the label while asking for the token, and the note once it is set. */
const WORDING = {
  rate: ['API token, to rate answers ', 'rating with the API token '],
  'fine-tune': ['API token, to change fine-tuning ', 'changes with the API token '],
  alerts: ['API token, to acknowledge or silence ', 'changes with the API token '],
};

/** The token field while this tab has no token; "forget token" once it has. */
export function tokenControl(purpose) {
  const [asking, using] = WORDING[purpose] ?? WORDING.rate;
  if (apiToken()) {
    const forget = h('button', { type: 'button', class: 'forget-token' }, 'forget token');
    forget.addEventListener('click', () => {
      setApiToken('');
      redrawTokenControls();
    });
    return h('span', { class: 'token-control', 'data-token': 'set', 'data-purpose': purpose }, using, forget);
  }
  const input = h('input', { type: 'password', name: 'api-token', autocomplete: 'off', placeholder: 'FLYWHEEL_API_TOKEN', 'aria-label': 'API token' });
  const form = h('form', { class: 'token-control', 'data-token': 'none', 'data-purpose': purpose }, h('label', {}, asking, input), h('button', { type: 'submit' }, 'use'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    setApiToken(input.value.trim());
    redrawTokenControls();
  });
  return form;
}

/** Redraws every token control on the page (after the token was set, forgotten or refused). */
export function redrawTokenControls() {
  for (const control of document.querySelectorAll('.token-control')) control.replaceWith(tokenControl(control.dataset.purpose));
}

/** "as <name>": who changes are recorded under (sent as X-Flywheel-User), kept for the tab. */
export function userControl() {
  const input = h('input', { type: 'text', name: 'api-user', autocomplete: 'off', placeholder: 'your name', 'aria-label': 'your name', size: 12 });
  input.value = apiUser();
  input.addEventListener('input', () => {
    setApiUser(input.value);
    for (const other of document.querySelectorAll('input[name="api-user"]')) if (other !== input) other.value = input.value;
  });
  return h('label', { class: 'user-control', title: 'recorded as who made the change; without a name the API records "api-token"' }, 'as ', input);
}
