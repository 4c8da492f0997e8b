// GPU memory, utilisation and temperature from nvidia-smi on the API's host (polled: no
// daemon writes a status for it).
import { getJson } from '../api.js';
import { badge, h } from '../dom.js';
import { showResult } from '../panel.js';

export const gpuPanel = {
  name: 'gpu',
  refreshOn: [],
  pollSeconds: 5,
  async refresh(section) {
    showResult(section, await getJson('/api/gpu'), render);
  },
};

function render(body, data) {
  if (!data.available) {
    body.append(h('p', { class: 'headline' }, badge('unavailable', 'warn', { 'data-field': 'available' })), h('p', { class: 'why', 'data-field': 'reason' }, data.reason ?? 'no reason given'));
    return;
  }
  const gpus = Array.isArray(data.gpus) ? data.gpus : [];
  if (gpus.length === 0) {
    body.append(h('p', { class: 'why' }, 'nvidia-smi listed no GPU'));
    return;
  }
  body.append(h('div', { class: 'gpus' }, gpus.map(gpu)));
}

function gpu(g) {
  const used = g.memory_used_mb;
  const total = g.memory_total_mb;
  const memShare = typeof used === 'number' && typeof total === 'number' && total > 0 ? used / total : null;
  const temp = g.temperature_c;
  return h(
    'div',
    { class: 'gpu', 'data-gpu': g.index },
    h('div', { class: 'gpu-name' }, `GPU ${g.index}`, ' ', h('span', { class: 'muted' }, g.name ?? '')),
    meter('memory', memShare, memShare === null ? '—' : `${(used / 1024).toFixed(1)} / ${(total / 1024).toFixed(1)} GiB`),
    meter('utilisation', typeof g.utilization_pct === 'number' ? g.utilization_pct / 100 : null, typeof g.utilization_pct === 'number' ? `${g.utilization_pct}%` : '—'),
    h('div', { class: 'gpu-temp' }, 'temperature ', typeof temp === 'number' ? badge(`${temp} °C`, temp >= 85 ? 'bad' : temp >= 75 ? 'warn' : 'ok') : '—'),
  );
}

function meter(label, share, text) {
  return h(
    'div',
    { class: 'meter' },
    h('span', { class: 'meter-label' }, label),
    h('meter', { min: 0, max: 1, low: 0.8, high: 0.95, optimum: 0.5, value: share ?? 0 }),
    h('span', { class: 'meter-text' }, text),
  );
}
