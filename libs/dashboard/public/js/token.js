// The API token for mutating routes (rating answers, the fine-tune controls, alerts). Asked
// for once per tab and kept in sessionStorage: gone when the tab closes, never written
// anywhere else. The optional name beside it says who made a change (`X-Flywheel-User`).

const KEY = 'flywheel.apiToken';
const USER_KEY = 'flywheel.user';

function read(key) {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function write(key, value) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    // Storage disabled: the value lasts until the page is left.
  }
}

export const apiToken = () => read(KEY);

/** Stores the token for this tab; an empty one forgets it. */
export const setApiToken = (token) => write(KEY, token);

/** The name changes are recorded under (empty: the API records "api-token"). */
export const apiUser = () => read(USER_KEY);
export const setApiUser = (name) => write(USER_KEY, name.trim());

/**
 * Sends JSON with `Authorization: Bearer <token>` (no header at all without a token, so the
 * API's own refusal says what is missing) and `X-Flywheel-User` when a name is set.
 * @returns {Promise<{state: 'ok', status: number, data: any} | {state: 'unauthorized', message: string} | {state: 'error', message: string}>}
 */
export async function sendWithToken(method, route, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (apiToken()) headers.authorization = `Bearer ${apiToken()}`;
  if (apiUser()) headers['x-flywheel-user'] = apiUser();
  let response;
  try {
    response = await fetch(route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (error) {
    return { state: 'error', message: `cannot reach the API (${route}): ${error.message}` };
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // The status line below says enough.
  }
  if (response.ok) return { state: 'ok', status: response.status, data };
  const message = data && typeof data.error === 'string' ? data.error : `${response.status} ${response.statusText}`;
  return { state: response.status === 401 ? 'unauthorized' : 'error', message: response.status === 404 ? `${route}: ${message}` : message };
}

/** POSTs JSON with the token (see sendWithToken). */
export const postWithToken = (route, body) => sendWithToken('POST', route, body);
