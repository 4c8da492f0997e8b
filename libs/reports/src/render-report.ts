import type { FlywheelReport, ReportFormat } from '@flywheel/contracts';
import { defaultRedaction, redactStrings, type RedactText } from './redact.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-markdown.js';
import { chromiumPath, htmlToPdf } from './render-pdf.js';

export interface RenderedReport {
  body: Buffer;
  contentType: string;
  extension: string;
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  pdf: 'application/pdf',
};

export interface RenderOptions {
  /** Where `FLYWHEEL_CHROMIUM` is read for PDF. @defaultValue process.env */
  env?: NodeJS.ProcessEnv;
  /** Applied to every string of the report before it is rendered (`noRedaction` to keep text as it is). @defaultValue `redactPii` of @flywheel/response-safety */
  redact?: RedactText;
}

/** The report in one format. PDF needs Chromium (`ChromiumMissingError` otherwise). */
export async function renderReport(report: FlywheelReport, format: ReportFormat, options: RenderOptions = {}): Promise<RenderedReport> {
  const clean = redactStrings(report, options.redact ?? defaultRedaction);
  const text = (s: string) => ({ body: Buffer.from(s, 'utf8'), contentType: CONTENT_TYPES[format], extension: format });
  switch (format) {
    case 'json':
      return text(JSON.stringify(clean, null, 2) + '\n');
    case 'md':
      return text(renderMarkdown(clean));
    case 'html':
      return text(renderHtml(clean));
    case 'pdf':
      return { body: await htmlToPdf(renderHtml(clean), chromiumPath(options.env ?? process.env)), contentType: CONTENT_TYPES.pdf, extension: 'pdf' };
  }
}

/** `flywheel-report-20261120T105000Z.html`: the time the report was made, safe in any file system. */
export function reportFileName(report: FlywheelReport, format: ReportFormat): string {
  return `flywheel-report-${report.generated_at.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}.${format}`;
}
