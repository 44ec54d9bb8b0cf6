// End-to-end test of the Monitor page (#/monitor) in Debian's Chromium against a real
// `jirga serve`, on a store filled through the real CLI: parties registered with
// `jirga party register`, incidents, a corroboration, a retraction, a baseline and a ceasefire
// submitted with `jirga submit`, and a contest submitted with `jirga submit --server` while the
// page is open. The expected numbers are computed here from what the test submitted.
//
//   node web/test/monitor.test.mjs --jirga build/jirga [--chromium /usr/bin/chromium]
//                                  [--artifacts DIR]   (screenshots; CTest: build/test-artifacts)
//
// Registered with CTest as DashboardMonitorBrowser. Fails (does not skip) without Chromium or
// playwright-core. The choropleth step uses ../shared/data/provinces' geoBoundaries file when it
// exists, else a small GeoJSON made here with the same defects.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { launchBrowser, runJirga, saveScreenshot, startServer, testArgs } from './harness.mjs';

const args = testArgs('monitor.test.mjs');
const JIRGA = args.jirga;
const UI_TIMEOUT = 15_000;
const SHARED_BOUNDARIES = path.resolve(path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/provinces/geoBoundaries-AFG-ADM1_simplified.geojson');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jirga-monitor-'));
const store = path.join(tmp, 'log.db');
const jirga = (argv, input) => runJirga(JIRGA, argv, input);

let server;
let browser; // {context, page, errors}
let logVkey;
const keys = {};
let page;

// ---------------------------------------------------------------------------------------------
// What the test submits. Each incident: [reporter, date, admin1 (or null), place precision,
// fatalities best]. Place precision 5 or more is coarser than a province: not on the map.
const INCIDENTS = [
  ['gov', '2020-03-02', 'AF-HEL', 2, 3], // #0 — contested by iea while the page is open
  ['gov', '2020-03-02', 'AF-HEL', 1, 0],
  ['gov', '2020-03-04', 'AF-HEL', 4, 5],
  ['iea', '2020-03-06', 'AF-HEL', 3, 1],
  ['gov', '2020-03-03', 'AF-HEL', 5, 7], // coarser than a province: not on the map at ≤ 4
  ['gov', '2020-03-03', 'AF-KAB', 1, 2], // #5 — corroborated by iea
  ['iea', '2020-03-05', 'AF-KAB', 2, 0],
  ['gov', '2020-03-06', 'AF-KAN', 2, 4], // #7 — retracted by gov
  ['gov', '2020-03-07', 'AF-KAN', 2, 1],
  ['iea', '2020-03-01', null, 6, 2], // country only
];
const CONTESTED = 0;
const CORROBORATED = 5;
const RETRACTED = 7;
const BASELINE = { name: 'winter', from: '2020-02-24', to: '2020-03-01' };
const CEASEFIRE = { id: 'eid', parties: ['gov', 'iea'], scope: 'nationwide', start: '2020-03-05',
  end: '2020-03-06', mode: 'mutual', text: 'Three days of calm.' };

const incidentIndex = []; // INCIDENTS[i] → log index

function incidentBody([, date, admin1, precision, best], i) {
  const place = { country: 'AF', precision };
  if (admin1) place.admin1 = admin1;
  return {
    date: { start: date, precision: 'day' },
    place,
    event: { type: 'Battles', subtype: 'Armed clash' },
    actors: { perpetrator: { name: `Group ${i}` } },
    fatalities: { unknown: { low: best, best, high: best + 1 } },
    notes: `Test incident ${i}.`,
  };
}

const line = (kind, body, time = '2020-03-08T09:00:00Z') => JSON.stringify({ kind, time, body });

// Submits JSON lines with `key`'s party; returns the indexes printed.
function submit(party, lines) {
  return jirga(['submit', '--store', store, '--key', keys[party], '-'], lines.join('\n') + '\n')
    .split('\n').map((l) => Number(l.split(' ')[0]));
}

// The map's expected numbers for status "all" at place precision ≤ max: not retracted, placed
// in the province finely enough.
function expectedOnMap(iso, maxPrecision = 4) {
  const rows = INCIDENTS.filter((r, i) => r[2] === iso && r[3] <= maxPrecision && i !== RETRACTED);
  return { events: rows.length, best: rows.reduce((s, r) => s + r[4], 0) };
}

