// The Dialogue page (#/dialogue): Track 2 sessions held under the Chatham House rule, from
// /v1/dialogue/sessions (docs/http-api.md §9) — date, title, organiser, participating countries
// and institutions, the points raised and the recommendations with their follow-ups. Points are
// shown apart from the participants: nothing on the page (or in the data) says who said what.

import { html, nothing } from '/vendor/lit-html/lit-html.js';
import { api } from '../lib/api.js';
import { isSynthetic, withoutMarker } from '../lib/compliance.js';

export function createPage(ctx) {
  const state = { sessions: null, error: null };
  let disposed = false;
  api.dialogue.sessions().then((sessions) => {
    state.sessions = sessions;
  }, (e) => {
    state.error = e.message;
  }).finally(() => {
    if (!disposed) ctx.rerender();
  });
  return {
    dispose() {
      disposed = true;
    },
    view: () => view(state),
  };
}

function view(s) {
  if (s.error) return html`<h1>Dialogue</h1><p class="error" data-testid="dialogue-error">${s.error}</p>`;
  if (!s.sessions) return html`<h1>Dialogue</h1><p class="muted">Loading…</p>`;
  const synthetic = s.sessions.some(isSynthetic);
  return html`
    <h1>Dialogue</h1>
    <p class="caption">Track 2 sessions, by date. They are held under the Chatham House rule:
      participants are countries and institutions, and the points raised are listed without
      attribution — the record has no place for who said what.</p>
    ${synthetic ? html`<p class="warn" data-testid="synthetic-note">Sessions marked
      <span class="synthetic">synthetic illustration</span> are made up for the demonstration.</p>` : nothing}
    ${s.sessions.length === 0 ? html`<p class="muted" data-testid="dialogue-empty">No session is recorded.</p>` : nothing}
    ${s.sessions.map(sessionView)}`;
}

function sessionView(x) {
  const countries = x.participants?.countries ?? [];
  const institutions = x.participants?.institutions ?? [];
  return html`
    <article class="session" data-testid="session" data-index=${x.index} data-date=${x.date}>
      <h2><time datetime=${x.date}>${x.date}</time> · <span data-testid="session-title">${withoutMarker(x.title)}</span>
        ${isSynthetic(x) ? html`<span class="synthetic" data-testid="synthetic-badge">synthetic illustration</span>` : nothing}</h2>
      <dl class="facts">
        <dt>Organiser</dt><dd data-testid="session-organiser">${x.organiser}${x.partners?.length
          ? html` <span class="muted">with ${x.partners.join(', ')}</span>` : nothing}</dd>
        <dt>Countries</dt><dd data-testid="session-countries">${countries.join(', ') || '–'}</dd>
        <dt>Institutions</dt><dd data-testid="session-institutions">${institutions.join(', ') || '–'}</dd>
        <dt>Record</dt><dd><a href="#/explorer/${x.index}">#${x.index}</a></dd>
      </dl>
      <h3>Points raised <span class="muted">(unattributed)</span></h3>
      <ul data-testid="session-points">${x.points.map((p) => html`<li data-testid="session-point">${p}</li>`)}</ul>
      ${x.recommendations?.length ? html`
        <h3>Recommendations</h3>
        <ol data-testid="session-recommendations">${x.recommendations.map((r) => html`
          <li data-testid="session-recommendation">${r.text}
            ${r.follow_ups?.length ? html`<ul class="follow-ups">${r.follow_ups.map((f) => html`
              <li data-testid="session-follow-up"><span class="muted">Follow-up:</span> ${f}</li>`)}</ul>` : nothing}
          </li>`)}</ol>` : nothing}
    </article>`;
}
