// The HTML report and its PDF print opened in Debian's Chromium (as the dashboard's browser
// tests do): the HTML must render from itself alone, the PDF must have pages with something
// on them. Screenshots go to tmp/test-artifacts/ (kept by CI with the dashboard's).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FlywheelReport } from '@flywheel/contracts';
import { tempDir } from '@flywheel/testing';
import { execa } from 'execa';
import { mkdir, readdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { buildReport } from './build-report.js';
import { gatherReportInputs } from './gather-inputs.js';
import { ChromiumMissingError, CHROMIUM_ARGS, DEFAULT_CHROMIUM } from './render-pdf.js';
import { renderReport } from './render-report.js';
import { DEGRADING_TRAFFIC, END, defaultMonitor, writeReportStatuses } from './report-inputs.fixture.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', '..', 'tmp', 'test-artifacts');
let base: Awaited<ReturnType<typeof tempDir>>;
let report: FlywheelReport;
let browser: Browser;

beforeAll(async () => {
  base = await tempDir('report-chromium');
  const statusStore = await writeReportStatuses(base.dir);
  report = await buildReport(await gatherReportInputs({ now: END, sinceSeconds: 3000, stepSeconds: 60, monitor: defaultMonitor(), statusStore, trafficFile: DEGRADING_TRAFFIC }));
  browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: CHROMIUM_ARGS });
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await base?.remove();
});

/** Share of pixels that are not (near) white in a PNG, measured by Chromium on a canvas. */
async function inkShare(png: Buffer): Promise<{ width: number; height: number; ink: number }> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<img id="p" src="data:image/png;base64,${png.toString('base64')}">`);
    return await page.evaluate(async () => {
      const img = document.getElementById('p') as HTMLImageElement;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200 || data[i + 2]! < 200) ink += 1;
      return { width: canvas.width, height: canvas.height, ink: ink / (canvas.width * canvas.height) };
    });
  } finally {
    await page.close();
  }
}

describe('the report in Chromium', () => {
  it('renders the HTML from itself alone: every section, the level timeline, no network request', async () => {
    const file = path.join(base.dir, 'report.html');
    await writeFile(file, (await renderReport(report, 'html')).body);
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    // The page itself is the only request: no font, script, stylesheet or image fetched.
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('section[data-section]').evaluateAll((s) => s.map((x) => x.getAttribute('data-section')))).toEqual([
      'overview', 'timeline', 'grades', 'trends', 'regressions', 'deployments', 'failure-patterns', 'safety-cost', 'recommendations', 'sources',
    ]);
    // One bar per pass in the timeline chart, coloured by level: 20 CRITICAL, 10 WARNING.
    const bars = page.locator('[data-section="timeline"] svg rect[data-level]');
    expect(await bars.count()).toBe(50);
    expect(await page.locator('svg rect[data-level="CRITICAL"]').count()).toBe(20);
    expect(await page.locator('svg rect[data-level="WARNING"]').count()).toBe(10);
    expect(await page.locator('svg rect[data-level="CRITICAL"]').first().evaluate((r) => getComputedStyle(r).fill)).toBe('rgb(207, 34, 46)');
    expect(await page.locator('[data-trend="response_time_p95"] .trend').textContent()).toBe('declining');
    const box = await page.locator('[data-section="timeline"] svg').boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'report-html.png'), fullPage: true });
    await page.close();
  });

  it('prints a PDF whose pages, through pdftoppm, are A4 and not blank', async () => {
    const pdf = (await renderReport(report, 'pdf')).body;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(base.dir, 'report.pdf');
    await writeFile(file, pdf);
    expect((await execa('pdfinfo', [file])).stdout).toMatch(/Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)/);
    // 50 dpi: A4 (210 × 297 mm = 8.27 × 11.69 in) is about 413 × 585 px.
    await execa('pdftoppm', ['-png', '-r', '50', file, path.join(base.dir, 'page')]);
    const pages = (await readdir(base.dir)).filter((f) => /^page-\d+\.png$/.test(f)).sort();
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const first = await readFile(path.join(base.dir, pages[0]!));
    const { width, height, ink } = await inkShare(first);
    expect(Math.abs(width - 413.4)).toBeLessThan(1.5);
    expect(Math.abs(height - 584.6)).toBeLessThan(1.5);
    // Text, tables and the coloured timeline: far from blank, far from solid.
    expect(ink).toBeGreaterThan(0.02);
    expect(ink).toBeLessThan(0.6);
    await copyFile(path.join(base.dir, pages[0]!), path.join(ARTIFACTS, 'report-pdf-page1.png'));
  });

  it('says PDF needs Chromium when there is none', async () => {
    const missing = path.join(base.dir, 'no-chromium');
    const failure = await renderReport(report, 'pdf', { env: { FLYWHEEL_CHROMIUM: missing } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ChromiumMissingError);
    expect((failure as Error).message).toBe(
      `PDF needs Chromium, and there is none at ${missing}. Install it (Debian/Ubuntu: sudo apt-get install chromium) or point FLYWHEEL_CHROMIUM at a Chromium binary. --format html, md and json work without it.`,
    );
  });
});
