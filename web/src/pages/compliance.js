// The Compliance page (#/compliance[/YYYY-MM-DD]): the state of every clause on a day — per-party
// scores, a board of clauses grouped by obligor (status, Peace Accords Matrix score, progress,
// deadline, late, projection) and a timeline with the deadlines — from /v1/compliance/status,
// /timeline and /parties?at= (docs/http-api.md §9). The view model is ../lib/compliance.js.

import { html, nothing, svg } from '/vendor/lit-html/lit-html.js';
import { api } from '../lib/api.js';
import {
  groupByObligor, isSynthetic, noteOf, partyCountsText, partyScoreText, progressOf, scoreLabel,
  statusLabel, timelineLayout, validateAt, withoutMarker,
} from '../lib/compliance.js';

export function createPage(ctx) {
  // #/compliance/<day>: that day; a bad one is shown as an error and today is asked instead.
  const initial = ctx.params[0] ?? '';
  const check = validateAt(initial);
  const state = {
    at: check.ok ? initial : '',
    atError: check.ok ? null : `${initial}: ${check.error}`,
    status: null,
    timeline: null,
    parties: null,
    loading: false,
    error: null,
  };
  let disposed = false;
  let generation = 0;
  const rerender = () => {
    if (!disposed) ctx.rerender();
  };

  async function load() {
    const gen = ++generation;
    state.loading = true;
    rerender();
    try {
      const [status, timeline, parties] = await Promise.all([
        api.compliance.status(state.at), api.compliance.timeline(state.at),
        api.compliance.parties(state.at)]);
      if (disposed || gen !== generation) return;
      Object.assign(state, { status, timeline, parties, error: null });
    } catch (e) {
      if (gen !== generation) return;
      state.error = e.message;
    }
    state.loading = false;
    rerender();
  }

  function setAt(at) {
    const check = validateAt(at);
    if (!check.ok) {
      state.atError = check.error;
      rerender();
      return;
    }
    state.atError = null;
    state.at = at;
    // The day is in the address (to share or reload) without re-creating the page.
    history.replaceState(null, '', at ? `#/compliance/${at}` : '#/compliance');
    load();
  }

  const handlers = {
    submit(e) {
      e.preventDefault();
      setAt(e.currentTarget.elements.at.value);
    },
    change(e) {
      setAt(e.currentTarget.elements.at.value);
    },
    today() {
      setAt('');
    },
  };

  load();
  return {
    dispose() {
      disposed = true;
    },
    view: () => view(state, handlers),
  };
}

// ---------------------------------------------------------------------------------------------

function view(s, h) {
  const form = html`
    <form class="filters" data-testid="compliance-form" @submit=${h.submit} @change=${h.change}
        aria-label="Day of evaluation">
      <label>Evaluated on <input type="date" name="at" .value=${s.at} min="1900-01-01"
        max="2199-12-31" data-testid="compliance-at" aria-describedby="compliance-at-error"></label>
      <button type="submit" data-testid="compliance-apply">Show</button>
      <button type="button" class="secondary" @click=${h.today} data-testid="compliance-today">Today</button>
      ${s.atError ? html`<span class="error" id="compliance-at-error" data-testid="compliance-at-error">${s.atError}</span>` : nothing}
    </form>`;
  if (s.error && !s.status) {
    return html`<h1>Compliance</h1>${form}<p class="error" data-testid="compliance-error">${s.error}</p>`;
  }
  if (!s.status) return html`<h1>Compliance</h1>${form}<p class="muted">Loading…</p>`;
  const synthetic = s.status.some(isSynthetic);
  return html`
    <h1>Compliance</h1>
    ${form}
    ${s.error ? html`<p class="error" data-testid="compliance-error">${s.error}</p>` : nothing}
    <p class="caption" data-testid="compliance-caption" data-at=${s.at}>
      ${s.status.length} clause${s.status.length === 1 ? '' : 's'} as known on
      ${s.at || 'today (the server’s date, UTC)'}: only records whose time falls on or before that
      day count, so an earlier day shows what could be known then.
      <span aria-live="polite" data-testid="compliance-loading">${s.loading ? 'Loading…' : ''}</span></p>
    ${synthetic ? html`<p class="warn" data-testid="synthetic-note">Clauses marked
      <span class="synthetic">synthetic illustration</span> are made up for the demonstration;
      the others are records as submitted.</p>` : nothing}
    ${s.status.length === 0 ? html`<p class="muted" data-testid="compliance-empty">No commitment is
      recorded by this day.</p>` : html`
      ${partiesSection(s.parties ?? [])}
      ${boardSection(s.status)}
      ${timelineSection(s.timeline ?? [], s.at)}`}`;
}

