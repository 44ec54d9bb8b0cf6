// POSTing JSON to the server from the page, with the server's {"error": {message}} as the
// thrown Error's text (shared by the sign-in and by records signed in the page).

/**
 * POSTs `body` (JSON; none when undefined) to `path` → the answer's JSON. Throws
 * "cannot reach the server (…)" when the request fails, and "<path>: <the server's message>"
 * (or the HTTP status) when the answer is not 2xx. `fetchImpl` is fetch unless a test passes its own.
 */
export async function postJson(fetchImpl, path, body) {
  let response;
  try {
    response = await fetchImpl(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(`cannot reach the server (${e.message})`);
  }
  let json = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON; reported below by status.
  }
  if (!response.ok) {
    throw new Error(`${path}: ${json?.error?.message ?? `HTTP ${response.status}`}`);
  }
  return json;
}
