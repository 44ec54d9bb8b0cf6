// The Monitor page (#/monitor): filters, the province map (a tile grid of the 34 provinces, or a
// choropleth once a boundaries GeoJSON is loaded in this browser), the time series with baseline
// and ceasefire windows as bands, and the incident table with each claim's responses and
// findings in log order. Data from /v1/monitor/...; the view model is ../lib/monitor.js.

import { html, nothing, svg } from '/vendor/lit-html/lit-html.js';
import { api } from '../lib/api.js';
import {
  DEFAULT_FILTERS, colorClass, formatDay, incidentRow, incidentsQuery, legend, linearScale,
  matchFeatures, niceTicks, projectFeatures, provinceValues, seriesDomain, seriesPoints,
  summaryCaption, summaryQuery, tileLayout, validateFilters, windowBands,
} from '../lib/monitor.js';
import { SYNTHETIC_TITLE } from '../lib/synthetic.js';

// A boundaries file the user loaded is remembered by this browser (per dashboard origin).
export const BOUNDARIES_STORAGE_KEY = 'jirga.monitorBoundaries';
const MAX_BOUNDARIES_BYTES = 4 << 20;
const PAGE_SIZE = 100;
const EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians',
  'Protests', 'Riots', 'Strategic developments'];

function storage(op, value) {
  try {
    if (op === 'get') return localStorage.getItem(BOUNDARIES_STORAGE_KEY);
    if (value === null) localStorage.removeItem(BOUNDARIES_STORAGE_KEY);
    else localStorage.setItem(BOUNDARIES_STORAGE_KEY, value);
  } catch {
    // Storage disabled or full: the boundaries last as long as the page.
  }
  return null;
}

export function createPage(ctx) {
  const state = {
    filters: { ...DEFAULT_FILTERS },
    errors: {},
    provinces: null, // /v1/monitor/provinces
    parties: [],
    definitions: null,
    map: null, // summary by province
    series: null, // summary by day|week
    incidents: null, // {total, offset, incidents}
    loading: false,
    error: null,
    metric: 'events', // series and map: 'events' | 'fatalities'
    boundaries: null, // {name, geojson}
    boundariesError: null,
    mapMode: 'tiles',
  };
  let disposed = false;
  let generation = 0;
  const rerender = () => {
    if (!disposed) ctx.rerender();
  };

  async function loadStatic() {
    try {
      const [provinces, parties] = await Promise.all([api.monitor.provinces(), api.parties()]);
      state.provinces = provinces;
      state.parties = parties.map((p) => p.id);
      const stored = storage('get');
      if (stored) setBoundaries(stored, 'remembered file', false);
    } catch (e) {
      state.error = e.message;
    }
    rerender();
  }

  async function load() {
    const check = validateFilters(state.filters);
    state.errors = check.ok ? {} : check.errors;
    if (!check.ok) {
      rerender();
      return;
    }
    const gen = ++generation;
    state.loading = true;
    rerender();
    const f = state.filters;
    try {
      const [map, series, definitions, incidents] = await Promise.all([
        api.monitor.summary(summaryQuery(f, 'province')),
        api.monitor.summary(summaryQuery(f, f.step)),
        api.monitor.definitions(),
        api.monitor.incidents(incidentsQuery(f, { limit: PAGE_SIZE })),
      ]);
      if (disposed || gen !== generation) return;
      Object.assign(state, { map, series, definitions, incidents, error: null });
    } catch (e) {
      if (gen !== generation) return;
      state.error = e.message;
    }
    state.loading = false;
    rerender();
  }

  async function more() {
    const f = state.filters;
    const gen = generation;
    try {
      const next = await api.monitor.incidents(incidentsQuery(f,
        { limit: PAGE_SIZE, offset: state.incidents.incidents.length }));
      if (gen !== generation) return;
      state.incidents = { ...next, incidents: [...state.incidents.incidents, ...next.incidents] };
    } catch (e) {
      state.error = e.message;
    }
    rerender();
  }

  function setBoundaries(text, name, remember) {
    try {
      if (text.length > MAX_BOUNDARIES_BYTES) throw new Error('the file is larger than 4 MiB');
      const geojson = JSON.parse(text);
      const match = matchFeatures(geojson, state.provinces ?? []);
      if (match.matched.length === 0) throw new Error('no feature matches a province');
      projectFeatures(match.matched, 10, 10); // throws on bad coordinates, before we keep it
      state.boundaries = { name, match };
      state.boundariesError = null;
      state.mapMode = 'choropleth';
      if (remember) storage('set', text);
    } catch (e) {
      state.boundariesError = `${name}: ${e.message}`;
    }
  }

  const handlers = {
    change(e) {
      const form = e.currentTarget;
      const f = { ...state.filters };
      for (const k of ['from', 'to', 'party', 'status', 'step', 'province', 'type']) {
        if (form.elements[k]) f[k] = form.elements[k].value;
      }
      f.precision = Number(form.elements.precision.value);
      state.filters = f;
      load();
    },
    submit(e) {
      e.preventDefault();
      handlers.change(e);
    },
    reset(e) {
      e.preventDefault();
      state.filters = { ...DEFAULT_FILTERS };
      load();
    },
    metric(e) {
      state.metric = e.currentTarget.value;
      rerender();
    },
    mapMode(e) {
      state.mapMode = e.currentTarget.value;
      rerender();
    },
    async file(e) {
      const file = e.currentTarget.files?.[0];
      if (!file) return;
      if (file.size > MAX_BOUNDARIES_BYTES) {
        state.boundariesError = `${file.name}: the file is larger than 4 MiB`;
      } else {
        setBoundaries(await file.text(), file.name, true);
      }
      rerender();
    },
    forget() {
      storage('set', null);
      state.boundaries = null;
      state.mapMode = 'tiles';
      rerender();
    },
    pickProvince(iso) {
      state.filters = { ...state.filters, province: state.filters.province === iso ? '' : iso };
      load();
    },
    more,
  };

  loadStatic().then(() => {
    if (!disposed && !state.error) load();
  });

  return {
    dispose() {
      disposed = true;
    },
    view: () => view(state, handlers),
  };
}

