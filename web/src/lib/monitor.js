// The monitor page's view model (docs/dashboard.md "Monitor"): pure functions from the answers of
// /v1/monitor/... (docs/http-api.md) to what the page draws — the tile grid of the 34 provinces,
// colour classes, the choropleth's GeoJSON matched to the gazetteer and projected to SVG paths,
// the time series with its baseline and ceasefire bands, the incident table's rows, and the
// captions saying what each view counted and left out. No DOM, no fetch: run under Node too.

import { isSynthetic } from './synthetic.js';

// ---------------------------------------------------------------------------------------------
// Dates: day numbers (days since 1970-01-01, UTC), as the server counts them.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "2020-03-01" → day number; null for anything that is not a real calendar date. */
export function dayNumber(date) {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return null;
  }
  return Math.round(ms / 86_400_000);
}

/** Day number → "YYYY-MM-DD". */
export function formatDay(day) {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The Monday (day number) of the ISO week holding `day` (1970-01-01 was a Thursday). */
export function isoMonday(day) {
  return day - ((((day + 3) % 7) + 7) % 7);
}

// ---------------------------------------------------------------------------------------------
// Filters → query strings.

export const STATUS_FILTERS = ['agreed', 'disputed', 'all'];
export const DEFAULT_FILTERS = Object.freeze({
  from: '', to: '', party: '', status: 'all', precision: 4, step: 'day', province: '', type: '',
});

/**
 * Checks the filter form. Returns {ok: true} or {ok: false, errors: {field: message}}; the page
 * queries nothing while a field is wrong.
 */
export function validateFilters(f) {
  const errors = {};
  for (const k of ['from', 'to']) {
    if (f[k] !== '' && dayNumber(f[k]) === null) errors[k] = `${k} must be a date YYYY-MM-DD`;
  }
  if (!errors.from && !errors.to && f.from !== '' && f.to !== '' && dayNumber(f.to) < dayNumber(f.from)) {
    errors.to = 'to must not be before from';
  }
  if (f.party !== '' && !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(f.party)) {
    errors.party = 'party must be a party id (a-z, 0-9, . _ -)';
  }
  if (!STATUS_FILTERS.includes(f.status)) errors.status = 'status must be agreed, disputed or all';
  if (!Number.isInteger(Number(f.precision)) || f.precision < 1 || f.precision > 7) {
    errors.precision = 'place precision must be 1 to 7';
  }
  if (f.step !== 'day' && f.step !== 'week') errors.step = 'step must be day or week';
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

function query(pairs) {
  const q = new URLSearchParams();
  for (const [k, v] of pairs) if (v !== '' && v !== undefined && v !== null) q.set(k, String(v));
  return q.toString();
}

/** The query of /v1/monitor/summary for the map (`by=province`) or the series (`by=day|week`). */
export function summaryQuery(f, by) {
  const pairs = [['by', by], ['from', f.from], ['to', f.to], ['party', f.party], ['status', f.status]];
  if (by === 'province') pairs.push(['max_precision', f.precision]);
  return query(pairs);
}

/** The query of /v1/monitor/incidents for the table. */
export function incidentsQuery(f, { limit = 100, offset = 0 } = {}) {
  return query([['from', f.from], ['to', f.to], ['party', f.party], ['status', f.status],
    ['province', f.province], ['type', f.type], ['limit', limit], ['offset', offset]]);
}

// ---------------------------------------------------------------------------------------------
// The tile grid: one square per province, placed by hand to follow the map roughly (north at the
// top, Herat west, Badakhshan north-east, Nimroz south-west). Keyed by ISO 3166-2:AF code.

export const TILE_GRID = Object.freeze([
  { iso: 'AF-JOW', row: 0, col: 2 }, { iso: 'AF-BAL', row: 0, col: 3 },
  { iso: 'AF-KDZ', row: 0, col: 4 }, { iso: 'AF-TAK', row: 0, col: 5 },
  { iso: 'AF-BDS', row: 0, col: 6 },
  { iso: 'AF-BDG', row: 1, col: 0 }, { iso: 'AF-FYB', row: 1, col: 1 },
  { iso: 'AF-SAR', row: 1, col: 2 }, { iso: 'AF-SAM', row: 1, col: 3 },
  { iso: 'AF-BGL', row: 1, col: 4 }, { iso: 'AF-PAN', row: 1, col: 5 },
  { iso: 'AF-NUR', row: 1, col: 6 },
  { iso: 'AF-HER', row: 2, col: 0 }, { iso: 'AF-GHO', row: 2, col: 1 },
  { iso: 'AF-BAM', row: 2, col: 2 }, { iso: 'AF-PAR', row: 2, col: 3 },
  { iso: 'AF-KAP', row: 2, col: 4 }, { iso: 'AF-LAG', row: 2, col: 5 },
  { iso: 'AF-KNR', row: 2, col: 6 },
  { iso: 'AF-DAY', row: 3, col: 1 }, { iso: 'AF-WAR', row: 3, col: 2 },
  { iso: 'AF-KAB', row: 3, col: 3 }, { iso: 'AF-LOG', row: 3, col: 4 },
  { iso: 'AF-NAN', row: 3, col: 5 },
  { iso: 'AF-FRA', row: 4, col: 0 }, { iso: 'AF-URU', row: 4, col: 1 },
  { iso: 'AF-GHA', row: 4, col: 2 }, { iso: 'AF-PIA', row: 4, col: 3 },
  { iso: 'AF-KHO', row: 4, col: 4 },
  { iso: 'AF-NIM', row: 5, col: 0 }, { iso: 'AF-HEL', row: 5, col: 1 },
  { iso: 'AF-KAN', row: 5, col: 2 }, { iso: 'AF-ZAB', row: 5, col: 3 },
  { iso: 'AF-PKA', row: 5, col: 4 },
].map(Object.freeze));

/** Tile rectangles in SVG units: {iso, x, y, size} for tiles of `size` with `gap` between. */
export function tileLayout(size = 60, gap = 4) {
  return TILE_GRID.map((t) => ({ iso: t.iso, x: t.col * (size + gap), y: t.row * (size + gap), size }));
}

// ---------------------------------------------------------------------------------------------
// Province summary → map values and colour classes.

export const CLASSES = 5; // colour classes 1..5 for values > 0; class 0 for none

/**
 * Rows of /v1/monitor/summary?by=province → {byIso: Map(iso → {name, events, fatalities}),
 * coarser: the `province: null` row (or null), maxEvents, maxFatalities (best)}.
 */
export function provinceValues(rows) {
  const byIso = new Map();
  let coarser = null;
  let maxEvents = 0;
  let maxFatalities = 0;
  for (const r of rows) {
    const v = { name: r.name, events: r.events, fatalities: r.fatalities };
    if (r.province === null) {
      coarser = v;
      continue;
    }
    byIso.set(r.province, v);
    maxEvents = Math.max(maxEvents, r.events);
    maxFatalities = Math.max(maxFatalities, r.fatalities.best);
  }
  return { byIso, coarser, maxEvents, maxFatalities };
}

/** The colour class of `value` on a linear scale up to `max`: 0 for none, else 1..CLASSES. */
export function colorClass(value, max) {
  if (!(value > 0) || !(max > 0)) return 0;
  return Math.min(CLASSES, Math.max(1, Math.ceil((CLASSES * value) / max)));
}

/** The legend: class k (1..CLASSES) covers values in (lo, hi], as text with whole numbers. */
export function legend(max) {
  const out = [{ cls: 0, label: '0' }];
  if (!(max > 0)) return out;
  for (let k = 1; k <= CLASSES; k++) {
    const lo = (max * (k - 1)) / CLASSES;
    const hi = (max * k) / CLASSES;
    // Whole counts in (lo, hi]: from floor(lo) + 1 to floor(hi).
    const a = Math.floor(lo) + 1;
    const b = Math.floor(hi);
    if (b < a) continue; // no whole number falls in this class
    out.push({ cls: k, label: a === b ? `${a}` : `${a}–${b}` });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Boundaries GeoJSON → provinces → SVG paths.

// Spellings met in boundary files and datasets that are not the gazetteer's English name
// (the server's gazetteer knows more; this list covers the public boundary files).
const NAME_VARIANTS = {
  'AF-BAM': ['bamiyan', 'bamian'], 'AF-BDS': ['badakshan'], 'AF-BDG': ['badgis'],
  'AF-DAY': ['daikundi', 'daykondi', 'daikondi'], 'AF-FYB': ['faryob', 'fariab'],
  'AF-GHA': ['ghanzi', 'ghazny'], 'AF-HEL': ['hilmand'], 'AF-HER': ['hirat'],
  'AF-JOW': ['jawzjan', 'jowzjan', 'juzjan'], 'AF-KDZ': ['kondoz', 'konduz', 'qunduz'],
  'AF-KNR': ['konar'], 'AF-LOG': ['lowgar'], 'AF-NIM': ['nimruz'], 'AF-NUR': ['nooristan'],
  'AF-PAN': ['panjsher', 'panjshayr'], 'AF-PIA': ['paktya'], 'AF-PKA': ['paktica'],
  'AF-SAR': ['saripul', 'sarepul', 'sarpul', 'sarialpul'], 'AF-URU': ['urozgan', 'oruzgan', 'uruzgan'],
  'AF-WAR': ['maidanwardak', 'maidanwardag', 'wardag', 'maydanwardak'], 'AF-ZAB': ['zabol'],
  'AF-KAN': ['qandahar'], 'AF-KHO': ['khowst'], 'AF-NAN': ['nangrahar'],
};

/**
 * A name folded for matching: lower case, accents dropped, spaces, hyphens, underscores,
 * apostrophes and dots removed, a trailing "province" dropped.
 */
export function foldName(name) {
  return String(name).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[\s\-_'’.]/gu, '').replace(/province$/u, '').replace(/^wilayat|^welayat/u, '');
}

/** name → iso over the gazetteer's en/fa/ps names and the variants above. */
export function nameIndex(provinces) {
  const index = new Map();
  for (const p of provinces) {
    for (const n of [p.en, p.fa, p.ps, ...(NAME_VARIANTS[p.iso] ?? [])]) {
      if (n) index.set(foldName(n), p.iso);
    }
  }
  return index;
}

function featureCode(props) {
  const raw = props.shapeISO ?? props.iso ?? props.ISO ?? props.iso_3166_2 ?? props.ADM1_PCODE ?? null;
  return raw === null ? null : String(raw).trim().toUpperCase().replace(/_/g, '-');
}

function featureName(props) {
  return props.shapeName ?? props.name ?? props.NAME_1 ?? props.ADM1_EN ?? props.en ?? null;
}

/**
 * Matches each feature of a FeatureCollection to a province of the gazetteer (the answer of
 * /v1/monitor/provinces: [{iso, pcode, en, fa, ps}]). The code (shapeISO, iso, ADM1_PCODE, …;
 * "AF_KAN" read as "AF-KAN") is used when the gazetteer knows it and the name does not say
 * otherwise; when the code is unknown ("AF-BDN") or names another province than the name, the
 * name decides. Returns {matched: [{iso, feature, how, note}], unmatched: [{name, code, reason}],
 * missing: [iso without a feature], duplicates: [iso with more than one feature]}. Throws a TypeError for a file that is not a FeatureCollection.
 */
export function matchFeatures(geojson, provinces) {
  if (!geojson || geojson.type !== 'FeatureCollection' || !Array.isArray(geojson.features)) {
    throw new TypeError('not a GeoJSON FeatureCollection');
  }
  const byCode = new Map();
  for (const p of provinces) {
    byCode.set(p.iso.toUpperCase(), p.iso);
    if (p.pcode) byCode.set(p.pcode.toUpperCase(), p.iso);
  }
  const names = nameIndex(provinces);
  const matched = [];
  const unmatched = [];
  for (const feature of geojson.features) {
    const props = feature?.properties ?? {};
    const rawCode = props.shapeISO ?? props.iso ?? props.ISO ?? props.iso_3166_2 ?? props.ADM1_PCODE;
    const code = featureCode(props);
    const name = featureName(props);
    const geomType = feature?.geometry?.type;
    if (geomType !== 'Polygon' && geomType !== 'MultiPolygon') {
      unmatched.push({ name, code: rawCode ?? null, reason: `geometry ${geomType ?? 'missing'} is not a polygon` });
      continue;
    }
    const fromCode = code === null ? undefined : byCode.get(code);
    const fromName = name === null ? undefined : names.get(foldName(name));
    if (fromCode && (!fromName || fromName === fromCode)) {
      const fixed = rawCode !== fromCode && rawCode?.toUpperCase?.() !== fromCode;
      matched.push({ iso: fromCode, feature, how: 'code',
        note: fixed ? `code "${rawCode}" read as ${fromCode}` : '' });
    } else if (fromName) {
      matched.push({ iso: fromName, feature, how: 'name',
        note: fromCode
          ? `code "${rawCode}" is ${fromCode} but the name "${name}" is ${fromName}: used the name`
          : code === null ? `no code; name "${name}"` : `unknown code "${rawCode}"; name "${name}"` });
    } else {
      unmatched.push({ name, code: rawCode ?? null, reason: 'neither the code nor the name is a province' });
    }
  }
  const count = new Map();
  for (const m of matched) count.set(m.iso, (count.get(m.iso) ?? 0) + 1);
  const missing = provinces.map((p) => p.iso).filter((iso) => !count.has(iso));
  // Several features on one province are all drawn (a province may come in pieces), but said.
  const duplicates = [...count].filter(([, n]) => n > 1).map(([iso]) => iso).sort();
  return { matched, unmatched, missing, duplicates };
}

function rings(geometry) {
  if (geometry.type === 'Polygon') return geometry.coordinates;
  return geometry.coordinates.flat(1); // MultiPolygon: every polygon's rings
}

function isPosition(p) {
  return Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;
}

/**
 * Projects matched features into a width × height box (equirectangular, longitudes scaled by
 * the cosine of the middle latitude, north up, aspect kept, centred, `pad` units of margin).
 * Returns [{iso, d}] with SVG path data ("M x y L x y … Z" per ring, one decimal). Positions that
 * are not [lon, lat] numbers in range throw a TypeError.
 */
export function projectFeatures(matched, width, height, pad = 0) {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const m of matched) {
    for (const ring of rings(m.feature.geometry)) {
      for (const p of ring) {
        if (!isPosition(p)) throw new TypeError(`bad position ${JSON.stringify(p)?.slice(0, 60)}`);
        minLon = Math.min(minLon, p[0]); maxLon = Math.max(maxLon, p[0]);
        minLat = Math.min(minLat, p[1]); maxLat = Math.max(maxLat, p[1]);
      }
    }
  }
  if (!Number.isFinite(minLon)) return [];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const w = Math.max((maxLon - minLon) * k, 1e-9);
  const h = Math.max(maxLat - minLat, 1e-9);
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / h);
  const ox = (width - w * scale) / 2;
  const oy = (height - h * scale) / 2;
  const fmt = (v) => String(Math.round(v * 10) / 10);
  return matched.map((m) => ({
    iso: m.iso,
    d: rings(m.feature.geometry).map((ring) => ring.map((p, i) =>
      `${i ? 'L' : 'M'}${fmt(ox + (p[0] - minLon) * k * scale)} ${fmt(oy + (maxLat - p[1]) * scale)}`)
      .join(' ') + ' Z').join(' '),
  }));
}

// ---------------------------------------------------------------------------------------------
// Time series.

// The least / greatest number of a list, null for an empty one (no argument spreading: a
// daily series over decades has tens of thousands of days).
function minOf(list) {
  return list.length ? list.reduce((a, b) => (b < a ? b : a)) : null;
}
function maxOf(list) {
  return list.length ? list.reduce((a, b) => (b > a ? b : a)) : null;
}

/**
 * Rows of /v1/monitor/summary?by=day ({day}) or by=week ({week, start}) → one point per day or
 * week from `from` to `to` (day numbers; null: the rows' own extent), gaps filled with zeros:
 * [{day (the week's Monday for weeks), label, events, fatalities: {low, best, high}}].
 */
export function seriesPoints(rows, step, from = null, to = null) {
  const stepDays = step === 'week' ? 7 : 1;
  const values = new Map();
  for (const r of rows) {
    const day = dayNumber(step === 'week' ? r.start : r.day);
    if (day !== null) values.set(day, r);
  }
  const days = [...values.keys()];
  let a = from ?? minOf(days);
  const b = to ?? maxOf(days);
  if (a === null || b === null || b < a) return [];
  if (step === 'week') a = isoMonday(a);
  const out = [];
  for (let d = a; d <= b; d += stepDays) {
    const r = values.get(d);
    out.push({
      day: d,
      label: step === 'week' ? (r?.week ?? `week of ${formatDay(d)}`) : formatDay(d),
      events: r?.events ?? 0,
      fatalities: r?.fatalities ?? { low: 0, best: 0, high: 0 },
    });
  }
  return out;
}

/** Round axis ticks from 0 to at least `max`: steps of 1, 2 or 5 × 10^n, about `count` of them. */
export function niceTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const stepInt = Math.max(1, step); // counts are whole numbers
  const top = Math.ceil(max / stepInt) * stepInt;
  const ticks = [];
  for (let t = 0; t <= top; t += stepInt) ticks.push(t);
  return ticks;
}

/** A linear map from [d0, d1] onto [r0, r1] (the middle of the range when d0 == d1). */
export function linearScale([d0, d1], [r0, r1]) {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) * (r1 - r0)) / (d1 - d0);
}