function partiesSection(parties) {
  return html`
    <section data-testid="party-scores">
      <h2>Score by party</h2>
      <p class="caption">The mean Peace Accords Matrix score (0 not initiated, 1 minimal,
        2 intermediate, 3 full) of each obligor’s clauses in force; clauses not in force and those
        that cannot be evaluated are left out.</p>
      <table class="compact">
        <thead><tr><th>Obligor</th><th>Clauses</th><th>States</th><th>Mean score</th><th></th></tr></thead>
        <tbody>${parties.map((p) => html`
          <tr data-testid="party-row" data-party=${p.obligor} data-score=${p.score ?? ''}>
            <td>${p.obligor}</td><td>${p.clauses}</td><td>${partyCountsText(p)}</td>
            <td>${partyScoreText(p.score)}</td>
            <td><svg class="scorebar" viewBox="0 0 90 12" width="90" height="12" aria-hidden="true">
              <rect class="scorebar-bg" width="90" height="12" rx="2"></rect>
              <rect class="scorebar-fg" width=${p.score === null ? 0 : (p.score / 3) * 90} height="12" rx="2"></rect>
            </svg></td>
          </tr>`)}
        </tbody>
      </table>
    </section>`;
}

function boardSection(clauses) {
  return html`
    <section data-testid="board">
      <h2>Clauses by party</h2>
      ${groupByObligor(clauses).map((g) => html`
        <div class="obligor" data-testid="obligor" data-party=${g.obligor}>
          <h3>${g.obligor}</h3>
          <div class="clauses">${g.clauses.map(clauseCard)}</div>
        </div>`)}
    </section>`;
}

function clauseCard(c) {
  const progress = progressOf(c);
  const note = noteOf(c);
  return html`
    <article class="clause" data-testid="clause" data-id=${c.id} data-status=${c.status}
        data-score=${c.score ?? ''} data-late=${String(c.late)}>
      <header>
        <span class="chip ${c.status}" data-testid="clause-status">${statusLabel(c.status)}</span>
        ${c.late ? html`<span class="chip late" data-testid="clause-late">late</span>` : nothing}
        ${isSynthetic(c) ? html`<span class="synthetic" data-testid="synthetic-badge">synthetic illustration</span>` : nothing}
        <code class="clause-id">${c.id}</code>
      </header>
      <p class="clause-text">${withoutMarker(c.text)}</p>
      <dl class="facts">
        <dt>Deadline</dt>
        <dd data-testid="clause-deadline">${c.deadline ?? (c.deadline_rule ? 'not yet fixed' : 'none')}
          ${c.deadline_rule && c.deadline_rule !== c.deadline ? html`<span class="muted">(${c.deadline_rule})</span>` : nothing}</dd>
        <dt>PAM score</dt>
        <dd data-testid="clause-score">${scoreLabel(c.score)}</dd>
        ${progress ? html`
          <dt>Progress</dt>
          <dd><progress max="1" .value=${progress.fraction} data-testid="clause-progress"
              aria-label="${c.id}: ${progress.text}"></progress>
            <span data-testid="clause-progress-text">${progress.text}</span></dd>` : nothing}
        ${c.met_since ? html`<dt>Met since</dt><dd>${c.met_since}</dd>` : nothing}
        ${c.breached_on ? html`<dt>Breached on</dt><dd>${c.breached_on}</dd>` : nothing}
        <dt>Record</dt><dd><a href="#/explorer/${c.record}">#${c.record}</a>
          ${c.evidence?.length ? html`· evidence ${c.evidence.map((i, k) => html`${k ? ', ' : ''}<a href="#/explorer/${i}">#${i}</a>`)}` : nothing}</dd>
      </dl>
      ${note ? html`<p class=${c.error ? 'note error' : 'note'} data-testid="clause-note">${note}</p>` : nothing}
    </article>`;
}

