// End-to-end test of the Exchange page (#/exchange) in Debian's Chromium against a real
// `jirga serve`, on a store filled through the real CLI: two lists, a resolved match, a
// verification, two release batches, an incident and a return-to-fighting observation. The
// expected counts are computed here from what the test submitted.
//
//   node web/test/exchange.test.mjs --jirga build/jirga [--chromium /usr/bin/chromium]
//                                   [--artifacts DIR]
//
// Registered with CTest as DashboardExchangeBrowser. Fails (does not skip) without Chromium or
// playwright-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { launchBrowser, runJirga, saveScreenshot, startServer, testArgs } from './harness.mjs';

const args = testArgs('exchange.test.mjs');
const JIRGA = args.jirga;
const UI_TIMEOUT = 15_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jirga-exchange-'));
const store = path.join(tmp, 'log.db');
const jirga = (argv, input) => runJirga(JIRGA, argv, input);
const keys = {};
let server;
let browser;
let page;

const line = (kind, body, time) => JSON.stringify({ kind, time, body });
function submit(party, lines) {
  return jirga(['submit', '--store', store, '--key', keys[party], '-'], lines.join('\n') + '\n')
    .split('\n').map((l) => Number(l.split(' ')[0]));
}

// Five entries on iea's list (two senior commanders, one of them in "the 15 commanders"), two
// on the government's register.
const T = [
  { entry: 'T-0', name: 'Mohammad Nabi', category: 'senior commander', groups: ['the 15 commanders'] },
  { entry: 'T-1', name: 'Gul Agha', category: 'senior commander' },
  { entry: 'T-2', name: 'Abdul Ghani', category: 'fighter' },
  { entry: 'T-3', name: 'Zabihullah', category: 'fighter' },
  { entry: 'T-4', name: 'Sher Khan', category: 'fighter' },
];
const idx = {};

before(async () => {
  jirga(['init', '--store', store, '--origin', 'exchange.test/log']);
  for (const [id, role] of [['gov', 'belligerent'], ['iea', 'belligerent'], ['icrc', 'verifier']]) {
    keys[id] = path.join(tmp, `${id}.key`);
    const vkey = jirga(['key', 'generate', id, '--out', keys[id]]);
    jirga(['party', 'register', id, '--vkey', vkey, '--role', role, '--store', store]);
  }
  const t = submit('iea', T.map((p) => line('prisoner', {
    list: 'taliban-5000', entry: p.entry, listing_party: 'iea', detaining_party: 'gov',
    name: p.name, category: p.category, ...(p.groups ? { groups: p.groups } : {}), synthetic: true,
  }, '2020-03-10T08:00:00Z')));
  T.forEach((p, i) => { idx[p.entry] = t[i]; });
  const [g0] = submit('gov', [line('prisoner', { list: 'gov-register', entry: 'G-0',
    listing_party: 'gov', detaining_party: 'gov', name: 'Muhammad Nabi', synthetic: true },
  '2020-03-11T08:00:00Z')]);
  submit('icrc', [
    line('verification', { prisoner: idx['T-0'], match: { prisoner: g0, same_person: true },
      identity_confirmed: true, willing: true }, '2020-03-12T08:00:00Z'),
    line('verification', { prisoner: idx['T-1'], identity_confirmed: true, willing: true },
      '2020-03-12T09:00:00Z'),
  ]);
  submit('gov', [
    line('release', { prisoners: [g0, idx['T-1']], date: '2020-04-08', place: 'Bagram',
      batch: 'first' }, '2020-04-08T18:00:00Z'),
    line('release', { prisoners: [idx['T-2']], date: '2020-04-22', place: 'Bagram',
      batch: 'second' }, '2020-04-22T18:00:00Z'),
  ]);
  const [inc] = submit('gov', [line('incident', {
    date: { start: '2020-05-01', precision: 'day' }, place: { country: 'AF', admin1: 'AF-HEL', precision: 2 },
    event: { type: 'Battles', subtype: 'Armed clash' }, actors: { perpetrator: { name: 'Group' } },
    fatalities: { unknown: { low: 1, best: 1, high: 2 } },
  }, '2020-05-02T08:00:00Z')]);
  submit('gov', [line('observation', { prisoner: idx['T-1'], type: 'alleged-return-to-fighting',
    date: '2020-05-01', incident: inc }, '2020-05-02T09:00:00Z')]);

  server = await startServer(JIRGA, store);
  browser = await launchBrowser(args.chromium, tmp, UI_TIMEOUT);
  page = browser.page;
});

after(async () => {
  await browser?.context.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const screenshot = (name) => saveScreenshot(page, args.artifacts, name);

const figure = (list, f) => page.locator(
  `[data-testid="exchange-list"][data-list="${list}"] [data-testid="list-figure"][data-figure="${f}"]`);
const value = async (list, f) => Number(await figure(list, f).getAttribute('data-value'));
const settle = () => page.waitForFunction(
  () => document.querySelector('[data-testid="exchange-loading"]')?.textContent === '');

test('progress bars per list equal the counts of what was submitted', async () => {
  await page.goto(`${server.url}/#/exchange`);
  await figure('taliban-5000', 'demanded').waitFor();
  await settle();
  assert.equal(await page.getByTestId('nav-exchange').getAttribute('aria-current'), 'page');
  // T-0 is released through its link to G-0; T-1 and T-2 directly.
  const want = { demanded: 5, in_custody: 5, matched: 1, verified: 2, released: 3, followed_up: 1 };
  for (const [f, n] of Object.entries(want)) assert.equal(await value('taliban-5000', f), n, f);
  const bar = figure('taliban-5000', 'released').locator('progress');
  assert.equal(await bar.getAttribute('value'), '3');
  assert.equal(await bar.getAttribute('max'), '5');
  assert.equal(await value('gov-register', 'released'), 1);
  const rec = page.locator('[data-testid="exchange-list"][data-list="taliban-5000"] [data-testid="recidivism"]');
  assert.equal(await rec.getAttribute('data-released'), '3');
  assert.equal(await rec.getAttribute('data-linked'), '1');
  const group = page.locator('[data-list="taliban-5000"] [data-testid="by-group"] tr[data-name="the 15 commanders"]');
  assert.match(await group.textContent(), /the 15 commanders\s*1\s*1\s*1\s*1\s*1\s*0/);
  // Counts only: no names on the page; the review queue is explained, not shown.
  const text = await page.locator('main').textContent();
  assert.doesNotMatch(text, /Nabi|Gul Agha/);
  assert.match(await page.getByTestId('review-note').textContent(), /sign in/);
  await screenshot('exchange');
});

test('the batch timeline has one bar per batch in date order', async () => {
  const bars = page.getByTestId('batch-bar');
  assert.equal(await bars.count(), 2);
  assert.deepEqual(await bars.evaluateAll((els) => els.map((e) => [e.dataset.batch, Number(e.dataset.people)])),
    [['first', 2], ['second', 1]]);
});

test('as of a day before the releases, nothing is released; a bad date is refused', async () => {
  await page.getByTestId('filter-at').fill('2020-04-01');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForFunction(() => document.querySelector(
    '[data-list="taliban-5000"] [data-figure="released"]')?.dataset.value === '0');
  assert.equal(await value('taliban-5000', 'verified'), 2);
  await page.getByTestId('no-batches').waitFor();
  await page.getByTestId('filter-at').fill('April');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByTestId('at-error').waitFor();
  assert.deepEqual(browser.errors, []);
});
