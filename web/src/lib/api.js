// The dashboard's client for jirga's HTTP API (docs/http-api.md): same-origin fetches only, and
// errors that carry the server's {"error": {code, message}} so pages can show them verbatim.

import { utf8Decode } from './bytes.js';
import { authHeaders, tokenRefused } from './signin.js';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request(path) {
  let response;
  // The bearer token of a signed-in party (signin.js) goes with every request; public routes
  // ignore it.
  const auth = authHeaders();
  try {
    response = await fetch(path, { headers: { Accept: 'application/json, text/plain', ...auth } });
  } catch (e) {
    throw new ApiError(0, 'network', `cannot reach the server (${e.message})`);
  }
  if (!response.ok) {
    let code = 'http_' + response.status;
    let message = `${path}: HTTP ${response.status}`;
    try {
      const body = await response.json();
      if (body?.error?.message) {
        code = body.error.code;
        message = `${path}: ${body.error.message}`;
      }
    } catch {
      // Not a jirga error body; keep the status line.
    }
    // A token the server no longer knows (it restarted, or the key was rotated): signed out.
    if (response.status === 401 && auth.Authorization) {
      tokenRefused(auth.Authorization.slice('Bearer '.length), message);
    }
    throw new ApiError(response.status, code, message);
  }
  return response;
}

export async function getJson(path) {
  return (await request(path)).json();
}

/**
 * A text response as the exact bytes sent, decoded as strict UTF-8 — signed notes are checked
 * over bytes, so nothing (not even a byte-order mark) may be changed on the way.
 */
export async function getText(path) {
  const bytes = new Uint8Array(await (await request(path)).arrayBuffer());
  return utf8Decode(bytes, path);
}

export const api = {
  log: () => getJson('/v1/log'),
  checkpoint: () => getText('/checkpoint'),
  parties: () => getJson('/v1/parties'),
  record: (index) => getJson(`/v1/records/${index}`),
  records: ({ after = 0, limit = 100, kind, party } = {}) => {
    const q = new URLSearchParams({ after: String(after), limit: String(limit) });
    if (kind) q.set('kind', kind);
    if (party) q.set('party', party);
    return getJson(`/v1/records?${q}`);
  },
  proof: (index) => getText(`/v1/records/${index}/proof`),
  // The violence monitor (docs/http-api.md "Violence monitor"); `query` is a query string.
  // The prisoner exchange's counts (docs/http-api.md §9); `query` is a query string.
  exchange: {
    status: (query = '') => getJson(`/v1/exchange/status${query ? '?' + query : ''}`),
    // The review queue (§10): needs a token (signin.js); 401/403 come back as ApiError.
    reconcile: (list, against) =>
      getJson(`/v1/exchange/reconcile?${new URLSearchParams({ list, against })}`),
  },
  monitor: {
    summary: (query) => getJson(`/v1/monitor/summary?${query}`),
    incidents: (query) => getJson(`/v1/monitor/incidents?${query}`),
    definitions: () => getJson('/v1/monitor/definitions'),
    provinces: () => getJson('/v1/monitor/provinces'),
  },
  // Agreement compliance on a day (docs/http-api.md §9); `at` is '' (the server's today) or
  // YYYY-MM-DD.
  compliance: {
    status: (at) => getJson(`/v1/compliance/status${atParam(at)}`),
    timeline: (at) => getJson(`/v1/compliance/timeline${atParam(at)}`),
    parties: (at) => getJson(`/v1/compliance/parties${atParam(at)}`),
  },
  dialogue: {
    sessions: () => getJson('/v1/dialogue/sessions'),
  },
};

function atParam(at) {
  return at ? `?${new URLSearchParams({ at })}` : '';
}
