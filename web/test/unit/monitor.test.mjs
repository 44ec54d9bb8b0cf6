// Unit tests of the Monitor page's view model (web/src/lib/monitor.js). Every expectation is
// worked out by hand in the comments next to it, not copied from the code's output.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  CLASSES, DEFAULT_FILTERS, TILE_GRID, colorClass, dayNumber, foldName, formatDay, incidentRow,
  incidentsQuery, isoMonday, legend, linearScale, matchFeatures, nameIndex, niceTicks,
  projectFeatures, provinceValues, seriesDomain, seriesPoints, summaryCaption, summaryQuery,
  tileLayout, validateFilters, windowBands,
} from '../../src/lib/monitor.js';

// The 34 ISO 3166-2:AF codes, written out here from the standard (not from the code under test).
const ISO_CODES = ['AF-BAL', 'AF-BAM', 'AF-BDG', 'AF-BDS', 'AF-BGL', 'AF-DAY', 'AF-FRA', 'AF-FYB',
  'AF-GHA', 'AF-GHO', 'AF-HEL', 'AF-HER', 'AF-JOW', 'AF-KAB', 'AF-KAN', 'AF-KAP', 'AF-KDZ',
  'AF-KHO', 'AF-KNR', 'AF-LAG', 'AF-LOG', 'AF-NAN', 'AF-NIM', 'AF-NUR', 'AF-PAN', 'AF-PAR',
  'AF-PIA', 'AF-PKA', 'AF-SAM', 'AF-SAR', 'AF-TAK', 'AF-URU', 'AF-WAR', 'AF-ZAB'];

const range = (low, best, high) => ({ low, best, high });

test('dayNumber and formatDay: day numbers since 1970-01-01, real calendar dates only', () => {
  assert.equal(dayNumber('1970-01-01'), 0);
  assert.equal(dayNumber('1970-01-02'), 1);
  assert.equal(dayNumber('1969-12-31'), -1);
  // 1970..2019: 50 years, 12 leap days (1972..2016) → 18262; + Jan 31 + Feb 29 (2020) = 18322.
  assert.equal(dayNumber('2020-03-01'), 18322);
  assert.equal(formatDay(18322), '2020-03-01');
  assert.equal(formatDay(-1), '1969-12-31');
  for (const bad of ['2020-02-30', '2019-02-29', '2020-13-01', '2020-2-01', '20200301', '',
    ' 2020-03-01', null, 18322]) {
    assert.equal(dayNumber(bad), null, String(bad));
  }
});

test('isoMonday: the Monday of the ISO week', () => {
  assert.equal(isoMonday(0), -3); // 1970-01-01 was a Thursday; its Monday 1969-12-29
  assert.equal(isoMonday(18322), 18316); // Sunday 2020-03-01 → Monday 2020-02-24
  assert.equal(isoMonday(18316), 18316);
  assert.equal(isoMonday(-4), -10); // Sunday 1969-12-28 → Monday 1969-12-22
});

test('validateFilters: accepts the defaults, names each wrong field', () => {
  assert.deepEqual(validateFilters(DEFAULT_FILTERS), { ok: true });
  const f = (over) => ({ ...DEFAULT_FILTERS, ...over });
  assert.deepEqual(validateFilters(f({ from: '2020-02-30' })).errors, { from: 'from must be a date YYYY-MM-DD' });
  assert.deepEqual(validateFilters(f({ from: '2020-03-02', to: '2020-03-01' })).errors,
    { to: 'to must not be before from' });
  assert.equal(validateFilters(f({ from: '2020-03-01', to: '2020-03-01' })).ok, true);
  assert.ok(validateFilters(f({ party: 'Gov' })).errors.party);
  assert.ok(validateFilters(f({ party: 'gov&x=1' })).errors.party);
  assert.ok(validateFilters(f({ status: 'retracted' })).errors.status);
  assert.ok(validateFilters(f({ precision: 8 })).errors.precision);
  assert.ok(validateFilters(f({ precision: 0 })).errors.precision);
  assert.ok(validateFilters(f({ step: 'month' })).errors.step);
});

