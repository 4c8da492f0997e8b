// The API token for mutating routes (rating answers). Asked for once per tab and kept in
// sessionStorage: gone when the tab closes, never written anywhere else.

const KEY = 'flywheel.apiToken';

export function apiToken() {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/** Stores the token for this tab; an empty one forgets it. */
export function setApiToken(token) {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the token lasts until the page is left.
  }
}

/**
 * POSTs JSON with `Authorization: Bearer <token>`.
 * @returns {Promise<{state: 'ok', data: any} | {state: 'unauthorized', message: string} | {state: 'error', message: string}>}
 */
export async function postWithToken(route, body) {
  let response;
  try {
    response = await fetch(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${apiToken()}` },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  } catch (error) {
    return { state: 'error', message: `cannot reach the API (${route}): ${error.message}` };
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    // The status line below says enough.
  }
  if (response.ok) return { state: 'ok', data };
  const message = data && typeof data.error === 'string' ? data.error : `${response.status} ${response.statusText}`;
  return { state: response.status === 401 ? 'unauthorized' : 'error', message };
}
