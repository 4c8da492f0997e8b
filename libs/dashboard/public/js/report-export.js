// The "Export report" control in the page header: a format and a period, linking to
// GET /api/reports?since=<period>&format=<format> (docs/reports.md). The link is a plain
// download; the API answers the report, or a JSON error naming what is wrong.

/** A period the API accepts: a whole number of minutes, hours or days (`30m`, `24h`, `7d`). */
export const PERIOD = /^[1-9]\d{0,4}[mhd]$/;

/** The report's URL, or null for a period the API would refuse. */
export function reportHref(format, since) {
  const period = since.trim();
  if (!PERIOD.test(period)) return null;
  return `/api/reports?${new URLSearchParams({ since: period, format })}`;
}

/** Keeps the link in step with the two fields; an unusable period disables it, saying why. */
export function bindReportExport(form) {
  const format = form.querySelector('[name="report-format"]');
  const since = form.querySelector('[name="report-since"]');
  const link = form.querySelector('a.report-link');
  const update = () => {
    const href = reportHref(format.value, since.value);
    if (href) {
      link.setAttribute('href', href);
      link.removeAttribute('aria-disabled');
      link.title = `download the ${format.value} report of the last ${since.value.trim()}`;
      since.removeAttribute('aria-invalid');
    } else {
      link.removeAttribute('href');
      link.setAttribute('aria-disabled', 'true');
      link.title = 'the period must be a whole number of minutes, hours or days: 30m, 24h, 7d';
      since.setAttribute('aria-invalid', 'true');
    }
  };
  format.addEventListener('change', update);
  since.addEventListener('input', update);
  form.addEventListener('submit', (event) => event.preventDefault());
  update();
}
