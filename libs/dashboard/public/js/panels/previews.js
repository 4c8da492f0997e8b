// Inference previews: prompt, golden answer and the model's output for a few validation
// examples of the newest evaluated checkpoint, with the <think> reasoning shown apart.
import { getJson } from '../api.js';
import { badge, h } from '../dom.js';
import { showResult } from '../panel.js';
import { thinkSegments } from '../think.js';

export const previewsPanel = {
  name: 'previews',
  refreshOn: ['testing', 'model_comparison', 'regression', 'confidence'],
  async refresh(section) {
    const params = new URLSearchParams({ count: document.getElementById('preview-count')?.value || '5' });
    const difficulty = document.getElementById('preview-difficulty')?.value;
    if (difficulty) params.set('difficulty', difficulty);
    showResult(section, await getJson(`/api/previews?${params}`), render);
  },
  /** The controls re-fetch the panel when changed. */
  bind(section, refresh) {
    for (const id of ['preview-count', 'preview-difficulty']) document.getElementById(id)?.addEventListener('change', () => refresh(section));
  },
};

function render(body, data) {
  const previews = Array.isArray(data.previews) ? data.previews : [];
  body.append(
    h('p', { class: 'headline' }, 'checkpoint ', h('strong', { 'data-field': 'checkpoint' }, data.checkpoint ?? '—'), data.step !== null && data.step !== undefined ? ` (step ${data.step})` : ''),
  );
  if (previews.length === 0) {
    body.append(h('p', { class: 'why' }, 'no example matches this filter'));
    return;
  }
  body.append(h('div', { class: 'previews' }, previews.map(card)));
}

function card(preview) {
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
  );
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