// ---------------------------------------------------------------------------------------------

function view(s, h) {
  if (s.error && !s.map) {
    return html`<h1>Monitor</h1><p class="error" data-testid="monitor-error">${s.error}</p>`;
  }
  if (!s.provinces) return html`<h1>Monitor</h1><p class="muted">Loading…</p>`;
  const names = new Map(s.provinces.map((p) => [p.iso, p.en]));
  return html`
    <h1>Monitor</h1>
    ${filtersView(s, h, names)}
    ${s.error ? html`<p class="error" data-testid="monitor-error">${s.error}</p>` : nothing}
    <p class="muted" aria-live="polite" data-testid="monitor-loading">${s.loading ? 'Loading…' : ''}</p>
    ${s.map ? mapSection(s, h, names) : nothing}
    ${s.series ? seriesSection(s, h) : nothing}
    ${s.incidents ? incidentSection(s, h, names) : nothing}`;
}

function filtersView(s, h, names) {
  const f = s.filters;
  const err = (k) => (s.errors[k] ? html`<span class="error" id="err-${k}" data-testid="filter-error-${k}">${s.errors[k]}</span>` : nothing);
  return html`
    <form class="filters" data-testid="monitor-filters" @change=${h.change} @submit=${h.submit}
        @reset=${h.reset} aria-label="Monitor filters">
      <label>From <input type="date" name="from" .value=${f.from} data-testid="filter-from"
        aria-describedby="err-from"></label>${err('from')}
      <label>To <input type="date" name="to" .value=${f.to} data-testid="filter-to"
        aria-describedby="err-to"></label>${err('to')}
      <label>Reported by <select name="party" data-testid="filter-party" .value=${f.party}>
        <option value="" ?selected=${f.party === ''}>any party</option>
        ${s.parties.map((p) => html`<option value=${p} ?selected=${f.party === p}>${p}</option>`)}
      </select></label>
      <label>Status <select name="status" data-testid="filter-status" .value=${f.status}>
        <option value="all" ?selected=${f.status === 'all'}>all (not retracted)</option>
        <option value="agreed" ?selected=${f.status === 'agreed'}>agreed</option>
        <option value="disputed" ?selected=${f.status === 'disputed'}>disputed</option>
      </select></label>
      <label title="UCDP where_prec scale: 1 exact place … 4 province … 7 international">
        Place precision on the map ≤ <select name="precision" data-testid="filter-precision"
          .value=${String(f.precision)}>
        ${[1, 2, 3, 4, 5, 6, 7].map((p) => html`<option value=${p} ?selected=${f.precision === p}>${p}</option>`)}
      </select></label>
      <label>Series per <select name="step" data-testid="filter-step" .value=${f.step}>
        <option value="day" ?selected=${f.step === 'day'}>day</option>
        <option value="week" ?selected=${f.step === 'week'}>week</option>
      </select></label>
      <label>Table: province <select name="province" data-testid="filter-province" .value=${f.province}>
        <option value="" ?selected=${f.province === ''}>any</option>
        ${[...names].map(([iso, en]) => html`<option value=${iso} ?selected=${f.province === iso}>${en}</option>`)}
      </select></label>
      <label>type <select name="type" data-testid="filter-type" .value=${f.type}>
        <option value="" ?selected=${f.type === ''}>any</option>
        ${EVENT_TYPES.map((t) => html`<option value=${t} ?selected=${f.type === t}>${t}</option>`)}
      </select></label>
      <button type="submit" data-testid="filter-apply">Apply</button>
      <button type="reset" class="secondary" data-testid="filter-reset">Reset</button>
    </form>`;
}

