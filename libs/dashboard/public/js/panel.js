// What every panel shares: its section element (`data-panel="<name>"`), a body that is
// rebuilt on each refresh, and a `data-state` that says what the body shows:
// `loading`, `ok`, `empty` ("no data yet": the source answered 404) or `error`.
import { h } from './dom.js';

const cleanups = new WeakMap();

/** Registers something to tear down when the panel is next rebuilt (a chart, an observer). */
export function onRebuild(section, cleanup) {
  const list = cleanups.get(section) ?? [];
  list.push(cleanup);
  cleanups.set(section, list);
}

/** Clears the panel body, sets its state and lets `build` fill the (attached) body. */
export function renderInto(section, state, build) {
  for (const cleanup of cleanups.get(section) ?? []) cleanup();
  cleanups.delete(section);
  section.dataset.state = state;
  section.dataset.updated = new Date().toISOString();
  const body = section.querySelector('.panel-body');
  body.replaceChildren();
  build(body);
}

/** "no data yet", and why (the API's message names the file that is missing). */
export function emptyState(message) {
  return h('div', { class: 'empty' }, h('strong', {}, 'no data yet'), message ? h('span', { class: 'why' }, message) : null);
}

export function errorState(message) {
  return h('div', { class: 'error' }, h('strong', {}, 'error'), h('span', { class: 'why' }, message));
}

/** Shows one fetched source: `build(body, data)` when it answered, else the empty or error state. */
export function showResult(section, result, build) {
  if (result.state === 'ok') renderInto(section, 'ok', (body) => build(body, result.data));
  else if (result.state === 'missing') renderInto(section, 'empty', (body) => body.append(emptyState(result.message)));
  else renderInto(section, 'error', (body) => body.append(errorState(result.message)));
}

/**
 * A panel's state from several sources: ok when any answered, error when one failed and none
 * answered, empty when all are missing.
 */
export function combinedState(results) {
  if (results.some((r) => r.state === 'ok')) return 'ok';
  if (results.some((r) => r.state === 'error')) return 'error';
  return 'empty';
}

/** The body of one source inside a multi-source panel: its data, or why there is none. */
export function partOf(result, build) {
  if (result.state === 'ok') return build(result.data);
  return result.state === 'missing' ? emptyState(result.message) : errorState(result.message);
}

/**
 * True while someone is typing in one of the panel's fields: a rebuild now would take the
 * field from under their cursor. The panel is then rebuilt once the focus leaves it.
 */
export function deferWhileEditing(section, refresh) {
  const active = document.activeElement;
  if (!active || !section.contains(active) || !['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName)) return false;
  if (section.dataset.deferred === 'yes') return true;
  section.dataset.deferred = 'yes';
  const leave = () => {
    // Focus may move to another field of the same panel: look where it went once it has moved.
    setTimeout(() => {
      if (section.contains(document.activeElement) && ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)) return;
      section.removeEventListener('focusout', leave);
      delete section.dataset.deferred;
      refresh();
    }, 0);
  };
  section.addEventListener('focusout', leave);
  return true;
}
