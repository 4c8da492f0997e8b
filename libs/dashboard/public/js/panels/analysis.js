// The alert analyst's explanations as they are generated (docs/alert-analyst.md): each
// analysis shows its tokens as they arrive over SSE, then can be rated good or bad with a
// correction and seed 003's five dimensions, so the analyses become training data (POST /api/monitor/training/rate).
import { connectAnalysisStream } from '../analysis-stream.js';
import { badge, h } from '../dom.js';
import { time } from '../format.js';
import { renderInto } from '../panel.js';
import { correctionOutcome } from '../correction-outcome.js';
import { dimensionPicker, dimensionsText } from '../rating-dimensions.js';
import { apiToken, postWithToken, setApiToken } from '../token.js';
import { redrawTokenControls, tokenControl } from '../token-control.js';

const STREAM = '/api/alerts/analysis/stream';
const RATE_ROUTE = '/api/monitor/training/rate';
/** Analyses kept on the page, newest first. */
const KEEP = 10;
const STATUS_TONE = { streaming: 'warn', complete: 'ok', unavailable: 'bad' };

/** analysis id → {id, alerts, model, at, attempt, tokens: string[], status, error, retry_at} */
const analyses = new Map();
const drafts = new Map();
const dimensionDrafts = new Map();
const outcomes = new Map();
const stream = { state: 'connecting', message: '' };
let panelSection = null;

export const analysisPanel = {
  name: 'analysis',
  refreshOn: [],
  async refresh(section) {
    renderAll(section);
  },
  bind(section) {
    panelSection = section;
    connectAnalysisStream(STREAM, {
      onState(state, message) {
        stream.state = state;
        stream.message = message ?? '';
        // Only a change between "there" and "not there" needs the whole panel; the rest is the badge.
        const shown = section.dataset.state;
        if ((state === 'unavailable') !== (shown === 'empty') || shown === 'loading') renderAll(section);
        else updateStreamBadge(section);
      },
      onEvent,
    });
  },
};

function entry(id) {
  let a = analyses.get(id);
  if (!a) {
    a = { id, alerts: [], model: null, at: null, attempt: null, tokens: [], status: 'streaming', error: null, retry_at: null };
    analyses.set(id, a);
    // Oldest out first (Map keeps insertion order).
    while (analyses.size > KEEP) analyses.delete(analyses.keys().next().value);
  }
  return a;
}

function onEvent(kind, data) {
  const a = entry(data.analysis_id);
  if (kind === 'analysis.start') {
    // A retry starts over: its tokens replace the failed try's.
    Object.assign(a, { alerts: Array.isArray(data.alerts) ? data.alerts : [], model: data.model ?? null, at: data.at ?? null, attempt: data.attempt ?? null, tokens: [], status: 'streaming', error: null, retry_at: null });
  } else if (kind === 'token') {
    // By index: an event delivered twice (a resumed stream) lands in the same place.
    if (Number.isInteger(data.index) && data.index >= 0 && typeof data.text === 'string') a.tokens[data.index] = data.text;
  } else if (kind === 'analysis.end') {
    Object.assign(a, { status: data.status === 'complete' ? 'complete' : 'unavailable', error: data.error ?? null, retry_at: data.retry_at ?? null });
  }
  if (!panelSection) return;
  const card = panelSection.querySelector(`[data-analysis="${CSS.escape(a.id)}"]`);
  if (card && kind === 'token') {
    card.querySelector('[data-field="analysis_text"]').textContent = a.tokens.join('');
    card.dataset.tokens = String(a.tokens.filter((t) => t !== undefined).length);
  } else {
    renderAll(panelSection);
  }
}

const STREAM_WORDS = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', unavailable: 'not available' };

function streamBadge() {
  return badge(STREAM_WORDS[stream.state] ?? stream.state, stream.state === 'live' ? 'ok' : stream.state === 'unavailable' ? 'bad' : 'warn', { 'data-field': 'stream_state', 'data-stream': stream.state });
}

function updateStreamBadge(section) {
  section.querySelector('[data-field="stream_state"]')?.replaceWith(streamBadge());
}