test('summaryQuery and incidentsQuery: only the parameters set; max_precision for the map only', () => {
  assert.equal(summaryQuery(DEFAULT_FILTERS, 'province'), 'by=province&status=all&max_precision=4');
  const f = { ...DEFAULT_FILTERS, from: '2020-03-01', to: '2020-03-31', party: 'gov', status: 'disputed', precision: 6 };
  assert.equal(summaryQuery(f, 'day'), 'by=day&from=2020-03-01&to=2020-03-31&party=gov&status=disputed');
  assert.equal(summaryQuery(f, 'province'),
    'by=province&from=2020-03-01&to=2020-03-31&party=gov&status=disputed&max_precision=6');
  assert.equal(incidentsQuery({ ...f, province: 'AF-HEL', type: 'Explosions/Remote violence' }, { limit: 50, offset: 100 }),
    'from=2020-03-01&to=2020-03-31&party=gov&status=disputed&province=AF-HEL&type=Explosions%2FRemote+violence&limit=50&offset=100');
  assert.equal(incidentsQuery(DEFAULT_FILTERS), 'status=all&limit=100&offset=0');
});

test('TILE_GRID: each of the 34 provinces once, no two on one tile, roughly where they lie', () => {
  assert.deepEqual(TILE_GRID.map((t) => t.iso).sort(), ISO_CODES);
  const cells = new Set(TILE_GRID.map((t) => `${t.row},${t.col}`));
  assert.equal(cells.size, 34);
  const at = (iso) => TILE_GRID.find((t) => t.iso === iso);
  // Herat is west of Kabul, Nangarhar east of it; Badakhshan on the top row, east of Balkh.
  assert.ok(at('AF-HER').col < at('AF-KAB').col);
  assert.ok(at('AF-NAN').col > at('AF-KAB').col);
  assert.equal(at('AF-BDS').row, 0);
  assert.ok(at('AF-BDS').col > at('AF-BAL').col);
  // Helmand, Kandahar and Nimroz are south of Kabul; Nimroz the westmost column.
  for (const iso of ['AF-HEL', 'AF-KAN', 'AF-NIM']) assert.ok(at(iso).row > at('AF-KAB').row, iso);
  assert.equal(at('AF-NIM').col, 0);
  // Logar is below (south of) Kabul's row or level; Kunduz is north of Baghlan.
  assert.ok(at('AF-KDZ').row < at('AF-BGL').row);
});

test('tileLayout: squares of `size` with `gap` between', () => {
  const tiles = tileLayout(60, 4);
  assert.equal(tiles.length, 34);
  // Kabul is row 3, col 3 → x = y = 3 × 64 = 192.
  assert.deepEqual(tiles.find((t) => t.iso === 'AF-KAB'), { iso: 'AF-KAB', x: 192, y: 192, size: 60 });
  assert.deepEqual(tiles.find((t) => t.iso === 'AF-BDG'), { iso: 'AF-BDG', x: 0, y: 64, size: 60 });
});

test('provinceValues: a map by code, the coarser row apart, the maxima', () => {
  const v = provinceValues([
    { province: 'AF-HEL', name: 'Helmand', events: 3, fatalities: range(2, 5, 9) },
    { province: 'AF-KAB', name: 'Kabul', events: 1, fatalities: range(7, 8, 10) },
    { province: 'AF-ZAB', name: 'Zabul', events: 0, fatalities: range(0, 0, 0) },
    { province: null, name: null, events: 6, fatalities: range(1, 20, 40) },
  ]);
  assert.equal(v.byIso.size, 3);
  assert.equal(v.byIso.get('AF-HEL').events, 3);
  assert.deepEqual(v.coarser, { name: null, events: 6, fatalities: range(1, 20, 40) });
  assert.equal(v.maxEvents, 3); // the coarser row is not on the map, so not in its scale
  assert.equal(v.maxFatalities, 8);
});

test('colorClass and legend agree: class k holds (max(k-1)/5, max k/5]', () => {
  assert.equal(CLASSES, 5);
  assert.equal(colorClass(0, 10), 0);
  assert.equal(colorClass(5, 0), 0);
  assert.equal(colorClass(1, 10), 1); // ceil(0.5)
  assert.equal(colorClass(2, 10), 1); // ceil(1)
  assert.equal(colorClass(3, 10), 2); // ceil(1.5)
  assert.equal(colorClass(7, 10), 4); // ceil(3.5)
  assert.equal(colorClass(10, 10), 5);
  assert.equal(colorClass(1, 1000), 1); // anything above zero is visible
  assert.deepEqual(legend(10).map((l) => l.label), ['0', '1–2', '3–4', '5–6', '7–8', '9–10']);
  // max 3: (0, 0.6] holds no whole number; 1 is in class 2, 2 in class 4, 3 in class 5.
  assert.deepEqual(legend(3), [{ cls: 0, label: '0' }, { cls: 2, label: '1' }, { cls: 4, label: '2' },
    { cls: 5, label: '3' }]);
  for (const n of [1, 2, 3]) assert.equal(legend(3).find((l) => l.label === String(n)).cls, colorClass(n, 3));
  assert.deepEqual(legend(0), [{ cls: 0, label: '0' }]);
});

