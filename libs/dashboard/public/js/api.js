// Fetching the API's JSON. Every answer becomes one of three states, so each panel can show
// data, "no data yet" (404: the daemon has not written its file yet) or the error.
import { askForReadToken } from './read-login.js';

/**
 * @returns {Promise<{state: 'ok', data: any} | {state: 'missing', message: string} | {state: 'error', message: string}>}
 */
export async function getJson(route) {
  let response;
  try {
    response = await fetch(route, { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (error) {
    return { state: 'error', message: `cannot reach the API (${route}): ${error.message}` };
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON: the status line below says enough.
  }
  if (response.ok) return { state: 'ok', data: body };
  const detail = body && typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
  if (response.status === 404) return { state: 'missing', message: detail };
  if (response.status === 401) askForReadToken();
  return { state: 'error', message: `${route}: ${detail}` };
}
