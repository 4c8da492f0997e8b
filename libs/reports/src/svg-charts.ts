import type { FlywheelReport, MonitoringLevel } from '@flywheel/contracts';
import { escapeHtml } from './html-escape.js';
import { num, when } from './text-format.js';

// Inline SVG charts for the self-contained HTML: no script, no external file, no font.

export const LEVEL_COLOURS: Record<MonitoringLevel | 'none', string> = {
  EXCELLENT: '#1a7f37',
  HEALTHY: '#4ac26b',
  ATTENTION: '#d4a72c',
  WARNING: '#e16f24',
  CRITICAL: '#cf222e',
  none: '#d0d7de',
};

/** One coloured bar per pass (its level), the health score drawn over them (0 at the bottom, 1 at the top). */
export function timelineChart(report: FlywheelReport): string {
  const points = report.timeline;
  const width = 800;
  const height = 140;
  const top = 10;
  const plot = 100;
  if (points.length === 0) return '';
  const w = width / points.length;
  const bars = points
    .map((p, i) => `<rect x="${(i * w).toFixed(2)}" y="${top}" width="${Math.max(w - 0.5, 0.5).toFixed(2)}" height="${plot}" fill="${LEVEL_COLOURS[p.level ?? 'none']}" data-level="${p.level ?? 'none'}"><title>${escapeHtml(`${when(p.at)}: ${p.level ?? 'not judged'}, score ${num(p.health_score)}`)}</title></rect>`)
    .join('');
  const line = points
    .map((p, i) => (p.health_score === null ? null : `${((i + 0.5) * w).toFixed(2)},${(top + plot * (1 - p.health_score)).toFixed(2)}`))
    .filter((x): x is string => x !== null)
    .join(' ');
  const legend = (Object.keys(LEVEL_COLOURS) as (keyof typeof LEVEL_COLOURS)[])
    .map((level, i) => `<rect x="${i * 130}" y="${top + plot + 14}" width="10" height="10" fill="${LEVEL_COLOURS[level]}"/><text x="${i * 130 + 14}" y="${top + plot + 23}">${level === 'none' ? 'not judged' : level}</text>`)
    .join('');
  return (
    `<svg class="chart" role="img" aria-label="health level per pass" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">` +
    bars +
    (line ? `<polyline points="${line}" fill="none" stroke="#1f2328" stroke-width="2"/>` : '') +
    legend +
    '</svg>' +
    `<p class="axis"><span>${escapeHtml(when(report.window.start))}</span><span>line: health score 0–1</span><span>${escapeHtml(when(report.window.end))}</span></p>`
  );
}

/** A small line chart of one metric's buckets; gaps where a bucket had no data. */
export function sparkline(values: readonly (number | null)[], label: string): string {
  const width = 240;
  const height = 56;
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return `<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><text x="4" y="30">no data</text></svg>`;
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const span = hi - lo || 1;
  const x = (i: number) => (values.length === 1 ? width / 2 : 4 + (i * (width - 8)) / (values.length - 1));
  const y = (v: number) => 4 + (height - 8) * (1 - (v - lo) / span);
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length) segments.push(current.join(' '));
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (current.length) segments.push(current.join(' '));
  const lines = segments
    .map((s) => (s.includes(' ') ? `<polyline points="${s}" fill="none" stroke="#0969da" stroke-width="1.5"/>` : `<circle cx="${s.split(',')[0]}" cy="${s.split(',')[1]}" r="2" fill="#0969da"/>`))
    .join('');
  return `<svg class="spark" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">${lines}</svg>`;
}

/** One sparkline per trended metric, with its word and its range. */
export function trendCharts(report: FlywheelReport): string {
  return (
    '<div class="sparks">' +
    report.trends
      .map((t) => {
        const known = t.buckets.filter((v): v is number => v !== null);
        const range = known.length ? `${num(Math.min(...known))}–${num(Math.max(...known))} ${t.unit}` : 'no data';
        return `<figure data-trend="${escapeHtml(t.metric)}">${sparkline(t.buckets, t.label)}<figcaption><b>${escapeHtml(t.label)}</b> <span class="trend ${t.trend.direction}">${t.trend.direction}</span><br>${escapeHtml(range)}</figcaption></figure>`;
      })
      .join('') +
    '</div>'
  );
}
