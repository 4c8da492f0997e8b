// Live updates: one EventSource on /api/events. The API sends `hello` on connect and a
// `status` event ({id, file, last_update}) for every status write, from any host.

const RETRY_MS = 5_000;

/**
 * Connects and keeps connecting. `onState` gets `connecting`, `live`, `reconnecting` (the
 * browser retries by itself) or `offline` (the stream was refused; we retry every 5 s).
 */
export function connectLive({ onHello, onStatus, onState }) {
  let source = null;
  const open = () => {
    onState('connecting');
    source = new EventSource('/api/events');
    source.addEventListener('open', () => onState('live'));
    source.addEventListener('hello', (event) => {
      onState('live');
      onHello(parse(event.data) ?? {});
    });
    source.addEventListener('status', (event) => {
      const message = parse(event.data);
      if (message && typeof message.id === 'string') onStatus(message);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        // A refused stream (e.g. a 404 from an older API) is not retried by the browser.
        onState('offline');
        source.close();
        setTimeout(open, RETRY_MS);
      } else {
        onState('reconnecting');
      }
    });
  };
  open();
  return { close: () => source?.close() };
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
