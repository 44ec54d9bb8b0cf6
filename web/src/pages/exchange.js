// The Exchange page (#/exchange): progress of the prisoner exchange per list (demanded, in
// custody, matched, verified, released, followed up) as progress bars, per category and priority
// group, the release batches as a timeline, and recidivism. Counts only, from
// /v1/exchange/status (docs/exchange.md). When a party is signed in (lib/signin.js), the review
// queue of two lists from /v1/exchange/reconcile (names: mediators, verifiers and parties entitled
// to both lists only), where each candidate pair can be decided "same person" or "different": the
// decision is the signed `verification` that `jirga exchange resolve` appends, signed in the page
// with the party's key (lib/submit.js; the key is used for that one signature and not kept).
// Signed out, the page says how to get the queue.

import { html, nothing, svg } from '/vendor/lit-html/lit-html.js';
import { api } from '../lib/api.js';
import {
  currentSession, importPrivateKey, onSessionChange, parsePrivateKeyText, readKeyFile,
} from '../lib/signin.js';
import { recordBytes, recordTime, resolutionBody, signRecord, submitRecord } from '../lib/submit.js';

const FIGURES = [
  ['demanded', 'demanded'],
  ['in_custody', 'in custody'],
  ['matched', 'matched'],
  ['verified', 'verified'],
  ['released', 'released'],
  ['followed_up', 'followed up'],
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function progressRows(counts, testid) {
  return FIGURES.map(([key, label]) => html`
    <tr data-testid=${testid} data-figure=${key} data-value=${counts[key]}>
      <th scope="row">${label}</th>
      <td><progress max=${Math.max(1, counts.demanded)} value=${counts[key]}
        aria-label=${`${label}: ${counts[key]} of ${counts.demanded}`}></progress></td>
      <td class="num">${counts[key]} / ${counts.demanded}</td>
    </tr>`);
}

function breakdown(rows, key, title, testid) {
  if (!rows.length) return nothing;
  return html`<table class="compact" data-testid=${testid}>
    <caption>${title}</caption>
    <thead><tr><th>${key}</th>${FIGURES.map(([, l]) => html`<th>${l}</th>`)}</tr></thead>
    <tbody>${rows.map((r) => html`<tr data-name=${r[key] ?? ''}>
      <td>${r[key] ?? html`<span class="muted">(none)</span>`}</td>
      ${FIGURES.map(([f]) => html`<td class="num">${r[f]}</td>`)}</tr>`)}</tbody>
  </table>`;
}

// The batches as bars along the release order: height = people released, with the date.
function timeline(batches) {
  if (!batches.length) return html`<p class="muted" data-testid="no-batches">No releases recorded.</p>`;
  const w = 84;
  const h = 120;
  const max = Math.max(...batches.map((b) => b.people));
  const width = batches.length * w + 20;
  return html`<svg class="timeline" data-testid="batch-timeline" viewBox=${`0 0 ${width} ${h + 40}`}
    width=${width} height=${h + 40} role="img" aria-label="release batches in date order">
    ${batches.map((b, i) => {
      const bh = max ? Math.max(2, (b.people / max) * h) : 2;
      return svg`<g>
        <title>${b.batch ?? '(no batch)'}: ${b.people} people on ${b.first_date}${b.last_date !== b.first_date ? ` to ${b.last_date}` : ''} (${b.cumulative} in all)</title>
        <rect class="bar" data-testid="batch-bar" data-batch=${b.batch ?? ''} data-people=${b.people}
          x=${10 + i * w} y=${h - bh + 10} width=${w - 12} height=${bh}></rect>
        <text x=${10 + i * w} y=${h + 25} class="tick">${b.first_date}</text>
        <text x=${10 + i * w} y=${h + 37} class="tick">${b.people}</text>
      </g>`;
    })}
  </svg>`;
}

function person(e) {
  return html`<span data-entry=${e.entry}>${e.name}</span>
    <span class="muted">${e.father_name ? html`son of ${e.father_name}, ` : nothing}${e.list} ${e.entry}</span>`;
}

// The buttons that decide one candidate pair of the queue.
function decideButtons(q, x, choose) {
  const pick = (same) => () => choose({ a: q.a.prisoner, b: x.prisoner, same,
    aLabel: `${q.a.name} (${q.a.list} ${q.a.entry})`, bLabel: `${x.name} (${x.list} ${x.entry})` });
  return html`<span class="decide">
    <button type="button" data-testid="decide-same" data-b=${x.entry} @click=${pick(true)}>same person</button>
    <button type="button" data-testid="decide-different" data-b=${x.entry} @click=${pick(false)}>different</button>
  </span>`;
}

// The reconciliation's answer (docs/exchange.md): counts, matched pairs, the review queue.
function reviewQueue(r, choose) {
  const c = r.counts;
  return html`<p data-testid="reconcile-counts" data-matched=${c.matched_auto + c.matched_resolved}
      data-review=${c.review} data-unmatched-list=${c.unmatched_list}
      data-unmatched-against=${c.unmatched_against}>
    ${r.list} (${c.list_entries} entries) against ${r.against} (${c.against_entries}):
    ${c.matched_auto} matched automatically, ${c.matched_resolved} resolved as the same person,
    ${c.review} to review; unmatched: ${c.unmatched_list} of ${r.list},
    ${c.unmatched_against} of ${r.against}; ${c.duplicates} possible duplicates.</p>
    <table class="compact" data-testid="review-table">
      <caption>To review (${r.review.length})</caption>
      <thead><tr><th>${r.list}</th><th>reason</th><th>candidates in ${r.against} (score)</th></tr></thead>
      <tbody>${r.review.map((q) => html`<tr data-testid="review-item" data-a=${q.a.entry}
          data-candidates=${q.candidates.map((x) => `${x.entry}:${x.score}`).join(' ')}>
        <td>${person(q.a)}</td><td>${q.reason}</td>
        <td><ul class="plain">${q.candidates.map((x) => html`<li>${person(x)}
          <span class="num">${x.score}</span> ${decideButtons(q, x, choose)}</li>`)}</ul></td></tr>`)}</tbody>
    </table>
    <table class="compact" data-testid="matched-table">
      <caption>Matched (${r.matched.length})</caption>
      <thead><tr><th>${r.list}</th><th>${r.against}</th><th>score</th><th>source</th></tr></thead>
      <tbody>${r.matched.map((m) => html`<tr data-testid="matched-pair" data-a=${m.a.entry}
          data-b=${m.b.entry} data-score=${m.score ?? ''} data-source=${m.source}>
        <td>${person(m.a)}</td><td>${person(m.b)}</td>
        <td class="num">${m.score ?? ''}</td><td>${m.source}</td></tr>`)}</tbody>
    </table>
    <p class="muted" data-testid="resolve-note">Decide a pair with its buttons: the decision is a
      <code>verification</code> record signed here with your key, the same as
      <code>jirga exchange resolve --entry I --with J --same|--different</code>; the next
      reconciliation starts from it.</p>`;
}

export function createPage(ctx) {
  const state = { at: '', status: null, error: null, atError: null, loading: false };
  // The review queue: the two lists chosen, the answer or the server's refusal.
  const queue = { list: '', against: '', result: null, error: null, loading: false, gen: 0 };
  // A decision being made: the pair, then the signing's progress, error or appended record.
  const decision = { pair: null, busy: false, error: null, done: null };
  let disposed = false;
  let generation = 0;
  const rerender = () => {
    if (!disposed) ctx.rerender();
  };

  async function load() {
    if (state.at && !DAY.test(state.at)) {
      state.atError = 'a date YYYY-MM-DD';
      rerender();
      return;
    }
    state.atError = null;
    const gen = ++generation;
    state.loading = true;
    rerender();
    try {
      const status = await api.exchange.status(state.at ? `at=${encodeURIComponent(state.at)}` : '');
      if (gen !== generation) return;
      state.status = status;
      state.error = null;
    } catch (e) {
      if (gen !== generation) return;
      state.error = e.message;
    }
    state.loading = false;
    rerender();
  }
  load();

  function onSubmit(e) {
    e.preventDefault();
    state.at = new FormData(e.target).get('at')?.trim() ?? '';
    load();
  }

  // The agreement's clauses that count this list's releases, as the compliance engine evaluates
  // them on the same day (GET /v1/exchange/status adds them; docs/exchange.md).
  // Which stage of the schedule the next batch counts towards (GET /v1/exchange/status's
  // next_stage: the unmet clause with the smallest release target).
  function nextStage(n) {
    if (!n) return nothing;
    return html`<p data-testid="next-stage" data-id=${n.id} data-status=${n.status}
        data-needed=${n.needed ?? ''}>Next batch counts towards <strong>${n.id}</strong>
      (<span class="chip ${n.status}">${n.status}</span>${n.late ? html` <span class="chip late">late</span>` : nothing}):
      ${n.needed != null ? `${n.needed} more to reach ${n.target}` : `a target of ${n.target}`}${n.deadline ? ` (deadline ${n.deadline})` : ''}${n.status === 'not-in-force' ? ' once its conditions hold' : ''}.</p>`;
  }

  function schedule(clauses) {
    if (!clauses || clauses.length === 0) return nothing;
    return html`<table class="compact" data-testid="schedule">
      <caption>Release schedule (<a href="#/compliance${state.at ? `/${state.at}` : ''}">compliance</a>)</caption>
      <thead><tr><th>clause</th><th>status</th><th>released / target</th><th>deadline</th></tr></thead>
      <tbody>${clauses.map((c) => html`<tr data-testid="schedule-row" data-id=${c.id} data-status=${c.status}>
        <td title=${c.text}>${c.id}</td>
        <td><span class="chip ${c.status}">${c.status}</span>${c.late ? html` <span class="chip late">late</span>` : nothing}</td>
        <td class="num">${c.progress.value ?? '–'} / ${c.progress.target ?? '–'}</td>
        <td>${c.deadline ?? '–'}</td></tr>`)}</tbody></table>`;
  }

  async function loadQueue() {
    const gen = ++queue.gen;
    queue.loading = true;
    queue.error = null;
    rerender();
    try {
      const r = await api.exchange.reconcile(queue.list, queue.against);
      if (gen !== queue.gen) return;
      queue.result = r;
    } catch (e) {
      if (gen !== queue.gen) return;
      queue.result = null;
      queue.error = e.message;
    }
    queue.loading = false;
    rerender();
  }

  function onQueueSubmit(e) {
    e.preventDefault();
    const form = new FormData(e.target);
    queue.list = form.get('list') ?? '';
    queue.against = form.get('against') ?? '';
    loadQueue();
  }

  // Names must not outlive the session that fetched them.
  const unsubscribe = onSessionChange(() => {
    queue.gen++;
    Object.assign(queue, { result: null, error: null, loading: false });
    Object.assign(decision, { pair: null, busy: false, error: null, done: null });
    rerender();
  });

  function choose(pair) {
    Object.assign(decision, { pair, error: null, done: null });
    rerender();
  }

  // Signs the chosen decision with `keyText` (the signed-in party's key) and appends it.
  async function decide(keyText, notes) {
    const pair = decision.pair;
    const s = currentSession();
    if (!pair || decision.busy) return;
    decision.busy = true;
    decision.error = null;
    rerender();
    try {
      if (!s) throw new Error('signed out: sign in again to decide');
      const parsed = parsePrivateKeyText(keyText);
      let key;
      try {
        if (parsed.name !== s.keyName) {
          throw new Error(`this is the key "${parsed.name}", but you are signed in with "${s.keyName}": decide with the key you signed in with`);
        }
        key = await importPrivateKey(parsed);
      } finally {
        parsed.seed.fill(0);
      }
      const record = recordBytes({ kind: 'verification', party: s.party, time: recordTime(),
        body: resolutionBody(pair.a, pair.b, pair.same, notes) });
      const answer = await submitRecord(await signRecord(key, record));
      decision.done = { ...pair, index: answer.index, leafHash: answer.leafHash };
      decision.pair = null;
      loadQueue();
      load(); // the counts move too (matched, verified)
    } catch (e) {
      decision.error = e.message;
    }
    decision.busy = false;
    rerender();
  }

  function onDecideSubmit(e) {
    e.preventDefault();
    const form = e.target.elements;
    const text = form.key.value;
    form.key.value = ''; // not left in the page once used
    decide(text, form.notes.value);
  }

  async function onDecideFile(e) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      decide(await readKeyFile(file), e.target.form.elements.notes.value);
    } catch (err) {
      decision.error = err.message;
      rerender();
    }
  }

  function decisionPanel() {
    const d = decision;
    const done = d.done ? html`<p data-testid="decide-result" data-index=${d.done.index}
        data-leaf-hash=${d.done.leafHash}>Recorded as record ${d.done.index}: ${d.done.aLabel} and
        ${d.done.bLabel} ${d.done.same ? 'are the same person' : 'are different people'}.</p>` : nothing;
    if (!d.pair) return done;
    const s = currentSession();
    return html`<form class="decide-panel" data-testid="decide-form" @submit=${onDecideSubmit}>
      <p data-testid="decide-summary">Record, as <strong>${s?.party}</strong>, that
        ${d.pair.aLabel} and ${d.pair.bLabel}
        <strong>${d.pair.same ? 'are the same person' : 'are different people'}</strong>.</p>
      <label>Your key (<code>PRIVATE+KEY+${s?.keyName}+…</code>)
        <textarea name="key" data-testid="decide-key" rows="2" autocomplete="off" spellcheck="false"
          ?disabled=${d.busy}></textarea></label>
      <label>or its file <input type="file" data-testid="decide-file" @change=${onDecideFile} ?disabled=${d.busy}></label>
      <label>notes (kept in the record; personal data) <input name="notes" data-testid="decide-notes" ?disabled=${d.busy}></label>
      <p class="muted">The key signs this one record in the page and is not kept; only the record,
        its signature and your public key are sent.</p>
      <button type="submit" data-testid="decide-submit" ?disabled=${d.busy}>Sign and record</button>
      <button type="button" data-testid="decide-cancel" ?disabled=${d.busy}
        @click=${() => { Object.assign(decision, { pair: null, error: null }); rerender(); }}>Cancel</button>
      ${d.busy ? html`<span class="muted">Signing…</span>` : nothing}
      ${d.error ? html`<p class="error" data-testid="decide-error">${d.error}</p>` : nothing}
    </form>`;
  }

  function queueSection(lists) {
    if (!currentSession()) {
      return html`<p class="muted" data-testid="review-note">The reconciliation's review queue
        shows names (personal data). It is served only to mediators, verifiers and the parties
        entitled to both lists: sign in (top right) with such a party's key to see it here, or use
        <code>jirga exchange reconcile</code>.</p>`;
    }
    const names = lists.map((l) => l.list);
    const list = queue.list || names[0] || '';
    const against = queue.against || names.find((n) => n !== list) || '';
    const select = (name, value) => html`<select name=${name} data-testid=${`queue-${name}`}>
      ${names.map((n) => html`<option value=${n} ?selected=${n === value}>${n}</option>`)}</select>`;
    return html`<form class="toolbar" data-testid="queue-form" @submit=${onQueueSubmit}>
        <label>list ${select('list', list)}</label>
        <label>against ${select('against', against)}</label>
        <button type="submit" data-testid="queue-show" ?disabled=${names.length === 0}>Show</button>
        <span class="muted" data-testid="queue-loading">${queue.loading ? 'Loading…' : ''}</span>
      </form>
      ${queue.error ? html`<p class="error" data-testid="queue-error">${queue.error}</p>` : nothing}
      ${decisionPanel()}
      ${queue.result ? reviewQueue(queue.result, choose) : nothing}`;
  }

  function view() {
    const s = state.status;
    return html`<h1>Prisoner exchange</h1>
      <form class="toolbar" data-testid="exchange-filters" @submit=${onSubmit}>
        <label>as of <input name="at" data-testid="filter-at" placeholder="YYYY-MM-DD" .value=${state.at}></label>
        <button type="submit">Apply</button>
        ${state.atError ? html`<span class="error" data-testid="at-error">${state.atError}</span>` : nothing}
        <span class="muted" data-testid="exchange-loading">${state.loading ? 'Loading…' : ''}</span>
      </form>
      ${state.error ? html`<p class="error" data-testid="exchange-error">${state.error}</p>` : nothing}
      ${!s ? nothing : html`
        ${s.lists.length === 0 ? html`<p class="muted" data-testid="no-lists">No prisoner lists recorded.</p>` : nothing}
        <div class="cards">
          ${s.lists.map((l) => html`<section class="card" data-testid="exchange-list" data-list=${l.list}>
            <h2>${l.list}</h2>
            <table class="compact progress"><tbody>${progressRows(l, 'list-figure')}</tbody></table>
            <p data-testid="recidivism" data-released=${l.recidivism.released_people}
              data-linked=${l.recidivism.linked_to_incident}>
              Released people later linked to an incident: ${l.recidivism.linked_to_incident} of
              ${l.recidivism.released_people} (rate ${l.recidivism.rate}); re-arrested:
              ${l.recidivism.re_arrested}.</p>
            ${breakdown(l.by_category, 'category', 'By category', 'by-category')}
            ${breakdown(l.by_group, 'group', 'By priority group', 'by-group')}
            ${schedule(l.schedule)}
            ${nextStage(l.next_stage)}
          </section>`)}
        ${s.schedule_error ? html`<p class="error" data-testid="schedule-error">Release schedules
          could not be evaluated: ${s.schedule_error}</p>` : nothing}
        </div>
        <h2>Release batches</h2>
        ${timeline(s.batches)}
        <p class="muted" data-testid="records-caption">${s.records.counted} exchange records counted,
          ${s.records.redacted} redacted, ${s.records.with_notes} with notes (pointing at the wrong
          record). ${s.at ? `Records dated on or before ${s.at}.` : ''}</p>
        <h2>Review queue</h2>
        ${queueSection(s.lists)}
      `}`;
  }

  return {
    view,
    dispose() {
      disposed = true;
      unsubscribe();
    },
  };
}