const screenshot = (name) => saveScreenshot(page, args.artifacts, name);

const byTestId = (id) => page.getByTestId(id);
const tile = (iso) => page.locator(`[data-testid="map-tile"][data-iso="${iso}"]`);
const rowIndexes = () => byTestId('incident-row').evaluateAll((els) => els.map((e) => Number(e.dataset.index)));

// Waits until the page has reloaded its data after a filter change.
async function settle() {
  await page.waitForFunction(() => document.querySelector('[data-testid="monitor-loading"]')?.textContent === '');
}

before(async () => {
  logVkey = jirga(['init', '--store', store, '--origin', 'monitor.test/log']);
  for (const [id, role] of [['gov', 'belligerent'], ['iea', 'belligerent'], ['un', 'mediator']]) {
    keys[id] = path.join(tmp, `${id}.key`);
    const vkey = jirga(['key', 'generate', id, '--out', keys[id]]);
    jirga(['party', 'register', id, '--vkey', vkey, '--role', role, '--store', store]);
  }
  // Incidents one at a time, to keep the index of each.
  INCIDENTS.forEach((r, i) => {
    incidentIndex[i] = submit(r[0], [line('incident', incidentBody(r, i))])[0];
  });
  submit('iea', [line('response', { to: incidentIndex[CORROBORATED], action: 'corroborate',
    reason: 'Our people saw it too.' })]);
  submit('gov', [line('response', { to: incidentIndex[RETRACTED], action: 'retract',
    reason: 'Reported twice by mistake.' })]);
  submit('un', [line('baseline', BASELINE)]);
  submit('gov', [line('ceasefire', CEASEFIRE)]);

  server = await startServer(JIRGA, store);
  browser = await launchBrowser(args.chromium, tmp, UI_TIMEOUT);
  page = browser.page;
});

