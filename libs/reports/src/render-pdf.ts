import { access, constants } from 'node:fs/promises';

/** The Chromium the browser tests use; `FLYWHEEL_CHROMIUM` points elsewhere. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags as the dashboard's browser tests launch it: headless, no sandbox (containers), nothing fetched in the background. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** No Chromium where one was looked for: the message says how to get one and what works without it. */
export class ChromiumMissingError extends Error {
  constructor(readonly executablePath: string) {
    super(
      `PDF needs Chromium, and there is none at ${executablePath}. Install it (Debian/Ubuntu: sudo apt-get install chromium) ` +
        'or point FLYWHEEL_CHROMIUM at a Chromium binary. --format html, md and json work without it.',
    );
    this.name = 'ChromiumMissingError';
  }
}

export function chromiumPath(env: NodeJS.ProcessEnv): string {
  return env['FLYWHEEL_CHROMIUM'] || DEFAULT_CHROMIUM;
}

/**
 * Prints the HTML report to an A4 PDF in headless Chromium (playwright-core). Every request
 * the page would make is refused: the report must render from itself alone.
 * @throws ChromiumMissingError when no executable Chromium is at `executablePath`
 */
export async function htmlToPdf(html: string, executablePath: string): Promise<Buffer> {
  try {
    await access(executablePath, constants.X_OK);
  } catch {
    throw new ChromiumMissingError(executablePath);
  }
  // Loaded here so html, md and json never load the browser driver.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' } });
  } finally {
    await browser.close();
  }
}