test('foldName: case, accents, separators and "province" do not matter', () => {
  assert.equal(foldName('Sar-e Pol'), 'sarepol');
  assert.equal(foldName('Kandahar province'), 'kandahar');
  assert.equal(foldName("Sar-e_Pul"), 'sarepul');
  assert.equal(foldName('Hérat'), 'herat');
  assert.equal(foldName('Day Kundi'), 'daykundi');
});

const GAZ = [
  { iso: 'AF-BDS', pcode: 'AF17', en: 'Badakhshan', fa: 'بدخشان', ps: 'بدخشان' },
  { iso: 'AF-GHA', pcode: 'AF11', en: 'Ghazni', fa: 'غزنی', ps: 'غزني' },
  { iso: 'AF-HEL', pcode: 'AF30', en: 'Helmand', fa: 'هلمند', ps: 'هلمند' },
  { iso: 'AF-KAB', pcode: 'AF01', en: 'Kabul', fa: 'کابل', ps: 'کابل' },
  { iso: 'AF-KAN', pcode: 'AF27', en: 'Kandahar', fa: 'قندهار', ps: 'کندهار' },
];
const square = (lon, lat) => ({ type: 'Polygon',
  coordinates: [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]] });
const feature = (props, geometry = square(65, 31)) => ({ type: 'Feature', properties: props, geometry });

test('nameIndex: English, Dari, Pashto and known variants', () => {
  const idx = nameIndex(GAZ);
  assert.equal(idx.get('kandahar'), 'AF-KAN');
  assert.equal(idx.get(foldName('قندهار')), 'AF-KAN');
  assert.equal(idx.get('hilmand'), 'AF-HEL');
  assert.equal(idx.get('ghanzi'), 'AF-GHA'); // geoBoundaries' spelling
  assert.equal(idx.get('atlantis'), undefined);
});

test('matchFeatures: the real file\'s defects — AF_KAN, AF-BDN, Ghanzi — and conflicts', () => {
  const r = matchFeatures({ type: 'FeatureCollection', features: [
    feature({ shapeName: 'Kandahar', shapeISO: 'AF_KAN' }),
    feature({ shapeName: 'Badakhshan', shapeISO: 'AF-BDN' }),
    feature({ shapeName: 'Ghanzi', shapeISO: 'AF-GHA' }),
    feature({ shapeName: 'Kabul', shapeISO: 'AF-HEL' }), // the code and the name disagree
    feature({ shapeName: 'Atlantis', shapeISO: 'XX-ATL' }),
    feature({ shapeName: 'Kabul', shapeISO: 'AF-KAB' }, { type: 'Point', coordinates: [69, 34] }),
    feature({ ADM1_PCODE: 'AF30' }), // a P-code only (OCHA's files)
  ] }, GAZ);
  assert.deepEqual(r.matched.map((m) => [m.iso, m.how, m.note]), [
    ['AF-KAN', 'code', 'code "AF_KAN" read as AF-KAN'],
    ['AF-BDS', 'name', 'unknown code "AF-BDN"; name "Badakhshan"'],
    ['AF-GHA', 'code', ''],
    ['AF-KAB', 'name', 'code "AF-HEL" is AF-HEL but the name "Kabul" is AF-KAB: used the name'],
    ['AF-HEL', 'code', 'code "AF30" read as AF-HEL'],
  ]);
  assert.deepEqual(r.unmatched, [
    { name: 'Atlantis', code: 'XX-ATL', reason: 'neither the code nor the name is a province' },
    { name: 'Kabul', code: 'AF-KAB', reason: 'geometry Point is not a polygon' },
  ]);
  assert.deepEqual(r.missing, []);
  assert.deepEqual(r.duplicates, []);

  // Two pieces of Kabul: both drawn, and said; Helmand and the others have none.
  const twice = matchFeatures({ type: 'FeatureCollection', features: [
    feature({ shapeName: 'Kabul' }), feature({ shapeISO: 'AF-KAB' }, square(69, 35))] }, GAZ);
  assert.deepEqual(twice.matched.map((m) => [m.iso, m.how, m.note]),
    [['AF-KAB', 'name', 'no code; name "Kabul"'], ['AF-KAB', 'code', '']]);
  assert.deepEqual(twice.duplicates, ['AF-KAB']);
  assert.deepEqual(twice.missing, ['AF-BDS', 'AF-GHA', 'AF-HEL', 'AF-KAN']);

  assert.deepEqual(matchFeatures({ type: 'FeatureCollection', features: [] }, GAZ).missing,
    ['AF-BDS', 'AF-GHA', 'AF-HEL', 'AF-KAB', 'AF-KAN']);
  for (const bad of [null, [], { type: 'Feature' }, { type: 'FeatureCollection', features: {} }]) {
    assert.throws(() => matchFeatures(bad, GAZ), TypeError);
  }
});

