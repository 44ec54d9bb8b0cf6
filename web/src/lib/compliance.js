// The compliance and dialogue pages' view model (docs/dashboard.md "Compliance", "Dialogue"):
// pure functions from the answers of /v1/compliance/... and /v1/dialogue/sessions
// (docs/http-api.md §9) to what the pages draw — the `at` date check, the board of clauses by
// obligor, status chips, PAM score labels, progress, the timeline's layout, the per-party score
// text and the synthetic-illustration flag. No DOM, no fetch: run under Node too.

import { dayNumber, formatDay, linearScale } from './monitor.js';
import { SYNTHETIC_PREFIX } from './synthetic.js';

export { dayNumber, formatDay };

// The range the server accepts for `at` (src/compliance/date.h).
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** Checks the `at` field: '' (today) or a real day YYYY-MM-DD in 1900–2199. {ok} or {ok, error}. */
export function validateAt(at) {
  if (at === '') return { ok: true };
  if (dayNumber(at) === null) return { ok: false, error: 'the date must be a real day YYYY-MM-DD' };
  const year = Number(at.slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, error: `the year must be ${MIN_YEAR} to ${MAX_YEAR}` };
  }
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Clauses.

export const STATUSES = ['met', 'pending', 'overdue', 'breached', 'not-in-force', 'unknown'];

/** The text shown in a status chip. */
export function statusLabel(status) {
  return { 'not-in-force': 'not in force' }[status] ?? status;
}

// Peace Accords Matrix (docs/compliance.md §2).
export const PAM_LABELS = ['not initiated', 'minimal', 'intermediate', 'full'];

/** "2 · intermediate"; "–" for a clause the engine could not score (null). */
export function scoreLabel(score) {
  if (score === null || score === undefined) return '–';
  return `${score} · ${PAM_LABELS[score] ?? '?'}`;
}

/**
 * Groups clauses (in the server's order) by obligor, obligors sorted by id:
 * [{obligor, clauses: [...]}].
 */
export function groupByObligor(clauses) {
  const groups = new Map();
  for (const c of clauses) {
    if (!groups.has(c.obligor)) groups.set(c.obligor, []);
    groups.get(c.obligor).push(c);
  }
  return [...groups.keys()].sort().map((obligor) => ({ obligor, clauses: groups.get(obligor) }));
}

