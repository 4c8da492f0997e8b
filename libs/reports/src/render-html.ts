import type { FlywheelReport } from '@flywheel/contracts';
import { escapeHtml } from './html-escape.js';
import { reportDocument, reportTitle, type Block } from './report-document.js';
import { timelineChart, trendCharts } from './svg-charts.js';

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:24px auto;max-width:1000px;padding:0 16px;font-size:14px;line-height:1.45}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:12.5px}
th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
[data-section="timeline"] td:first-child,[data-section="deployments"] td:first-child,[data-section="recommendations"] td:nth-child(-n+2){white-space:nowrap}
tr:nth-child(even) td{background:#fbfcfd}
.chart{display:block;margin:8px 0;font-size:11px}
.axis{display:flex;justify-content:space-between;color:#59636e;font-size:11px;margin:0}
.sparks{display:flex;flex-wrap:wrap;gap:12px}
figure{margin:0;border:1px solid #d0d7de;border-radius:6px;padding:6px;font-size:12px}
.spark text{font-size:12px;fill:#59636e}
.trend{padding:0 4px;border-radius:3px}
.trend.improving{background:#dafbe1}.trend.declining{background:#ffebe9}.trend.stable{background:#eaeef2}
.grade{font-weight:600}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr,figure,svg{break-inside:avoid}thead{display:table-header-group}}
`;

function block(b: Block, report: FlywheelReport): string {
  if (b.kind === 'paragraph') return `<p>${escapeHtml(b.text)}</p>`;
  if (b.kind === 'chart') return b.chart === 'timeline' ? timelineChart(report) : trendCharts(report);
  const head = `<tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = b.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`;
}

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts, no script,
 * no external font, image or stylesheet (a Content-Security-Policy that forbids any load says so
 * to the browser too). Every text is escaped.
 */
export function renderHtml(report: FlywheelReport): string {
  const title = reportTitle(report);
  const sections = reportDocument(report)
    .map((s) => `<section data-section="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${s.blocks.map((b) => block(b, report)).join('\n')}</section>`)
    .join('\n');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    `<body><h1>${escapeHtml(title)}</h1>`,
    sections,
    '</body></html>',
  ].join('\n');
}