test('projectFeatures: equirectangular, north up, aspect kept, centred', () => {
  // lon 10..12, lat -1..1: cos(0) = 1, so 2 × 2 units; into 100 × 50: scale min(50, 25) = 25,
  // 50 wide → x offset (100 − 50) / 2 = 25; 50 high → y offset 0. (10, −1) → (25, 50).
  const sq = { type: 'Polygon', coordinates: [[[10, -1], [12, -1], [12, 1], [10, 1], [10, -1]]] };
  assert.deepEqual(projectFeatures([{ iso: 'AF-KAB', feature: { geometry: sq } }], 100, 50),
    [{ iso: 'AF-KAB', d: 'M25 50 L75 50 L75 0 L25 0 L25 50 Z' }]);

  // lat 59..61: middle 60°, cos = 0.5, so lon 0..2 is 1 unit wide and 2 high; 100 × 100, pad 10:
  // scale min(80 / 1, 80 / 2) = 40 → 40 × 80, x offset 30, y offset 10.
  // A MultiPolygon of two triangles sharing the diagonal.
  const multi = { type: 'MultiPolygon', coordinates: [
    [[[0, 59], [2, 59], [2, 61], [0, 59]]],
    [[[0, 59], [2, 61], [0, 61], [0, 59]]],
  ] };
  assert.deepEqual(projectFeatures([{ iso: 'AF-BDS', feature: { geometry: multi } }], 100, 100, 10),
    [{ iso: 'AF-BDS', d: 'M30 90 L70 90 L70 10 L30 90 Z M30 90 L70 10 L30 10 L30 90 Z' }]);

  assert.deepEqual(projectFeatures([], 100, 100), []);
  for (const p of [[200, 0], [0, 91], ['1', 2], [1], null]) {
    const g = { type: 'Polygon', coordinates: [[[0, 0], p, [1, 1], [0, 0]]] };
    assert.throws(() => projectFeatures([{ iso: 'X', feature: { geometry: g } }], 10, 10), TypeError);
  }
});

test('seriesPoints: days and weeks with the gaps filled by zeros', () => {
  const rows = [
    { day: '2020-03-02', events: 2, fatalities: range(1, 3, 5) },
    { day: '2020-03-04', events: 1, fatalities: range(0, 0, 1) },
  ];
  const zero = range(0, 0, 0);
  assert.deepEqual(seriesPoints(rows, 'day'), [
    { day: 18323, label: '2020-03-02', events: 2, fatalities: range(1, 3, 5) },
    { day: 18324, label: '2020-03-03', events: 0, fatalities: zero },
    { day: 18325, label: '2020-03-04', events: 1, fatalities: range(0, 0, 1) },
  ]);
  // An explicit extent: 2020-03-01 (18322) .. 2020-03-02 (18323).
  assert.deepEqual(seriesPoints(rows, 'day', 18322, 18323).map((p) => [p.label, p.events]),
    [['2020-03-01', 0], ['2020-03-02', 2]]);
  // Weeks from Wednesday 2020-02-26 (18318) start on its Monday 2020-02-24 (18316).
  const weeks = [{ week: '2020-W10', start: '2020-03-02', events: 4, fatalities: range(1, 2, 3) }];
  assert.deepEqual(seriesPoints(weeks, 'week', 18318, 18330), [
    { day: 18316, label: 'week of 2020-02-24', events: 0, fatalities: zero },
    { day: 18323, label: '2020-W10', events: 4, fatalities: range(1, 2, 3) },
    { day: 18330, label: 'week of 2020-03-09', events: 0, fatalities: zero },
  ]);
  assert.deepEqual(seriesPoints([], 'day'), []);
  // Forty years of days: 1980-01-01 .. 2019-12-31, every day a point.
  const long = seriesPoints([{ day: '1980-01-01', events: 1, fatalities: zero },
    { day: '2019-12-31', events: 2, fatalities: zero }], 'day');
  assert.equal(long.length, dayNumber('2019-12-31') - dayNumber('1980-01-01') + 1);
  assert.equal(long.length, 14610); // 40 × 365 + 10 leap days (1980, 1984, …, 2016)
});

