import type { Page } from 'playwright-core';

/**
 * Records every Content-Security-Policy violation of `page` in `problems`, from the page's own
 * `securitypolicyviolation` events (reported through a binding, so no console filter of a test
 * can hide one) and from Chromium's "Refused to …" console lines. Call before `goto`.
 */
export async function watchPolicyViolations(page: Page, problems: string[]): Promise<void> {
  await page.exposeBinding('__flywheelPolicyViolation', (_source, text: string) => void problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __flywheelPolicyViolation: (text: string) => void }).__flywheelPolicyViolation;
      void report(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    if (message.text().startsWith('Refused to')) problems.push(message.text());
  });
}
