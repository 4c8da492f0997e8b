import type { FlywheelReport, ReportFormat } from '@flywheel/contracts';
import { redactPiiDeep } from '@flywheel/response-safety';
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
  /** Personal data and secrets in every string replaced by `[REDACTED:<kind>]` (config `safety.redact`). @defaultValue true */
  redact?: boolean;
}

/** The report in one format. PDF needs Chromium (`ChromiumMissingError` otherwise). */
export async function renderReport(report: FlywheelReport, format: ReportFormat, options: RenderOptions = {}): Promise<RenderedReport> {
  const clean = options.redact === false ? report : redactPiiDeep(report);
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
