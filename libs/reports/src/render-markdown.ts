import type { FlywheelReport } from '@flywheel/contracts';
import { reportDocument, reportTitle } from './report-document.js';

/** A Markdown cell: pipes escaped, line breaks flattened. */
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The report as GitHub-flavoured Markdown (charts are the HTML's; the tables carry the same figures). */
export function renderMarkdown(report: FlywheelReport): string {
  const out = [`# ${reportTitle(report)}`, ''];
  for (const section of reportDocument(report)) {
    out.push(`## ${section.title}`, '');
    for (const block of section.blocks) {
      if (block.kind === 'paragraph') out.push(block.text, '');
      else if (block.kind === 'table') {
        out.push(`| ${block.head.map(cell).join(' | ')} |`, `|${block.head.map(() => '---').join('|')}|`, ...block.rows.map((row) => `| ${row.map(cell).join(' | ')} |`), '');
      }
    }
  }
  return out.join('\n');
}