/** Counts of clauses per status, every status present: {met: 2, pending: 0, ...}. */
export function statusCounts(clauses) {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (const c of clauses) out[c.status] = (out[c.status] ?? 0) + 1;
  return out;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** 13000 → "13,000"; null → "–". */
export function formatNumber(n) {
  return n === null || n === undefined ? '–' : numberFormat.format(n);
}

/**
 * The progress of a clause with numeric progress: {value, target, fraction (0..1), text:
 * "now 13,000, target 8,600 (0% done)"}; null for a clause without one (met by a claim, or unknown).
 */
export function progressOf(clause) {
  const p = clause.progress;
  if (!p || p.value === null || p.target === null) return null;
  const fraction = p.fraction === null || p.fraction === undefined ? 0 : Math.min(1, Math.max(0, p.fraction));
  return {
    value: p.value,
    target: p.target,
    fraction,
    text: `now ${formatNumber(p.value)}, target ${formatNumber(p.target)} (${Math.round(fraction * 100)}% done)`,
  };
}

/** The line under a clause: its projection's text, or the engine's error, or ''. */
export function noteOf(clause) {
  if (clause.error) return clause.error;
  return clause.projection?.text ?? '';
}

// The demo's labelling rule (src/demo/doha2020.h, lib/synthetic.js): a record that illustrates
// rather than states a fact of the public record has `"synthetic": true` or free text starting
// with SYNTHETIC_PREFIX. Here it is applied to the compliance answers (clause text, session title).
export { SYNTHETIC_PREFIX };

/**
 * Whether a clause or session is marked as a synthetic illustration: `"synthetic": true`, or its
 * `text` (a clause) or `title` (a session) starting with "[synthetic]". Anything else is shown as
 * a record of the public record.
 */
export function isSynthetic(item) {
  if (!item || typeof item !== 'object') return false;
  if (item.synthetic === true) return true;
  return [item.text, item.title].some((t) => typeof t === 'string' && t.startsWith(SYNTHETIC_PREFIX));
}

/** The text without the "[synthetic]" marker (the page shows a badge instead). */
export function withoutMarker(text) {
  return typeof text === 'string' && text.startsWith(SYNTHETIC_PREFIX)
    ? text.slice(SYNTHETIC_PREFIX.length).trimStart() : text;
}

// ---------------------------------------------------------------------------------------------
// Per-party scores.

/** "1.67 / 3" for a mean PAM score; "no clause in force" for null. */
export function partyScoreText(score) {
  if (score === null || score === undefined) return 'no clause in force';
  return `${numberFormat.format(Math.round(score * 100) / 100)} / 3`;
}

/** "2 met (1 late), 1 overdue, 1 pending" — the non-zero counts of a party summary. */
export function partyCountsText(p) {
  const parts = [];
  if (p.met) parts.push(`${p.met} met${p.late ? ` (${p.late} late)` : ''}`);
  for (const [k, label] of [['breached', 'breached'], ['overdue', 'overdue'], ['pending', 'pending'],
    ['not_in_force', 'not in force'], ['unknown', 'unknown']]) {
    if (p[k]) parts.push(`${p[k]} ${label}`);
  }
  return parts.length ? parts.join(', ') : 'no clauses';
}

// ---------------------------------------------------------------------------------------------
// Timeline: one row per clause, days on a shared horizontal axis.

export const TIMELINE_MARKS = ['recorded', 'in_force', 'deadline', 'met', 'breached', 'projected'];

/**
 * Lays out the timeline entries (GET /v1/compliance/timeline) on an axis `width` wide, with
 * `rowHeight` per clause below a `top` margin, left margin `left`. `at` (YYYY-MM-DD) is drawn as
 * a line and widens the domain. Returns {domain: [day, day], x(day), atX, ticks: [{x, label}],
 * rows: [{id, obligor, status, y, from, to, marks: [{type, day, date, x}]}], height}.
 * `from`..`to` spans the clause's known dates (recorded to the last of its marks, or `at`).
 */
export function timelineLayout(entries, { at = '', width = 720, left = 200, right = 16, top = 24,
  rowHeight = 26 } = {}) {
  const atDay = at ? dayNumber(at) : null;
  const days = [];
  for (const e of entries) {
    for (const m of TIMELINE_MARKS) {
      const d = typeof e[m] === 'string' ? dayNumber(e[m]) : null;
      if (d !== null) days.push(d);
    }
  }
  if (atDay !== null) days.push(atDay);
  let lo = days.length ? Math.min(...days) : 0;
  let hi = days.length ? Math.max(...days) : 1;
  if (hi - lo < 14) {
    lo -= 7;
    hi += 7;
  }
  const x = linearScale([lo, hi], [left, width - right]);
  const rows = entries.map((e, i) => {
    const marks = [];
    for (const type of TIMELINE_MARKS) {
      const d = typeof e[type] === 'string' ? dayNumber(e[type]) : null;
      if (d !== null) marks.push({ type, day: d, date: e[type], x: x(d) });
    }
    const recorded = dayNumber(e.recorded) ?? lo;
    const last = Math.max(recorded, ...marks.map((m) => m.day), atDay ?? recorded);
    return { id: e.id, obligor: e.obligor, status: e.status, late: e.late === true,
      y: top + i * rowHeight + rowHeight / 2, from: x(recorded), to: x(last), marks };
  });
  return { domain: [lo, hi], x, atX: atDay === null ? null : x(atDay), ticks: monthTicks(lo, hi, x),
    rows, height: top + entries.length * rowHeight + 8 };
}

/** Ticks on the first of months between two days, thinned to at most 8: [{x, label: "2020-03"}]. */
export function monthTicks(lo, hi, x) {
  const firsts = [];
  const start = new Date(lo * 86_400_000);
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth() + (start.getUTCDate() === 1 ? 0 : 1);
  for (;;) {
    const day = Math.round(Date.UTC(y, m, 1) / 86_400_000);
    if (day > hi) break;
    firsts.push(day);
    m += 1;
  }
  const step = Math.max(1, Math.ceil(firsts.length / 8));
  return firsts.filter((_, i) => i % step === 0).map((d) => ({ x: x(d), label: formatDay(d).slice(0, 7) }));
}