// ---------------------------------------------------------------------------------------------
// The map.

function valueOf(v, metric) {
  return metric === 'fatalities' ? v.fatalities.best : v.events;
}

function describe(name, v) {
  const f = v.fatalities;
  return `${name}: ${v.events} event${v.events === 1 ? '' : 's'}, fatalities ${f.best}` +
    (f.low !== f.high ? ` (${f.low}–${f.high})` : '');
}

function mapSection(s, h, names) {
  const values = provinceValues(s.map.rows);
  const max = s.metric === 'fatalities' ? values.maxFatalities : values.maxEvents;
  const zero = { events: 0, fatalities: { low: 0, best: 0, high: 0 } };
  const get = (iso) => values.byIso.get(iso) ?? { ...zero, name: names.get(iso) };
  const selected = s.filters.province;
  const choropleth = s.mapMode === 'choropleth' && s.boundaries;
  const rows = [...values.byIso].filter(([, v]) => v.events > 0)
    .sort((a, b) => b[1].events - a[1].events || (a[1].name < b[1].name ? -1 : 1));
  return html`
    <section data-testid="map-section">
      <h2>Incidents by province</h2>
      <div class="toolbar">
        <label>Colour by <select @change=${h.metric} data-testid="map-metric" .value=${s.metric}>
          <option value="events" ?selected=${s.metric === 'events'}>events</option>
          <option value="fatalities" ?selected=${s.metric === 'fatalities'}>fatalities (best)</option>
        </select></label>
        <label>Map <select @change=${h.mapMode} data-testid="map-mode" .value=${s.mapMode}>
          <option value="tiles" ?selected=${s.mapMode === 'tiles'}>tile grid</option>
          <option value="choropleth" ?selected=${s.mapMode === 'choropleth'} ?disabled=${!s.boundaries}>boundaries (choropleth)</option>
        </select></label>
        <label>Boundaries GeoJSON (read in this browser, not uploaded)
          <input type="file" accept=".geojson,.json,application/geo+json,application/json"
            @change=${h.file} data-testid="boundaries-file"></label>
        ${s.boundaries ? html`<button type="button" class="secondary" @click=${h.forget}
          data-testid="boundaries-forget">Forget ${s.boundaries.name}</button>` : nothing}
      </div>
      ${s.boundariesError ? html`<p class="error" data-testid="boundaries-error">${s.boundariesError}</p>` : nothing}
      <p class="caption" data-testid="map-caption">${summaryCaption(s.map.meta)}</p>
      ${choropleth ? choroplethSvg(s, h, get, max, selected) : tilesSvg(s, h, get, max, selected)}
      <ul class="legend" aria-label="Colour legend (${s.metric})">${legend(max).map((l) => html`
        <li><svg width="14" height="14" aria-hidden="true"><rect class="c${l.cls}" width="14" height="14"></rect></svg>${l.label}</li>`)}
      </ul>
      ${choropleth ? matchReport(s.boundaries) : nothing}
      <table data-testid="province-table" class="compact">
        <caption class="muted">The same numbers as text (provinces with events; click a tile or a
          name to filter the incident table).</caption>
        <thead><tr><th>Province</th><th>Events</th><th>Fatalities best (low–high)</th></tr></thead>
        <tbody>${rows.map(([iso, v]) => html`
          <tr data-testid="province-row" data-iso=${iso} data-events=${v.events}>
            <td><button type="button" class="link" @click=${() => h.pickProvince(iso)}>${v.name}</button></td>
            <td>${v.events}</td><td>${v.fatalities.best} (${v.fatalities.low}–${v.fatalities.high})</td>
          </tr>`)}
          ${values.coarser ? html`<tr data-testid="province-row" data-iso="" data-events=${values.coarser.events}>
            <td>not placed in a province</td><td>${values.coarser.events}</td>
            <td>${values.coarser.fatalities.best} (${values.coarser.fatalities.low}–${values.coarser.fatalities.high})</td></tr>` : nothing}
        </tbody>
      </table>
    </section>`;
}

