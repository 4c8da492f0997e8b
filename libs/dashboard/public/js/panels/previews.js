// Inference previews: prompt, golden answer and the model's output for a few validation
// examples of the newest evaluated checkpoint, with the <think> reasoning shown apart; each
// answer can be rated good or bad, with a correction and seed 003's five dimensions (docs/feedback.md).
import { getJson } from '../api.js';
import { badge, h } from '../dom.js';
import { showResult } from '../panel.js';
import { thinkSegments } from '../think.js';
import { correctionOutcome } from '../correction-outcome.js';
import { dimensionPicker, dimensionsText } from '../rating-dimensions.js';
import { apiToken, postWithToken, setApiToken } from '../token.js';
import { redrawTokenControls, tokenControl } from '../token-control.js';

const RATE_ROUTE = '/api/monitor/training/rate';
const STATS_ROUTE = '/api/monitor/training/stats';
// What was typed in a correction box and what each rating answered, by checkpoint and
// example: the panel is rebuilt on every live update, and neither may be lost to it.
const drafts = new Map();
const dimensionDrafts = new Map();
const outcomes = new Map();

export const previewsPanel = {
  name: 'previews',
  refreshOn: ['testing', 'model_comparison', 'regression', 'confidence'],
  async refresh(section) {
    const params = new URLSearchParams({ count: document.getElementById('preview-count')?.value || '5' });
    const difficulty = document.getElementById('preview-difficulty')?.value;
    if (difficulty) params.set('difficulty', difficulty);
    const [previews, stats] = await Promise.all([getJson(`/api/previews?${params}`), getJson(STATS_ROUTE)]);
    showResult(section, previews, (body, data) => render(body, data, stats));
  },
  /** The controls re-fetch the panel when changed. */
  bind(section, refresh) {
    for (const id of ['preview-count', 'preview-difficulty']) document.getElementById(id)?.addEventListener('change', () => refresh(section));
  },
};

function render(body, data, stats) {
  const previews = Array.isArray(data.previews) ? data.previews : [];
  body.append(
    h('p', { class: 'headline' }, 'checkpoint ', h('strong', { 'data-field': 'checkpoint' }, data.checkpoint ?? '—'), data.step !== null && data.step !== undefined ? ` (step ${data.step})` : ''),
    h('div', { class: 'feedback-bar' }, h('span', { class: 'feedback-stats', 'data-field': 'feedback_stats' }, statsText(stats)), tokenControl('rate')),
  );
  if (previews.length === 0) {
    body.append(h('p', { class: 'why' }, 'no example matches this filter'));
    return;
  }
  body.append(h('div', { class: 'previews' }, previews.map((preview) => card(preview, data.checkpoint))));
}

function card(preview, checkpoint) {
  const t = preview.think ?? {};
  const thinkNote = !t.present ? 'no think block' : t.closed ? `think: ${t.length} chars` : `think not closed (${t.length} chars): no answer`;
  return h(
    'article',
    { class: `preview ${preview.correct ? 'correct' : 'wrong'}`, 'data-example': preview.id },
    h(
      'header',
      {},
      preview.correct ? badge('correct', 'ok') : badge('wrong', 'bad'),
      badge(preview.difficulty ?? '?', 'muted'),
      badge(preview.skill ?? '?', 'muted'),
      badge(thinkNote, t.present && !t.closed ? 'warn' : 'muted'),
      h('span', { class: 'example-id' }, preview.id),
    ),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'prompt'), textOrGone(preview.prompt, 'prompt')),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'golden'), textOrGone(preview.golden, 'golden')),
    h('div', { class: 'field' }, h('span', { class: 'label' }, 'model output'), output(preview.output)),
    typeof checkpoint === 'string' ? rater(checkpoint, preview) : null,
  );
}

function statsText(result) {
  if (result.state !== 'ok') return `ratings: unavailable (${result.message})`;
  const s = result.data;
  return `ratings: ${s.total} (${s.good} good, ${s.bad} bad, ${s.with_correction} with a correction)`;
}

/** Good and bad buttons, a correction box and the five dimensions; a bad rating sends the box's text as the correction. */
function rater(checkpoint, preview) {
  const key = `${checkpoint}|${preview.id}`;
  const correction = h('textarea', { class: 'correction', rows: 2, 'aria-label': 'correction', placeholder: 'correction: what the answer should be (sent with bad)' });
  correction.value = drafts.get(key) ?? '';
  correction.addEventListener('input', () => drafts.set(key, correction.value));
  const dimensions = dimensionPicker(dimensionDrafts, key);
  const good = h('button', { type: 'button', class: 'rate-good' }, 'good');
  const bad = h('button', { type: 'button', class: 'rate-bad' }, 'bad');
  const result = h('span', { class: 'rate-result', 'data-field': 'rate_result' });
  const show = (outcome) => {
    result.dataset.state = outcome?.state ?? 'none';
    result.textContent = outcome?.text ?? '';
  };
  show(outcomes.get(key));

  async function send(verdict) {
    const section = result.closest('[data-panel]');
    if (!apiToken()) {
      show({ state: 'needs-token', text: 'a token is needed to rate: enter the API token above' });
      section?.querySelector('input[name="api-token"]')?.focus();
      return;
    }
    const text = correction.value.trim();
    const given = dimensions.values();
    const body = { source: 'preview', checkpoint, example_id: preview.id, rating: verdict, ...(verdict === 'bad' && text ? { correction: text } : {}), ...(given ? { dimensions: given } : {}) };
    good.disabled = bad.disabled = true;
    show({ state: 'sending', text: 'sending…' });
    const answer = await postWithToken(RATE_ROUTE, body);
    good.disabled = bad.disabled = false;
    let outcome;
    if (answer.state === 'ok') {
      outcome = { state: 'ok', text: `rated ${verdict}${dimensionsText(given)}${correctionOutcome(answer.data)}` };
    } else if (answer.state === 'unauthorized') {
      setApiToken('');
      redrawTokenControls();
      outcome = { state: 'error', text: `the API refused the token (${answer.message}): enter it again` };
    } else {
      outcome = { state: 'error', text: answer.message };
    }
    outcomes.set(key, outcome);
    show(outcome);
    if (answer.state === 'ok') {
      const stats = section?.querySelector('[data-field="feedback_stats"]');
      if (stats) stats.textContent = statsText(await getJson(STATS_ROUTE));
    }
  }
  good.addEventListener('click', () => void send('good'));
  bad.addEventListener('click', () => void send('bad'));
  return h('div', { class: 'rate' }, correction, dimensions.node, h('div', { class: 'rate-buttons' }, h('span', { class: 'label' }, 'rate'), good, bad, result));
}

/** The API gives null when the example is no longer in the validation set. */
function textOrGone(text, kind) {
  return typeof text === 'string' ? h('pre', { class: kind }, text) : h('p', { class: 'why' }, 'the example is no longer in the validation set');
}

function output(text) {
  return h(
    'pre',
    { class: 'output' },
    thinkSegments(text).map((segment) =>
      segment.kind === 'text' ? segment.text : h('span', { class: segment.kind === 'tag' ? 'think-tag' : 'think' }, segment.text),
    ),
  );
}