after(async () => {
  await browser?.context.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('the tile map shows each province\'s count, as computed from what was submitted', async () => {
  await page.goto(`${server.url}/#/monitor`);
  await tile('AF-HEL').waitFor();
  await settle();
  assert.equal(await byTestId('nav-monitor').getAttribute('aria-current'), 'page');
  for (const iso of ['AF-HEL', 'AF-KAB', 'AF-KAN']) {
    const want = expectedOnMap(iso);
    assert.equal(Number(await tile(iso).getAttribute('data-events')), want.events, iso);
    assert.equal(Number(await tile(iso).getAttribute('data-fatalities')), want.best, iso);
    // The number is on the tile as text, and in its title.
    assert.match(await tile(iso).locator('text').nth(1).textContent(), new RegExp(`^${want.events}$`));
    assert.match(await tile(iso).locator('title').textContent(), new RegExp(`: ${want.events} events?, fatalities ${want.best}`));
  }
  assert.equal(await tile('AF-ZAB').getAttribute('data-events'), '0');
  assert.equal(await page.locator('[data-testid="map-tile"]').count(), 34);
  // The text table has the same numbers, and the coarser row: the precision 5 and 6 incidents.
  const kabul = page.locator('[data-testid="province-row"][data-iso="AF-KAB"]');
  assert.equal(Number(await kabul.getAttribute('data-events')), expectedOnMap('AF-KAB').events);
  const coarser = page.locator('[data-testid="province-row"][data-iso=""]');
  assert.equal(Number(await coarser.getAttribute('data-events')),
    INCIDENTS.filter((r, i) => r[3] > 4 && i !== RETRACTED).length);
  // The caption says which precision filter and what was left out (one retraction).
  const caption = await byTestId('map-caption').textContent();
  assert.match(caption, /Status filter: all/);
  assert.match(caption, /Left out: 1 retracted, 0 by the status filter/);
  assert.match(caption, /Place precision filter: 1–4/);
  assert.match(caption, /2 incidents placed more coarsely/);

  // A coarser precision filter puts the precision-5 Helmand incident on the map.
  await byTestId('filter-precision').selectOption('5');
  await page.waitForFunction((n) => document.querySelector('[data-testid="map-tile"][data-iso="AF-HEL"]')
    ?.dataset.events === String(n), expectedOnMap('AF-HEL', 5).events);
  assert.match(await byTestId('map-caption').textContent(), /Place precision filter: 1–5/);
  await byTestId('filter-precision').selectOption('4');
  await settle();
  await screenshot('monitor-tiles');
});

test('the time series draws the baseline and the ceasefire as bands', async () => {
  const baseline = page.locator('[data-testid="band-baseline"][data-id="winter"]');
  const ceasefire = page.locator('[data-testid="band-ceasefire"][data-id="eid"]');
  await baseline.waitFor();
  await ceasefire.waitFor();
  const title = (band) => band.locator('xpath=..').locator('title').textContent();
  assert.match(await title(baseline), /baseline winter: 2020-02-24 to 2020-03-01/);
  assert.match(await title(ceasefire), /ceasefire eid \(mutual, gov, iea; nationwide\): 2020-03-05 to 2020-03-06/);
  // The ceasefire band spans two days' bars: its width is twice one bar's step.
  const bars = byTestId('series-bar');
  const x = async (loc) => Number(await loc.getAttribute('x'));
  const day = (d) => page.locator(`[data-testid="series-bar"][data-day="${d}"]`);
  const step = (await x(day('2020-03-06'))) - (await x(day('2020-03-05')));
  assert.ok(Math.abs(Number(await ceasefire.getAttribute('width')) - 2 * step) < 0.01);
  assert.ok(Math.abs((await x(ceasefire)) - (await x(day('2020-03-05')))) < 0.01);
  // One bar per day from the baseline's start to the last incident (2020-02-24 .. 2020-03-07).
  assert.equal(await bars.count(), 13);
  // Events per day (status all, every precision, not the retracted one) as the bars' values.
  const perDay = {};
  INCIDENTS.forEach((r, i) => {
    if (i !== RETRACTED) perDay[r[1]] = (perDay[r[1]] ?? 0) + 1;
  });
  for (const [d, n] of Object.entries(perDay)) assert.equal(Number(await day(d).getAttribute('data-value')), n, d);
  assert.equal(await day('2020-02-25').getAttribute('data-value'), '0');
  assert.match(await byTestId('series-caption').textContent(), /Place precision filter: none/);
  await screenshot('monitor-series');

  // Per ISO week: bars start on Mondays; 2020-02-24 .. 2020-03-07 is two weeks.
  const monday = (d) => {
    const t = new Date(`${d}T00:00:00Z`);
    t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7));
    return t.toISOString().slice(0, 10);
  };
  const perWeek = {};
  INCIDENTS.forEach((r, i) => {
    if (i !== RETRACTED) perWeek[monday(r[1])] = (perWeek[monday(r[1])] ?? 0) + 1;
  });
  await byTestId('filter-step').selectOption('week');
  await settle();
  assert.deepEqual(await bars.evaluateAll((els) => els.map((e) => [e.dataset.day, Number(e.dataset.value)])),
    Object.entries(perWeek).sort());
  await baseline.waitFor();
  await byTestId('filter-step').selectOption('day');
  await settle();
});