function tilesSvg(s, h, get, max, selected) {
  const size = 60;
  const tiles = tileLayout(size, 4);
  const width = Math.max(...tiles.map((t) => t.x)) + size;
  const height = Math.max(...tiles.map((t) => t.y)) + size;
  return html`<svg class="map" viewBox="0 0 ${width} ${height}" role="group" data-testid="map-tiles"
      aria-labelledby="map-title">
    <title id="map-title">Tile map of the 34 provinces, coloured by ${s.metric}</title>
    ${tiles.map((t) => {
      const v = get(t.iso);
      const cls = colorClass(valueOf(v, s.metric), max);
      return svg`<g class="tile" data-testid="map-tile" data-iso=${t.iso} data-events=${v.events}
          data-fatalities=${v.fatalities.best} tabindex="0" role="button"
          aria-pressed=${selected === t.iso ? 'true' : 'false'} aria-label=${describe(v.name, v)}
          @click=${() => h.pickProvince(t.iso)}
          @keydown=${(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); h.pickProvince(t.iso); } }}>
        <title>${describe(v.name, v)}</title>
        <rect class="c${cls}${selected === t.iso ? ' selected' : ''}" x=${t.x} y=${t.y} width=${t.size} height=${t.size} rx="4"></rect>
        <text class="tile-code${cls >= 3 ? ' on-dark' : ''}" x=${t.x + t.size / 2} y=${t.y + 22}>${t.iso.slice(3)}</text>
        <text class="tile-value${cls >= 3 ? ' on-dark' : ''}" x=${t.x + t.size / 2} y=${t.y + 44}>${valueOf(v, s.metric)}</text>
      </g>`;
    })}
  </svg>`;
}

function choroplethSvg(s, h, get, max, selected) {
  const width = 720;
  const height = 560;
  const paths = projectFeatures(s.boundaries.match.matched, width, height, 8);
  return html`<svg class="map" viewBox="0 0 ${width} ${height}" role="group" data-testid="map-choropleth"
      aria-labelledby="choro-title">
    <title id="choro-title">Province map from ${s.boundaries.name}, coloured by ${s.metric}</title>
    ${paths.map((p) => {
      const v = get(p.iso);
      const cls = colorClass(valueOf(v, s.metric), max);
      return svg`<path class="c${cls}${selected === p.iso ? ' selected' : ''}" d=${p.d}
          data-testid="map-area" data-iso=${p.iso} data-events=${v.events} tabindex="0" role="button"
          aria-label=${describe(v.name, v)} @click=${() => h.pickProvince(p.iso)}
          @keydown=${(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); h.pickProvince(p.iso); } }}>
        <title>${describe(v.name, v)}</title></path>`;
    })}
  </svg>`;
}