function timelineSection(entries, at) {
  const layout = timelineLayout(entries, { at });
  const width = 720;
  const markTitle = (row, m) => `${row.id}: ${m.type.replace('_', ' ')} ${m.date}`;
  return html`
    <section data-testid="timeline">
      <h2>Timeline</h2>
      <p class="caption">Per clause: recorded (dot), in force (bar from there), deadline (red
        line), met (green diamond), breached (red cross), projected at the recent rate (hollow
        circle); the dashed line is the day evaluated.</p>
      <svg class="timeline" viewBox="0 0 ${width} ${layout.height}" role="img"
          aria-label="Timeline of ${entries.length} clauses" data-testid="timeline-svg">
        ${layout.ticks.map((t) => svg`
          <line class="grid" x1=${t.x} x2=${t.x} y1="14" y2=${layout.height}></line>
          <text class="axis" x=${t.x} y="10" text-anchor="middle">${t.label}</text>`)}
        ${layout.rows.map((r) => {
          const inForce = r.marks.find((m) => m.type === 'in_force');
          // In force up to the day evaluated (the span goes on to a later deadline or projection).
          const inForceEnd = layout.atX === null ? r.to : Math.min(layout.atX, r.to);
          return svg`<g data-testid="timeline-row" data-id=${r.id} data-status=${r.status}>
            <text class="timeline-label" x="4" y=${r.y + 4}>${r.id}</text>
            <line class="span" x1=${r.from} x2=${r.to} y1=${r.y} y2=${r.y}></line>
            ${inForce ? svg`<line class="in-force ${r.status}" x1=${inForce.x} x2=${inForceEnd} y1=${r.y} y2=${r.y}></line>` : nothing}
            ${r.marks.map((m) => svg`<g class="mark ${m.type}" data-testid="timeline-mark"
                data-type=${m.type} data-date=${m.date}>
              <title>${markTitle(r, m)}</title>
              ${markShape(m, r.y)}</g>`)}
          </g>`;
        })}
        ${layout.atX === null ? nothing : svg`<line class="at-line" data-testid="timeline-at"
          x1=${layout.atX} x2=${layout.atX} y1="14" y2=${layout.height}></line>`}
      </svg>
    </section>`;
}

function markShape(m, y) {
  switch (m.type) {
    case 'recorded': return svg`<circle cx=${m.x} cy=${y} r="3"></circle>`;
    case 'in_force': return svg`<circle cx=${m.x} cy=${y} r="2"></circle>`;
    case 'deadline': return svg`<line x1=${m.x} x2=${m.x} y1=${y - 9} y2=${y + 9}></line>`;
    case 'met': return svg`<path d="M${m.x} ${y - 6}L${m.x + 6} ${y}L${m.x} ${y + 6}L${m.x - 6} ${y}Z"></path>`;
    case 'breached': return svg`<path d="M${m.x - 5} ${y - 5}L${m.x + 5} ${y + 5}M${m.x + 5} ${y - 5}L${m.x - 5} ${y + 5}"></path>`;
    default: return svg`<circle cx=${m.x} cy=${y} r="5"></circle>`; // projected
  }
}
