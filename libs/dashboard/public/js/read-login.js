// When the API has a read token (api.readToken), every read answers 401 until this browser has
// a read session: one form above the panels takes the token, POSTs it to /api/session (which
// sets an HttpOnly cookie the fetches and the EventSource then carry), and reloads. The token
// itself is not kept by the page.
import { h } from './dom.js';

let shown = false;

export function askForReadToken() {
  if (shown) return;
  shown = true;
  const input = h('input', { type: 'password', name: 'read-token', autocomplete: 'off', placeholder: 'FLYWHEEL_API_READ_TOKEN', 'aria-label': 'API read token' });
  const note = h('span', { class: 'read-login-note' });
  const form = h('form', { class: 'read-login' }, h('label', {}, 'This API needs its read token to show the run: ', input), h('button', { type: 'submit' }, 'open'), note);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    let response;
    try {
      response = await fetch('/api/session', { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, cache: 'no-store' });
    } catch (error) {
      note.textContent = ` cannot reach the API: ${error.message}`;
      return;
    }
    if (response.ok) location.reload();
    else note.textContent = response.status === 401 ? ' that token was refused' : ` the API answered ${response.status}`;
  });
  document.body.prepend(form);
}
