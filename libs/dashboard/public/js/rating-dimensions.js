// Seed 003's five feedback dimensions (docs/feedback.md): beside the good/bad verdict, a 1–5
// choice for each, every one optional; only the ones chosen are sent.
import { h } from './dom.js';

export const DIMENSIONS = ['relevance', 'accuracy', 'helpfulness', 'creativity', 'overall'];

/**
 * A row of selects, one per dimension ("—" = not rated). What is chosen is kept in `drafts`
 * under `key`, since the panel is rebuilt on every live update and the choice must survive it.
 * `values()` is `{ dimension: 1–5 }` for the chosen ones, or undefined when none is.
 */
export function dimensionPicker(drafts, key) {
  const chosen = { ...(drafts.get(key) ?? {}) };
  const selects = DIMENSIONS.map((dimension) => {
    const select = h(
      'select',
      { name: dimension, 'aria-label': dimension, 'data-dimension': dimension },
      h('option', { value: '' }, '—'),
      [1, 2, 3, 4, 5].map((n) => h('option', { value: String(n) }, String(n))),
    );
    select.value = chosen[dimension] ? String(chosen[dimension]) : '';
    select.addEventListener('change', () => {
      if (select.value) chosen[dimension] = Number(select.value);
      else delete chosen[dimension];
      drafts.set(key, { ...chosen });
    });
    return h('label', { class: 'dimension' }, dimension, ' ', select);
  });
  return {
    node: h('div', { class: 'rate-dimensions' }, selects),
    values: () => (Object.keys(chosen).length ? Object.fromEntries(DIMENSIONS.filter((d) => chosen[d]).map((d) => [d, chosen[d]])) : undefined),
  };
}

/** " (relevance 5, creativity 2)" for the dimensions sent, "" for none: said after "rated good". */
export function dimensionsText(dimensions) {
  if (!dimensions) return '';
  return ` (${Object.entries(dimensions).map(([d, n]) => `${d} ${n}`).join(', ')})`;
}