function matchReport(b) {
  const { matched, unmatched, missing, duplicates } = b.match;
  const notes = matched.filter((m) => m.note);
  return html`<details class="match" data-testid="boundaries-report">
    <summary>${b.name}: ${matched.length} features matched to provinces${notes.length ? `, ${notes.length} with a correction` : ''}${unmatched.length ? `, ${unmatched.length} not drawn` : ''}${missing.length ? `, ${missing.length} provinces without a boundary` : ''}</summary>
    <ul>
      ${notes.map((m) => html`<li data-testid="boundaries-note" data-iso=${m.iso}>${m.iso}: ${m.note}</li>`)}
      ${unmatched.map((u) => html`<li data-testid="boundaries-unmatched">not drawn: ${u.name ?? '(no name)'} ${u.code ?? ''}: ${u.reason}</li>`)}
      ${missing.length ? html`<li data-testid="boundaries-missing">no boundary for: ${missing.join(', ')}</li>` : nothing}
      ${duplicates.length ? html`<li data-testid="boundaries-duplicates">more than one feature for: ${duplicates.join(', ')} (all drawn)</li>` : nothing}
    </ul>
  </details>`;
}

// ---------------------------------------------------------------------------------------------
// The time series.

function seriesSection(s, h) {
  const step = s.filters.step;
  const domain = seriesDomain(s.series.rows, step, s.definitions, s.filters);
  const points = domain ? seriesPoints(s.series.rows, step, domain.from, domain.to) : [];
  const bands = domain ? windowBands(s.definitions, domain.from, domain.to) : [];
  return html`
    <section data-testid="series-section">
      <h2>Over time (${s.metric === 'fatalities' ? 'fatalities, best estimate' : 'events'} per ${step})</h2>
      <p class="caption" data-testid="series-caption">${summaryCaption(s.series.meta)}</p>
      ${points.length === 0 ? html`<p class="muted" data-testid="series-empty">No incidents and no windows in this period.</p>`
        : seriesSvg(points, bands, s.metric, step)}
      <ul class="windows" data-testid="window-list">
        ${bands.map((b) => html`<li data-kind=${b.kind}><span class="swatch ${b.kind}" aria-hidden="true"></span>${b.label}${b.clipped ? ' (partly outside the period shown)' : ''}</li>`)}
        ${bands.length === 0 ? html`<li class="muted">No baseline or ceasefire window in this period.</li>` : nothing}
      </ul>
      <details>
        <summary>The series as text</summary>
        <table class="compact" data-testid="series-table">
          <thead><tr><th>${step === 'week' ? 'Week' : 'Day'}</th><th>Events</th><th>Fatalities best (low–high)</th></tr></thead>
          <tbody>${points.filter((p) => p.events > 0).map((p) => html`<tr><td>${p.label}</td><td>${p.events}</td>
            <td>${p.fatalities.best} (${p.fatalities.low}–${p.fatalities.high})</td></tr>`)}</tbody>
        </table>
      </details>
    </section>`;
}

