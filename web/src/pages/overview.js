// The Overview page: the log's origin, tree size and latest checkpoint, the registered parties,
// the most recent public records, and a record count kept live by polling /checkpoint.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { api } from '../lib/api.js';
import { parseCheckpoint, parseNote } from '../lib/formats.js';

const POLL_MS = 3000;
const RECENT = 15;

export function createPage(ctx) {
  const state = {
    log: null, // GET /v1/log
    parties: null,
    recent: null, // newest first
    error: null,
    liveSize: null, // from the last /checkpoint poll
    liveError: null,
    polledAt: null,
  };
  let timer = null;
  let disposed = false;

  async function loadAll() {
    try {
      const [log, parties] = await Promise.all([api.log(), api.parties()]);
      const after = Math.max(0, log.size - RECENT);
      const listing = await api.records({ after, limit: RECENT });
      if (disposed) return;
      Object.assign(state, { log, parties, recent: listing.records.slice().reverse(), error: null });
      if (state.liveSize === null || BigInt(log.size) > state.liveSize) {
        state.liveSize = BigInt(log.size);
      }
    } catch (e) {
      state.error = e.message;
    }
    ctx.rerender();
  }

  // The size shown live comes from the checkpoint itself (parsed, not verified here: the Log
  // explorer verifies). A grown tree reloads the rest of the page.
  async function poll() {
    try {
      const checkpoint = parseCheckpoint(parseNote(await api.checkpoint()).text);
      if (disposed) return;
      const grew = state.log !== null && checkpoint.size !== BigInt(state.log.size);
      Object.assign(state, { liveSize: checkpoint.size, liveError: null, polledAt: new Date() });
      if (grew) await loadAll();
    } catch (e) {
      state.liveError = e.message;
    }
    if (!disposed) {
      ctx.rerender();
      timer = setTimeout(poll, POLL_MS);
    }
  }

  loadAll().then(() => {
    if (!disposed) timer = setTimeout(poll, 0);
  });

  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
    view: () => view(state),
  };
}

function view(s) {
  if (s.error) return html`<h1>Overview</h1><p class="error" data-testid="overview-error">${s.error}</p>`;
  if (!s.log) return html`<h1>Overview</h1><p class="muted">Loading…</p>`;
  return html`
    <h1>Overview</h1>
    <div class="cards">
      <div class="card">
        <div class="muted">Records in the log</div>
        <div class="big" data-testid="record-count">${s.liveSize ?? s.log.size}</div>
        <div class="muted" data-testid="record-count-status">${s.liveError
          ? html`<span class="error">${s.liveError}</span>`
          : s.polledAt ? `live, checked ${s.polledAt.toLocaleTimeString()}` : 'live'}</div>
      </div>
      <div class="card">
        <div class="muted">Parties</div>
        <div class="big" data-testid="party-count">${s.parties.length}</div>
      </div>
    </div>

    <section>
      <h2>Log</h2>
      <dl class="facts">
        <dt>Origin</dt><dd class="mono" data-testid="origin">${s.log.origin}</dd>
        <dt>Tree size</dt><dd data-testid="tree-size">${s.log.size}</dd>
        <dt>Log key (vkey)</dt><dd class="mono break" data-testid="log-vkey">${s.log.vkey}</dd>
      </dl>
      <h2>Latest checkpoint</h2>
      <pre data-testid="checkpoint-text">${s.log.checkpoint}</pre>
      <p class="muted">Check it yourself in the <a href="#/explorer">Log explorer</a>, with the log
        key you got from the operator.</p>
    </section>

    <section>
      <h2>Parties</h2>
      <table data-testid="parties">
        <thead><tr><th>Id</th><th>Name</th><th>Role</th><th>Kinds</th><th>Keys</th><th>Registered at</th></tr></thead>
        <tbody>${s.parties.map((p) => html`
          <tr data-testid="party-row" data-party-id=${p.id}>
            <td class="mono">${p.id}</td>
            <td>${p.name}</td>
            <td>${p.role}</td>
            <td>${(p.kinds ?? []).join(', ')}</td>
            <td class="mono break">${(p.vkeys ?? []).map((k) => html`<div>${k}</div>`)}</td>
            <td><a href="#/explorer/${p.registered_at}">${p.registered_at}</a></td>
          </tr>`)}</tbody>
      </table>
    </section>

    <section>
      <h2>Recent public records</h2>
      ${s.recent.length === 0 ? html`<p class="muted">No public records yet.</p>` : nothing}
      <table data-testid="recent-records">
        <thead><tr><th>Index</th><th>Kind</th><th>Party</th>
          <th title="the time the party signed, inside the record">Party's time (signed)</th>
          <th title="when this log received it; not signed by the party">Received by the log</th></tr></thead>
        <tbody>${s.recent.map((r) => html`
          <tr data-testid="recent-row" data-index=${r.index}>
            <td><a href="#/explorer/${r.index}">${r.index}</a></td>
            <td>${r.kind}</td>
            <td class="mono">${r.party}</td>
            <td class="mono">${r.time}</td>
            <td class="mono">${r.received}</td>
          </tr>`)}</tbody>
      </table>
    </section>`;
}