/**
 * Baselines and ceasefires of /v1/monitor/definitions as bands over [from, to] (day numbers):
 * [{kind: 'baseline'|'ceasefire', id, label, from, to (clipped day numbers), clipped: bool}],
 * windows wholly outside left out; baselines first, each kind in start order.
 */
export function windowBands(definitions, from, to) {
  const out = [];
  const add = (kind, id, label, a, b) => {
    const s = dayNumber(a);
    const e = dayNumber(b);
    if (s === null || e === null || e < from || s > to) return;
    out.push({ kind, id, label, from: Math.max(s, from), to: Math.min(e, to),
      clipped: s < from || e > to, start: a, end: b });
  };
  const baselines = [...(definitions?.baselines ?? [])]
    .sort((x, y) => (x.baseline.from < y.baseline.from ? -1 : x.baseline.from > y.baseline.from ? 1 : 0));
  for (const b of baselines) {
    add('baseline', b.name, `baseline ${b.name}: ${b.baseline.from} to ${b.baseline.to}`,
      b.baseline.from, b.baseline.to);
  }
  const ceasefires = [...(definitions?.ceasefires ?? [])]
    .sort((x, y) => (x.ceasefire.start < y.ceasefire.start ? -1 : x.ceasefire.start > y.ceasefire.start ? 1 : 0));
  for (const c of ceasefires) {
    const cf = c.ceasefire;
    const scope = cf.scope === 'nationwide' ? 'nationwide' : cf.scope.join(', ');
    add('ceasefire', c.id, `ceasefire ${c.id} (${cf.mode}, ${cf.parties.join(', ')}; ${scope}): ` +
      `${cf.start} to ${cf.end}`, cf.start, cf.end);
  }
  return out;
}

