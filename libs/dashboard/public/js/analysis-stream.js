// The alert analyst's live output over SSE (GET /api/alerts/analysis/stream): events
// `analysis.start`, `token` and `analysis.end`, each with an event id, so the browser's
// EventSource resumes with Last-Event-ID by itself after a drop and nothing is missed.
// An API without the route is told apart first (a plain fetch, then closed): a refused
// EventSource is not retried by the browser, and it would only log a bare console error.

const PROBE_TIMEOUT_MS = 5_000;
const RETRY_MS = 15_000;

/** Whether `route` answers as an event stream: `{ok: true}` or `{ok: false, message}`. */
async function probe(route) {
  const abort = new AbortController();
  // A stream that sends its headers only with the first event still counts as there.
  const timer = setTimeout(() => abort.abort('timeout'), PROBE_TIMEOUT_MS);
  try {
    const response = await fetch(route, { headers: { accept: 'text/event-stream' }, cache: 'no-store', signal: abort.signal });
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && type.includes('text/event-stream')) return { ok: true };
    let detail = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') detail = `${response.status}: ${body.error}`;
    } catch {
      // Not JSON: the status line says enough.
    }
    return { ok: false, message: `${route} answered ${detail}` };
  } catch (error) {
    if (abort.signal.reason === 'timeout') return { ok: true };
    return { ok: false, message: `cannot reach ${route}: ${error.message}` };
  } finally {
    clearTimeout(timer);
    abort.abort('done');
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Connects and keeps connecting. `onState(state, message?)`: `connecting`, `live`,
 * `reconnecting` (the browser retries by itself) or `unavailable` (no such route, or refused;
 * tried again every 15 s). `onEvent(kind, data)` for each event whose data is a JSON object.
 */
export function connectAnalysisStream(route, { onState, onEvent }) {
  let source = null;
  let closed = false;
  const retry = () => {
    if (!closed) setTimeout(open, RETRY_MS);
  };
  async function open() {
    onState('connecting');
    const check = await probe(route);
    if (closed) return;
    if (!check.ok) {
      onState('unavailable', check.message);
      retry();
      return;
    }
    source = new EventSource(route);
    source.addEventListener('open', () => onState('live'));
    for (const kind of ['analysis.start', 'token', 'analysis.end']) {
      source.addEventListener(kind, (event) => {
        const data = parse(event.data);
        if (data && typeof data === 'object' && typeof data.analysis_id === 'string') onEvent(kind, data, event.lastEventId);
      });
    }
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        onState('unavailable', `${route} closed the stream`);
        retry();
      } else {
        onState('reconnecting');
      }
    });
  }
  void open();
  return {
    close() {
      closed = true;
      source?.close();
    },
  };
}