test('niceTicks: 1, 2 or 5 × 10^n steps up to at least the maximum', () => {
  assert.deepEqual(niceTicks(7, 5), [0, 2, 4, 6, 8]); // 7/5 = 1.4 → step 2
  assert.deepEqual(niceTicks(23, 5), [0, 5, 10, 15, 20, 25]); // 4.6 → 5
  assert.deepEqual(niceTicks(100, 4), [0, 50, 100]); // 25 → 50
  assert.deepEqual(niceTicks(3, 4), [0, 1, 2, 3]); // 0.75 → 1 (counts: never below 1)
  assert.deepEqual(niceTicks(10, 5), [0, 2, 4, 6, 8, 10]);
  assert.deepEqual(niceTicks(0), [0, 1]);
});

test('linearScale', () => {
  assert.equal(linearScale([0, 10], [0, 100])(5), 50);
  assert.equal(linearScale([0, 10], [200, 0])(2.5), 150);
  assert.equal(linearScale([18322, 18332], [40, 140])(18327), 90);
  assert.equal(linearScale([5, 5], [0, 100])(5), 50);
});

const DEFS = {
  baselines: [
    { name: 'spring', index: 9, party: 'un', baseline: { name: 'spring', from: '2020-02-01', to: '2020-02-10' } },
    { name: 'old', index: 8, party: 'un', baseline: { name: 'old', from: '2019-01-01', to: '2019-01-31' } },
  ],
  ceasefires: [{ id: 'eid', index: 10, party: 'gov', ceasefire: { id: 'eid', parties: ['gov', 'iea'],
    scope: 'nationwide', start: '2020-03-05', end: '2020-03-07', mode: 'mutual' } }],
  ignored: [],
};

test('windowBands: baselines and ceasefires clipped to the period; outside ones left out', () => {
  const from = dayNumber('2020-02-05'); // 18297
  const to = dayNumber('2020-03-06'); // 18327
  assert.deepEqual(windowBands(DEFS, from, to), [
    { kind: 'baseline', id: 'spring', label: 'baseline spring: 2020-02-01 to 2020-02-10',
      from: 18297, to: 18302, clipped: true, start: '2020-02-01', end: '2020-02-10' },
    { kind: 'ceasefire', id: 'eid', label: 'ceasefire eid (mutual, gov, iea; nationwide): 2020-03-05 to 2020-03-07',
      from: 18326, to: 18327, clipped: true, start: '2020-03-05', end: '2020-03-07' },
  ]);
  const scoped = { baselines: [], ceasefires: [{ id: 'hel', ceasefire: { id: 'hel', parties: ['iea'],
    scope: ['AF-HEL', 'AF-KAN'], start: '2020-03-01', end: '2020-03-01', mode: 'unilateral' } }] };
  assert.deepEqual(windowBands(scoped, 18322, 18322).map((b) => [b.label, b.from, b.to, b.clipped]),
    [['ceasefire hel (unilateral, iea; AF-HEL, AF-KAN): 2020-03-01 to 2020-03-01', 18322, 18322, false]]);
  assert.deepEqual(windowBands(null, 0, 10), []);
});

test('seriesDomain: the filter when set, else data and windows together', () => {
  const rows = [{ day: '2020-03-02', events: 1, fatalities: range(0, 0, 0) }];
  // Without filters: 2019-01-01 (the "old" baseline, 17897) .. 2020-03-07 (the ceasefire's end, 18328).
  assert.deepEqual(seriesDomain(rows, 'day', DEFS, { from: '', to: '' }), { from: 17897, to: 18328 });
  assert.deepEqual(seriesDomain(rows, 'day', { baselines: [], ceasefires: [] }, { from: '', to: '' }),
    { from: 18323, to: 18323 });
  assert.deepEqual(seriesDomain(rows, 'day', DEFS, { from: '2020-03-01', to: '2020-03-03' }),
    { from: 18322, to: 18324 });
  assert.equal(seriesDomain([], 'day', { baselines: [], ceasefires: [] }, { from: '', to: '' }), null);
});

