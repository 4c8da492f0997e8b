import type { Page } from 'playwright-core';

/**
 * Waits until every finite animation on the page has finished (the panels' update flash), so a
 * screenshot shows the page at rest; infinite ones (the streaming cursor's blink) are ignored.
 * A condition, not a fixed pause: on a loaded machine the flash takes as long as it takes.
 */
export async function whenStill(page: Page, timeoutMs = 20_000): Promise<void> {
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    { timeout: timeoutMs, polling: 50 },
  );
}