/**
 * The series' day extent: the filter's from/to when set, else the extent of the data rows and
 * the windows together (so an empty baseline still shows). Null when there is nothing at all.
 */
export function seriesDomain(rows, step, definitions, filters) {
  const days = [];
  for (const r of rows) {
    const d = dayNumber(step === 'week' ? r.start : r.day);
    if (d !== null) days.push(d);
  }
  for (const b of definitions?.baselines ?? []) days.push(dayNumber(b.baseline.from), dayNumber(b.baseline.to));
  for (const c of definitions?.ceasefires ?? []) days.push(dayNumber(c.ceasefire.start), dayNumber(c.ceasefire.end));
  const known = days.filter((d) => d !== null);
  const from = filters.from ? dayNumber(filters.from) : minOf(known);
  const to = filters.to ? dayNumber(filters.to) : maxOf(known);
  if (from === null || to === null || to < from) return null;
  return { from, to };
}

// ---------------------------------------------------------------------------------------------
// Captions: what each view counted and what it left out (the API's meta).

/** The caption under the map or the series, from /v1/monitor/summary's meta. */
export function summaryCaption(meta) {
  const parts = [`Status filter: ${meta.status}` + (meta.party ? `; reported by ${meta.party}` : '') +
    `. Counted ${meta.counted} incident${meta.counted === 1 ? '' : 's'}.`];
  const lo = meta.left_out ?? { retracted: 0, by_status: 0 };
  parts.push(`Left out: ${lo.retracted} retracted, ${lo.by_status} by the status filter.`);
  if (meta.by === 'province') {
    parts.push(`Place precision filter: 1–${meta.max_precision} is placed in a province; ` +
      `${meta.coarser} incident${meta.coarser === 1 ? '' : 's'} placed more coarsely ` +
      '(not on the map, counted in the row "not placed in a province").');
  } else {
    parts.push('Place precision filter: none (every incident counts, however coarsely placed); ' +
      'an incident counts on its start date.');
  }
  return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Incident table.

export const STATUS_TEXT = {
  unilateral: 'unilateral claim',
  corroborated: 'corroborated',
  contested: 'contested',
  adjudicated: 'adjudicated',
  retracted: 'retracted',
};

function rangeText(r) {
  if (!r) return '';
  return r.low === r.high ? `${r.best}` : `${r.best} (${r.low}–${r.high})`;
}

/**
 * One item of /v1/monitor/incidents → a table row: {index, date, place, type, perpetrator,
 * target, fatalities, status, statusText, reporter, history}, where history is the responses
 * and findings together in log order: [{index, what ('corroborate', 'contest: facts, casualties',
 * 'finding: confirmed', …), party, text, effect (null when applied)}].
 */
export function incidentRow(item, provinceNames = new Map()) {
  const inc = item.incident;
  const date = inc.date.end && inc.date.end !== inc.date.start
    ? `${inc.date.start} to ${inc.date.end}` : inc.date.start;
  const place = inc.place ?? {};
  const province = place.admin1 ? (provinceNames.get(place.admin1) ?? place.admin1) : null;
  const placeText = [place.location, place.admin2, province ?? `${place.country} (no province)`]
    .filter(Boolean).join(', ');
  const history = [
    ...(item.responses ?? []).map((r) => ({
      index: r.index, party: r.party,
      what: r.action + (r.aspects?.length ? `: ${r.aspects.join(', ')}` : ''),
      text: r.reason, effect: r.effect === 'applied' ? null : r.effect,
    })),
    ...(item.findings ?? []).map((f) => ({
      index: f.index, party: f.party, what: `finding: ${f.outcome}`,
      text: f.finding?.text ?? '', effect: null,
    })),
  ].sort((a, b) => a.index - b.index);
  const status = item.status;
  return {
    index: item.index,
    date: `${date} (${inc.date.precision})`,
    place: `${placeText} · precision ${place.precision}`,
    type: `${inc.event.type} / ${inc.event.subtype}`,
    perpetrator: inc.actors.perpetrator.name + (inc.actors.perpetrator.party ? ` (${inc.actors.perpetrator.party})` : ''),
    target: inc.actors.target ? inc.actors.target.name : '',
    fatalities: rangeText(item.counted_fatalities),
    status,
    statusText: (STATUS_TEXT[status] ?? status) + (status === 'adjudicated' && item.outcome ? ` (${item.outcome})` : ''),
    reporter: item.party,
    history,
    synthetic: isSynthetic('incident', inc),
  };
}