function renderAll(section) {
  if (stream.state === 'unavailable' && analyses.size === 0) {
    renderInto(section, 'empty', (body) =>
      body.append(
        h(
          'div',
          { class: 'empty', 'data-field': 'analysis_unavailable' },
          h('strong', {}, 'not available'),
          h('span', { class: 'why' }, `${stream.message}: the alert analyst's live stream is not served here (trying again every 15 s)`),
        ),
      ),
    );
    return;
  }
  renderInto(section, 'ok', (body) => {
    body.append(h('div', { class: 'feedback-bar' }, h('span', {}, 'stream ', streamBadge()), tokenControl('rate')));
    const list = [...analyses.values()].reverse();
    if (list.length === 0) {
      body.append(h('p', { class: 'why', 'data-field': 'no_analysis' }, 'no analysis yet: one starts when alerts arrive'));
      return;
    }
    body.append(h('div', { class: 'analyses' }, list.map(card)));
  });
}

function card(a) {
  return h(
    'article',
    { class: `analysis ${a.status}`, 'data-analysis': a.id, 'data-status': a.status, 'data-tokens': String(a.tokens.filter((t) => t !== undefined).length) },
    h(
      'header',
      {},
      badge(a.status, STATUS_TONE[a.status] ?? 'muted', { 'data-field': 'analysis_status' }),
      a.model ? badge(a.model, 'muted') : null,
      h('span', { class: 'note' }, `${a.alerts.length} alert${a.alerts.length === 1 ? '' : 's'}${a.at ? ` · ${time(a.at)}` : ''}${a.attempt > 1 ? ` · try ${a.attempt}` : ''}`),
      h('span', { class: 'example-id' }, a.id),
    ),
    h('pre', { class: 'analysis-text', 'data-field': 'analysis_text' }, a.tokens.join('')),
    a.status === 'unavailable'
      ? h('p', { class: 'why', 'data-field': 'analysis_error' }, `the model backend was unavailable${a.error ? ` (${a.error})` : ''}${a.retry_at ? `; next try ${time(a.retry_at)}` : ''}; the alerts are kept`)
      : null,
    a.status === 'complete' ? rater(a.id) : null,
  );
}

function rater(id) {
  const correction = h('textarea', { class: 'correction', rows: 2, 'aria-label': 'correction', placeholder: 'correction: what the analysis should have said (sent with bad)' });
  correction.value = drafts.get(id) ?? '';
  correction.addEventListener('input', () => drafts.set(id, correction.value));
  const dimensions = dimensionPicker(dimensionDrafts, id);
  const good = h('button', { type: 'button', class: 'rate-good' }, 'Good');
  const bad = h('button', { type: 'button', class: 'rate-bad' }, 'Bad');
  const result = h('span', { class: 'rate-result', 'data-field': 'rate_result', 'data-state': outcomes.get(id)?.state ?? 'none' }, outcomes.get(id)?.text ?? '');
  async function send(rating) {
    const text = correction.value.trim();
    good.disabled = bad.disabled = true;
    const given = dimensions.values();
    const answer = await postWithToken(RATE_ROUTE, { source: 'analysis', analysis_id: id, rating, ...(rating === 'bad' && text ? { correction: text } : {}), ...(given ? { dimensions: given } : {}) });
    good.disabled = bad.disabled = false;
    let outcome;
    if (answer.state === 'ok') {
      outcome = { state: 'ok', text: `rated ${rating}${dimensionsText(given)}${correctionOutcome(answer.data)}` };
    } else if (answer.state === 'unauthorized') {
      const hadToken = Boolean(apiToken());
      setApiToken('');
      redrawTokenControls();
      outcome = { state: 'error', text: `refused by the API (401): ${answer.message}. ${hadToken ? 'Enter the token again' : 'Enter the API token'} above.` };
    } else {
      outcome = { state: 'error', text: answer.message };
    }
    outcomes.set(id, outcome);
    result.dataset.state = outcome.state;
    result.textContent = outcome.text;
  }
  good.addEventListener('click', () => void send('good'));
  bad.addEventListener('click', () => void send('bad'));
  return h('div', { class: 'rate' }, correction, dimensions.node, h('div', { class: 'rate-buttons' }, h('span', { class: 'label' }, 'rate'), good, bad, result));
}