test('the incident table: statuses, and "disputed" after a contest sent while the page is open', async () => {
  const all = INCIDENTS.map((_, i) => i).filter((i) => i !== RETRACTED);
  assert.deepEqual((await rowIndexes()).sort((a, b) => a - b), all.map((i) => incidentIndex[i]).sort((a, b) => a - b));
  const row = (i) => page.locator(`[data-testid="incident-row"][data-index="${incidentIndex[i]}"]`);
  assert.equal(await row(CORROBORATED).getAttribute('data-status'), 'corroborated');
  assert.match(await row(CORROBORATED).getByTestId('incident-history').first().textContent(), /iea\s+corroborate/);
  assert.equal(await row(CONTESTED).getAttribute('data-status'), 'unilateral');
  assert.equal(await byTestId('incident-total').textContent(), String(all.length));

  // Nothing is disputed yet.
  await byTestId('filter-status').selectOption('disputed');
  await settle();
  assert.deepEqual(await rowIndexes(), []);

  // iea contests incident #0 through the running server, as a remote client would.
  const out = jirga(['submit', '--server', server.url, '--log-vkey', logVkey, '--state',
    path.join(tmp, 'client.state'), '--key', keys.iea, '-'],
  line('response', { to: incidentIndex[CONTESTED], action: 'contest', aspects: ['attribution', 'casualties'],
    reason: 'Nobody of ours was there.' }) + '\n');
  const contestIndex = Number(out.split(' ')[0]);

  await byTestId('filter-apply').click(); // the same filters, asked again
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="incident-row"]').length === 1);
  assert.deepEqual(await rowIndexes(), [incidentIndex[CONTESTED]]);
  assert.equal(await row(CONTESTED).getAttribute('data-status'), 'contested');
  const history = await row(CONTESTED).getByTestId('incident-history').allTextContents();
  assert.equal(history.length, 1);
  assert.match(history[0], new RegExp(`#${contestIndex}\\s+iea\\s+contest: attribution, casualties:\\s+Nobody of ours was there\\.`));
  // The map follows the status filter: only Helmand's contested incident is disputed.
  assert.equal(await tile('AF-HEL').getAttribute('data-events'), '1');
  assert.equal(await tile('AF-KAB').getAttribute('data-events'), '0');
  assert.match(await byTestId('map-caption').textContent(), /Status filter: disputed/);
  await screenshot('monitor-disputed');

  // "agreed" is everything else (the retracted one stays out).
  await byTestId('filter-status').selectOption('agreed');
  await settle();
  assert.deepEqual((await rowIndexes()).sort((a, b) => a - b),
    all.filter((i) => i !== CONTESTED).map((i) => incidentIndex[i]).sort((a, b) => a - b));

  // Clicking a province filters the table to it (keyboard: Enter on the focused tile).
  await byTestId('filter-status').selectOption('all');
  await settle();
  await tile('AF-KAB').focus();
  await page.keyboard.press('Enter');
  await settle();
  assert.equal(await tile('AF-KAB').getAttribute('aria-pressed'), 'true');
  assert.deepEqual((await rowIndexes()).sort((a, b) => a - b),
    [incidentIndex[5], incidentIndex[6]].sort((a, b) => a - b));
});

test('a boundaries GeoJSON loaded in the page draws a choropleth with the same counts', async () => {
  let file = SHARED_BOUNDARIES;
  const shared = fs.existsSync(file);
  if (!shared) {
    // Two squares with the real file's defects: an underscore code, and Badakhshan's wrong code.
    const sq = (lon, lat) => ({ type: 'Polygon',
      coordinates: [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]] });
    file = path.join(tmp, 'boundaries.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { shapeName: 'Kandahar', shapeISO: 'AF_KAN' }, geometry: sq(65, 31) },
      { type: 'Feature', properties: { shapeName: 'Helmand', shapeISO: 'AF-HEL' }, geometry: sq(64, 31) },
      { type: 'Feature', properties: { shapeName: 'Badakhshan', shapeISO: 'AF-BDN' }, geometry: sq(71, 36) },
      { type: 'Feature', properties: { shapeName: 'Kabul', shapeISO: 'AF-KAB' }, geometry: sq(69, 34) },
    ] }));
  }
  await byTestId('filter-reset').click();
  await settle();
  await byTestId('boundaries-file').setInputFiles(file);
  await byTestId('map-choropleth').waitFor();
  const area = (iso) => page.locator(`[data-testid="map-area"][data-iso="${iso}"]`);
  assert.equal(await page.locator('[data-testid="map-area"]').count(), shared ? 34 : 4);
  for (const iso of ['AF-HEL', 'AF-KAB', 'AF-KAN']) {
    assert.equal(Number(await area(iso).getAttribute('data-events')), expectedOnMap(iso).events, iso);
  }
  assert.equal(await area('AF-BDS').count(), 1); // matched by its name despite "AF-BDN"
  const notes = await byTestId('boundaries-note').allTextContents();
  assert.ok(notes.some((n) => /AF-KAN: code "AF_KAN" read as AF-KAN/.test(n)), notes.join('\n'));
  assert.ok(notes.some((n) => /AF-BDS: unknown code "AF-BDN"/.test(n)), notes.join('\n'));
  await screenshot('monitor-choropleth');

  // Remembered across a reload; "Forget" goes back to the tile grid.
  await page.reload();
  await byTestId('map-choropleth').waitFor();
  await byTestId('boundaries-forget').click();
  await byTestId('map-tiles').waitFor();
});

test('bad filters are refused in the page, not sent', async () => {
  await byTestId('filter-from').fill('2020-03-07');
  await byTestId('filter-to').fill('2020-03-01');
  await byTestId('filter-apply').click();
  await byTestId('filter-error-to').waitFor();
  assert.match(await byTestId('filter-error-to').textContent(), /to must not be before from/);
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(browser.errors, []);
});
