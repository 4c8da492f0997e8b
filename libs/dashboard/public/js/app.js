// The dashboard's entry point: renders every panel, then keeps them current from the API's
// Server-Sent Events (no reload), polling only what has no status events (GPUs, heartbeats).
import { h } from './dom.js';
import { time } from './format.js';
import { connectLive } from './live.js';
import { errorState, renderInto } from './panel.js';
import { PANELS, panelsFor } from './panels/index.js';
import { bindReportExport } from './report-export.js';

// While the event stream is down, everything is re-fetched this often instead.
const FALLBACK_POLL_MS = 15_000;

const sectionOf = new Map();
const inFlight = new Set();
const again = new Set();

/** Re-fetches one panel; a request while one is in flight runs once more after it, never twice at once. */
async function refresh(panel) {
  const section = sectionOf.get(panel.name);
  if (!section) return;
  if (inFlight.has(panel.name)) {
    again.add(panel.name);
    return;
  }
  inFlight.add(panel.name);
  try {
    await panel.refresh(section);
  } catch (error) {
    renderInto(section, 'error', (body) => body.append(errorState(`this panel failed to render: ${error.message}`)));
  } finally {
    inFlight.delete(panel.name);
    if (again.delete(panel.name)) void refresh(panel);
  }
}

const refreshAll = () => PANELS.forEach((panel) => void refresh(panel));

function flash(section) {
  section.classList.remove('flash');
  // Reading layout restarts the CSS animation.
  void section.offsetWidth;
  section.classList.add('flash');
}

function setConnection(state) {
  const indicator = document.getElementById('connection');
  indicator.dataset.state = state;
  indicator.textContent = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', offline: 'offline: retrying' }[state] ?? state;
  document.body.dataset.connection = state;
}

function start() {
  const reportForm = document.getElementById('report-export');
  if (reportForm) bindReportExport(reportForm);
  for (const panel of PANELS) {
    const section = document.querySelector(`[data-panel="${panel.name}"]`);
    if (!section) continue;
    sectionOf.set(panel.name, section);
    renderInto(section, 'loading', (body) => body.append(h('p', { class: 'loading' }, 'loading…')));
    panel.bind?.(section, () => refresh(panel));
    if (panel.pollSeconds) setInterval(() => void refresh(panel), panel.pollSeconds * 1000);
  }
  refreshAll();

  const lastEvent = h('span', { id: 'last-event', class: 'last-event' });
  document.querySelector('header.top').append(lastEvent);
  connectLive({
    onState: setConnection,
    onHello: ({ run }) => {
      if (typeof run === 'string') document.getElementById('run-name').textContent = run;
      // Events may have been missed while disconnected.
      refreshAll();
    },
    onStatus: ({ id, last_update }) => {
      lastEvent.textContent = `last update: ${id} at ${time(last_update)}`;
      for (const panel of panelsFor(id)) {
        void refresh(panel);
        if (panel.lookAgainMs) setTimeout(() => void refresh(panel), panel.lookAgainMs);
        const section = sectionOf.get(panel.name);
        if (section) flash(section);
      }
    },
  });
  setInterval(() => {
    if (document.body.dataset.connection !== 'live') refreshAll();
  }, FALLBACK_POLL_MS);
}

start();
