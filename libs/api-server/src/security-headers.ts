import type { RequestHandler } from 'express';

/**
 * The dashboard's policy: scripts, styles, data and images from the API itself only. The
 * dashboard has no inline script or style (uPlot sets styles through the CSSOM, which a policy
 * does not govern), so nothing needs 'unsafe-inline'; `data:` images are uPlot's.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * bull-board's page (`/admin/queues`) is a bundle of its own: its loading screen uses style
 * attributes and a `<style>` element, so styles there need 'unsafe-inline'; its scripts are
 * files, so scripts stay 'self' only. (Its web font from Google is left out: hosts may be offline.)
 */
export const QUEUE_BOARD_CSP = DASHBOARD_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("base-uri 'none'", "base-uri 'self'");

/**
 * Headers on every answer: a Content-Security-Policy, `X-Content-Type-Options: nosniff` (a JSON
 * or text answer is never run as a script or page), and frame protection both ways
 * (`X-Frame-Options: DENY` for old browsers, `frame-ancestors 'none'` for the rest), so no
 * other site can frame the dashboard and trick a click on its fine-tune switch.
 */
export function securityHeaders(queueBoardPath: string): RequestHandler {
  return (req, res, next) => {
    const board = req.path === queueBoardPath || req.path.startsWith(`${queueBoardPath}/`);
    res.set({
      'Content-Security-Policy': board ? QUEUE_BOARD_CSP : DASHBOARD_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  };
}