test('summaryCaption: the status and precision filters used and what was left out', () => {
  assert.equal(summaryCaption({ by: 'province', status: 'disputed', party: null, counted: 3,
    left_out: { retracted: 1, by_status: 2 }, max_precision: 4, coarser: 1 }),
  'Status filter: disputed. Counted 3 incidents. Left out: 1 retracted, 2 by the status filter. ' +
    'Place precision filter: 1–4 is placed in a province; 1 incident placed more coarsely ' +
    '(not on the map, counted in the row "not placed in a province").');
  assert.equal(summaryCaption({ by: 'day', status: 'all', party: 'gov', counted: 1,
    left_out: { retracted: 0, by_status: 0 } }),
  'Status filter: all; reported by gov. Counted 1 incident. Left out: 0 retracted, 0 by the ' +
    'status filter. Place precision filter: none (every incident counts, however coarsely ' +
    'placed); an incident counts on its start date.');
});

test('incidentRow: the claim, its status, and responses and findings in log order', () => {
  const item = {
    index: 12, party: 'gov', reported: '2020-03-02T10:00:00Z', content_index: 12,
    incident: {
      date: { start: '2020-03-01', end: '2020-03-02', precision: 'days' },
      place: { country: 'AF', admin1: 'AF-HEL', admin2: 'Nad Ali', location: 'Marja', precision: 2 },
      event: { type: 'Battles', subtype: 'Armed clash' },
      actors: { perpetrator: { name: 'Taliban', party: 'iea' }, target: { name: 'ANA' } },
      fatalities: { party_a: range(1, 2, 3) },
    },
    status: 'adjudicated', outcome: 'inconclusive', perpetrator: 'iea',
    counted_fatalities: range(1, 2, 3), corroborations: 0, contests: 1, retracted_by: null,
    responses: [
      { index: 15, party: 'iea', action: 'contest', aspects: ['attribution', 'facts'],
        reason: 'Not our fighters.', received: '', effect: 'applied' },
      { index: 20, party: 'iea', action: 'retract', aspects: [], reason: 'x', received: '',
        effect: 'ignored: not the reporter' },
    ],
    findings: [{ index: 17, party: 'un', outcome: 'inconclusive', finding: { text: 'No access.' }, received: '' }],
  };
  const r = incidentRow(item, new Map([['AF-HEL', 'Helmand']]));
  assert.equal(r.date, '2020-03-01 to 2020-03-02 (days)');
  assert.equal(r.place, 'Marja, Nad Ali, Helmand · precision 2');
  assert.equal(r.type, 'Battles / Armed clash');
  assert.equal(r.perpetrator, 'Taliban (iea)');
  assert.equal(r.target, 'ANA');
  assert.equal(r.fatalities, '2 (1–3)');
  assert.equal(r.status, 'adjudicated');
  assert.equal(r.statusText, 'adjudicated (inconclusive)');
  assert.equal(r.reporter, 'gov');
  assert.equal(r.synthetic, false);  // no synthetic source, notes not "[synthetic] ..."
  assert.equal(incidentRow({ ...item, incident: { ...item.incident,
    sources: [{ name: 'jirga demo', scale: 'synthetic' }] } }).synthetic, true);
  assert.deepEqual(r.history, [
    { index: 15, party: 'iea', what: 'contest: attribution, facts', text: 'Not our fighters.', effect: null },
    { index: 17, party: 'un', what: 'finding: inconclusive', text: 'No access.', effect: null },
    { index: 20, party: 'iea', what: 'retract', text: 'x', effect: 'ignored: not the reporter' },
  ]);

  const bare = incidentRow({ ...item, status: 'unilateral', outcome: null, responses: [], findings: [],
    counted_fatalities: range(4, 4, 4),
    incident: { ...item.incident, date: { start: '2020-03-01', precision: 'day' },
      place: { country: 'AF', precision: 6 }, actors: { perpetrator: { name: 'unknown' } } } });
  assert.equal(bare.date, '2020-03-01 (day)');
  assert.equal(bare.place, 'AF (no province) · precision 6');
  assert.equal(bare.fatalities, '4');
  assert.equal(bare.statusText, 'unilateral claim');
  assert.equal(bare.perpetrator, 'unknown');
  assert.deepEqual(bare.history, []);
});

