// Line charts with uPlot, which the API serves from the uplot npm package at /vendor/uplot/
// (loaded by index.html as a classic script: it defines the global `uPlot`).
import { h } from './dom.js';
import { onRebuild } from './panel.js';

const AXIS = { stroke: '#9aa4b2', grid: { stroke: '#2a3140', width: 1 }, ticks: { stroke: '#2a3140', width: 1 } };

/**
 * Draws a line chart into `target` (already in the page, so it has a width) and tears it down
 * when the panel is rebuilt.
 * @param {object} chart
 * @param {string} chart.xLabel
 * @param {{label: string, color: string}[]} chart.series
 * @param {(number|null)[][]} chart.data `[xs, ys1, ys2, …]`, nulls for gaps
 * @param {(v: number) => string} [chart.format] how y values read (axis and legend)
 * @param {[number, number]} [chart.yRange] a fixed y range
 */
export function lineChart(section, target, { xLabel, series, data, format, yRange, height = 200 }) {
  const uPlot = globalThis.uPlot;
  if (typeof uPlot !== 'function') {
    target.append(h('p', { class: 'why' }, 'chart unavailable: /vendor/uplot/uPlot.iife.min.js did not load'));
    return;
  }
  const show = (v) => (v === null || v === undefined ? '—' : format ? format(v) : String(v));
  const yAxis = { ...AXIS, size: 64 };
  if (format) yAxis.values = (_u, values) => values.map((v) => format(v));
  const scales = { x: { time: false } };
  if (yRange) scales.y = { range: yRange };
  const widthOf = () => Math.max(240, target.clientWidth);
  const plot = new uPlot(
    {
      width: widthOf(),
      height,
      scales,
      series: [
        { label: xLabel },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          spanGaps: true,
          points: { show: data[0].length <= 40, size: 5, fill: s.color },
          value: (_u, v) => show(v),
        })),
      ],
      axes: [{ ...AXIS, label: xLabel, labelSize: 20 }, yAxis],
      cursor: { drag: { x: false, y: false } },
    },
    data,
    target,
  );
  const observer = new ResizeObserver(() => {
    if (widthOf() !== plot.width) plot.setSize({ width: widthOf(), height });
  });
  observer.observe(target);
  onRebuild(section, () => {
    observer.disconnect();
    plot.destroy();
  });
}

export const COLORS = { blue: '#5aa9ff', orange: '#ffb454', green: '#7bd88f', red: '#ff6b6b', purple: '#c792ea', grey: '#9aa4b2' };