function seriesSvg(points, bands, metric, step) {
  const W = 720;
  const H = 240;
  // The top strip marks the windows in solid colour, so a band stays visible above tall bars.
  const m = { left: 44, right: 12, top: 24, bottom: 34 };
  const stepDays = step === 'week' ? 7 : 1;
  const first = points[0].day;
  const last = points[points.length - 1].day + stepDays; // the end of the last bar
  const x = linearScale([first, last], [m.left, W - m.right]);
  const value = (p) => (metric === 'fatalities' ? p.fatalities.best : p.events);
  const ticks = niceTicks(points.reduce((mx, p) => Math.max(mx, value(p)), 0), 4);
  const y = linearScale([0, ticks[ticks.length - 1]], [H - m.bottom, m.top]);
  const barW = Math.max(1, x(first + stepDays) - x(first) - 1);
  // About 6 date labels along the axis.
  const every = Math.max(1, Math.ceil(points.length / 6));
  return html`<svg class="series" viewBox="0 0 ${W} ${H}" role="img" data-testid="series-chart"
      aria-labelledby="series-title">
    <title id="series-title">${metric} per ${step}, ${formatDay(first)} to ${formatDay(last - 1)}</title>
    ${bands.map((b) => {
      const bx = x(b.from);
      const bw = Math.max(1, x(b.to + 1) - x(b.from));
      return svg`<g class="window"><title>${b.label}</title>
        <rect class="band ${b.kind}" data-testid="band-${b.kind}" data-id=${b.id}
          x=${bx} y=${m.top} width=${bw} height=${H - m.top - m.bottom}></rect>
        <rect class="band-mark ${b.kind}" x=${bx} y="4" width=${bw} height="16"></rect>
        ${bw > 70 ? svg`<text class="band-label" x=${bx + 4} y="16">${b.kind} ${b.id}</text>` : nothing}
      </g>`;
    })}
    ${ticks.map((t) => svg`<line class="grid" x1=${m.left} x2=${W - m.right} y1=${y(t)} y2=${y(t)}></line>
      <text class="axis" x=${m.left - 6} y=${y(t) + 4} text-anchor="end">${t}</text>`)}
    ${points.map((p) => svg`<rect class="bar" data-testid="series-bar" data-day=${formatDay(p.day)}
        data-value=${value(p)} x=${x(p.day)} y=${y(value(p))} width=${barW}
        height=${Math.max(0, y(0) - y(value(p)))}><title>${p.label}: ${p.events} events, fatalities ${p.fatalities.best}</title></rect>`)}
    ${points.filter((_, i) => i % every === 0).map((p) => svg`<text class="axis" x=${x(p.day)}
        y=${H - m.bottom + 16}>${formatDay(p.day)}</text>`)}
  </svg>`;
}

// ---------------------------------------------------------------------------------------------
// The incident table.

function incidentSection(s, h, names) {
  const list = s.incidents;
  const rows = list.incidents.map((item) => incidentRow(item, names));
  const f = s.filters;
  const scope = [`status ${f.status}`, f.party && `reported by ${f.party}`,
    f.province && `in ${names.get(f.province) ?? f.province}`, f.type && `type ${f.type}`,
    f.from && `from ${f.from}`, f.to && `to ${f.to}`].filter(Boolean).join(', ');
  return html`
    <section data-testid="incident-section">
      <h2>Incidents</h2>
      <p class="caption" data-testid="incident-caption">Showing ${rows.length} of
        <span data-testid="incident-total">${list.total}</span> incidents (${scope}). Place
        precision filter: none (every incident is listed with its own precision);
        ${f.status === 'all' ? 'retracted incidents are left out.' : 'incidents of other statuses and retracted ones are left out.'}</p>
      <table data-testid="incident-table">
        <thead><tr><th>#</th><th>Date</th><th>Place</th><th>Event</th><th>Perpetrator (alleged)</th>
          <th>Fatalities</th><th>Reported by</th><th>Status</th><th>Responses and findings</th></tr></thead>
        <tbody>${rows.map((r) => html`
          <tr data-testid="incident-row" data-index=${r.index} data-status=${r.status}>
            <td><a href="#/explorer/${r.index}">${r.index}</a>${r.synthetic ? html`
              <div class="synthetic" title=${SYNTHETIC_TITLE} data-testid="incident-synthetic">synthetic</div>` : nothing}</td>
            <td>${r.date}</td><td>${r.place}</td><td>${r.type}</td>
            <td>${r.perpetrator}${r.target ? html`<div class="muted">target: ${r.target}</div>` : nothing}</td>
            <td>${r.fatalities}</td><td class="mono">${r.reporter}</td>
            <td><span class="status ${r.status}" data-testid="incident-status">${r.statusText}</span></td>
            <td>${r.history.length === 0 ? html`<span class="muted">none</span>` : html`<ol class="history">
              ${r.history.map((x) => html`<li data-testid="incident-history">
                <a href="#/explorer/${x.index}">#${x.index}</a> <span class="mono">${x.party}</span>
                <strong>${x.what}</strong>${x.effect ? html` <em class="muted">(no effect: ${x.effect})</em>` : nothing}:
                ${x.text}</li>`)}</ol>`}</td>
          </tr>`)}</tbody>
      </table>
      ${rows.length < list.total ? html`<button type="button" class="secondary" @click=${h.more}
        data-testid="incident-more">Show ${Math.min(PAGE_SIZE, list.total - rows.length)} more</button>` : nothing}
    </section>`;
}
