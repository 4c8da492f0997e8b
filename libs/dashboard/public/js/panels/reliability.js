// Reliability diagram from confidence-calibrator's confidence_calibration.json: for each
// confidence bin, how often the model was right. A calibrated model's bars follow the diagonal.
import { getJson } from '../api.js';
import { badge, facts, h, s } from '../dom.js';
import { count, fixed } from '../format.js';
import { showResult } from '../panel.js';

export const reliabilityPanel = {
  name: 'reliability',
  refreshOn: ['confidence'],
  async refresh(section) {
    showResult(section, await getJson('/api/confidence'), render);
  },
};

const SIZE = 300;
const PAD = { left: 44, right: 12, top: 14, bottom: 38 };
const W = SIZE - PAD.left - PAD.right;
const H = SIZE - PAD.top - PAD.bottom;
const x = (v) => PAD.left + v * W;
const y = (v) => PAD.top + (1 - v) * H;

/** "0.0-0.2" → [0, 0.2], or null. */
export function binBounds(range) {
  const m = /^(\d(?:\.\d+)?)-(\d(?:\.\d+)?)$/.exec(range ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function render(body, data) {
  const bins = Array.isArray(data.bins) ? data.bins : [];
  body.append(
    h(
      'p',
      { class: 'headline' },
      'ECE ',
      h('strong', { 'data-field': 'ece' }, fixed(data.ece)),
      ' ',
      data.well_calibrated ? badge('well calibrated', 'ok') : badge('not calibrated', 'warn'),
    ),
  );
  if (typeof data.unsupported === 'string') body.append(h('p', { class: 'why' }, `no confidences: ${data.unsupported}`));
  body.append(
    h(
      'div',
      { class: 'reliability' },
      diagram(bins),
      facts([
        ['checkpoint', data.checkpoint ?? undefined],
        ['examples', data.examples !== undefined ? count(data.examples) : undefined],
        ['Brier score', data.brier !== undefined ? fixed(data.brier) : undefined],
        ['ECE threshold', data.ece_threshold !== undefined ? fixed(data.ece_threshold, 2) : undefined],
        ['temperature', data.temperature !== undefined ? fixed(data.temperature, 2) : undefined],
      ]),
    ),
  );
}

function diagram(bins) {
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const parts = [
    s('rect', { x: PAD.left, y: PAD.top, width: W, height: H, class: 'frame' }),
    ticks.map((t) => [
      s('line', { x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 4, class: 'tick' }),
      s('text', { x: x(t), y: y(0) + 16, 'text-anchor': 'middle', class: 'axis-text' }, t.toFixed(1)),
      s('line', { x1: x(0) - 4, x2: x(0), y1: y(t), y2: y(t), class: 'tick' }),
      s('text', { x: x(0) - 7, y: y(t) + 4, 'text-anchor': 'end', class: 'axis-text' }, t.toFixed(1)),
    ]),
    s('text', { x: x(0.5), y: SIZE - 4, 'text-anchor': 'middle', class: 'axis-label' }, 'confidence'),
    s('text', { x: 12, y: y(0.5), 'text-anchor': 'middle', class: 'axis-label', transform: `rotate(-90 12 ${y(0.5)})` }, 'accuracy'),
  ];
  for (const bin of bins) {
    const bounds = binBounds(bin.range);
    if (!bounds || typeof bin.accuracy !== 'number') continue;
    const [lo, hi] = bounds;
    // A bin where the model was never right still gets a sliver, so it reads as 0, not as absent.
    parts.push(
      s(
        'rect',
        { class: 'bin', x: x(lo) + 2, width: Math.max(1, x(hi) - x(lo) - 4), y: Math.min(y(bin.accuracy), y(0) - 1.5), height: Math.max(1.5, y(0) - y(bin.accuracy)), 'data-range': bin.range, 'data-accuracy': bin.accuracy },
        s('title', {}, `${bin.range}: accuracy ${fixed(bin.accuracy)} over ${bin.count} examples`),
      ),
      s('text', { x: (x(lo) + x(hi)) / 2, y: Math.max(PAD.top + 10, y(bin.accuracy) - 4), 'text-anchor': 'middle', class: 'bin-count' }, `n=${bin.count}`),
    );
    if (typeof bin.mean_confidence === 'number') {
      parts.push(s('circle', { class: 'mean-confidence', cx: x(bin.mean_confidence), cy: y(bin.accuracy), r: 3.5 }, s('title', {}, `mean confidence ${fixed(bin.mean_confidence)}`)));
    }
  }
  // Drawn last so the ideal line stays visible over the bars.
  parts.push(s('line', { x1: x(0), y1: y(0), x2: x(1), y2: y(1), class: 'diagonal' }));
  return s('svg', { viewBox: `0 0 ${SIZE} ${SIZE}`, class: 'reliability-svg', role: 'img', 'aria-label': 'reliability diagram' }, parts);
}