// The public geoBoundaries ADM1 file in ../shared/data/provinces, when present: every one of its
// 34 features lands on its own province despite its defects (shapeISO "AF_KAN" for Kandahar,
// "AF-BDN" for Badakhshan, the name "Ghanzi" for Ghazni).
const boundariesFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/data/provinces/geoBoundaries-AFG-ADM1_simplified.geojson');
// The provinces' English names as OCHA writes them (public facts; the server's gazetteer has the same).
const EN = { 'AF-BAL': 'Balkh', 'AF-BAM': 'Bamyan', 'AF-BDG': 'Badghis', 'AF-BDS': 'Badakhshan',
  'AF-BGL': 'Baghlan', 'AF-DAY': 'Daykundi', 'AF-FRA': 'Farah', 'AF-FYB': 'Faryab', 'AF-GHA': 'Ghazni',
  'AF-GHO': 'Ghor', 'AF-HEL': 'Helmand', 'AF-HER': 'Herat', 'AF-JOW': 'Jowzjan', 'AF-KAB': 'Kabul',
  'AF-KAN': 'Kandahar', 'AF-KAP': 'Kapisa', 'AF-KDZ': 'Kunduz', 'AF-KHO': 'Khost', 'AF-KNR': 'Kunar',
  'AF-LAG': 'Laghman', 'AF-LOG': 'Logar', 'AF-NAN': 'Nangarhar', 'AF-NIM': 'Nimroz',
  'AF-NUR': 'Nuristan', 'AF-PAN': 'Panjshir', 'AF-PAR': 'Parwan', 'AF-PIA': 'Paktia',
  'AF-PKA': 'Paktika', 'AF-SAM': 'Samangan', 'AF-SAR': 'Sar-e Pol', 'AF-TAK': 'Takhar',
  'AF-URU': 'Uruzgan', 'AF-WAR': 'Wardak', 'AF-ZAB': 'Zabul' };

test('matchFeatures + projectFeatures on the real geoBoundaries file', (t) => {
  if (!fs.existsSync(boundariesFile)) return t.skip(`shared data ${boundariesFile} is absent`);
  const gaz = ISO_CODES.map((iso) => ({ iso, en: EN[iso] }));
  const geojson = JSON.parse(fs.readFileSync(boundariesFile, 'utf8'));
  const r = matchFeatures(geojson, gaz);
  assert.deepEqual(r.unmatched, []);
  assert.deepEqual(r.missing, []);
  assert.deepEqual(r.duplicates, []);
  assert.deepEqual(r.matched.map((m) => m.iso).sort(), ISO_CODES); // each province exactly once
  assert.deepEqual(r.matched.filter((m) => m.note).map((m) => [m.iso, m.how, m.note]), [
    ['AF-KAN', 'code', 'code "AF_KAN" read as AF-KAN'],
    ['AF-BDS', 'name', 'unknown code "AF-BDN"; name "Badakhshan"'],
  ]);
  const paths = projectFeatures(r.matched, 720, 560, 8);
  assert.equal(paths.length, 34);
  // Every coordinate inside the box, and the country touches both margins of the limiting side.
  const nums = paths.flatMap((p) => p.d.match(/-?\d+(\.\d+)?/g).map(Number));
  const xs = nums.filter((_, i) => i % 2 === 0);
  const ys = nums.filter((_, i) => i % 2 === 1);
  assert.ok(Math.min(...xs) >= 0 && Math.max(...xs) <= 720);
  assert.ok(Math.min(...ys) >= 0 && Math.max(...ys) <= 560);
  const herat = paths.find((p) => p.iso === 'AF-HER').d.match(/-?\d+(\.\d+)?/g).map(Number);
  const badakhshan = paths.find((p) => p.iso === 'AF-BDS').d.match(/-?\d+(\.\d+)?/g).map(Number);
  // Herat is in the west: its mean x is left of Badakhshan's (north-east).
  const meanX = (a) => a.filter((_, i) => i % 2 === 0).reduce((x, y) => x + y, 0) / (a.length / 2);
  assert.ok(meanX(herat) < meanX(badakhshan));
});
