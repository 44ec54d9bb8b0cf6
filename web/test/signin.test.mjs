// End-to-end test of the dashboard's sign-in (header control, lib/signin.js) and the Exchange
// page's review queue in Debian's Chromium against a real `jirga serve`, on a store filled
// through the real CLI: two lists, a mediator, and a party entitled to only one list. The key is
// pasted as the text `jirga key generate` wrote; the expected queue is what
// `jirga exchange reconcile --format json` answers on the same store.
//
//   node web/test/signin.test.mjs --jirga build/jirga [--chromium /usr/bin/chromium]
//                                 [--artifacts DIR]
//
// Registered with CTest as DashboardSigninBrowser. Fails (does not skip) without Chromium or
// playwright-core.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseArgs } from 'node:util';

import { launchBrowser, runJirga, startServer } from './harness.mjs';

const { values: args } = parseArgs({
  options: {
    jirga: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    artifacts: { type: 'string' },
  },
});
if (!args.jirga) throw new Error('usage: signin.test.mjs --jirga PATH [--chromium PATH] [--artifacts DIR]');
const JIRGA = path.resolve(args.jirga);
const UI_TIMEOUT = 15_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jirga-signin-'));
const store = path.join(tmp, 'log.db');
const jirga = (argv, input) => runJirga(JIRGA, argv, input);
const keys = {};
let expected;
let server;
let browser;
let page;

const line = (kind, body, time) => JSON.stringify({ kind, time, body });
function submit(party, lines) {
  return jirga(['submit', '--store', store, '--key', keys[party], '-'], lines.join('\n') + '\n');
}

const T = [
  { entry: 'T-0', name: 'Mohammad Nabi', father_name: 'Abdul Rahman' },
  { entry: 'T-1', name: 'Gul Agha', father_name: 'Mohammad Karim' },
  { entry: 'T-2', name: 'Abdul Ghani', father_name: 'Karimullah' },
  { entry: 'T-3', name: 'Sher Khan' },
];
const G = [
  { entry: 'G-0', name: 'Muhammad Nabi', father_name: 'Abdul Rahman' },
  { entry: 'G-1', name: 'Gul Aga', father_name: 'Mohammad Kareem' },
  { entry: 'G-2', name: 'Abdul Ghani', father_name: 'Sayed Jalal' },
  { entry: 'G-3', name: 'Zarif Gul' },
];

before(async () => {
  jirga(['init', '--store', store, '--origin', 'signin.test/log']);
  for (const [id, role] of [['gov', 'belligerent'], ['iea', 'belligerent'], ['unama', 'mediator']]) {
    keys[id] = path.join(tmp, `${id}.key`);
    const vkey = jirga(['key', 'generate', id, '--out', keys[id]]);
    jirga(['party', 'register', id, '--vkey', vkey, '--role', role, '--store', store]);
  }
  // iea lists T-*, held by gov; gov lists and holds G-*: gov may read both lists, iea only one.
  submit('iea', T.map((p) => line('prisoner', { list: 'taliban-5000', listing_party: 'iea',
    detaining_party: 'gov', ...p, synthetic: true }, '2020-03-10T08:00:00Z')));
  submit('gov', G.map((p) => line('prisoner', { list: 'gov-register', listing_party: 'gov',
    detaining_party: 'gov', ...p, synthetic: true }, '2020-03-11T08:00:00Z')));
  expected = JSON.parse(jirga(['exchange', 'reconcile', '--store', store, '--list', 'taliban-5000',
    '--against', 'gov-register', '--format', 'json']));
  // The fixture must exercise both tables.
  assert.ok(expected.matched.length > 0, JSON.stringify(expected.counts));
  assert.ok(expected.review.length > 0, JSON.stringify(expected.counts));

  server = await startServer(JIRGA, store);
  browser = await launchBrowser(args.chromium, tmp, UI_TIMEOUT);
  page = browser.page;
});

after(async () => {
  await browser?.context.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function screenshot(name) {
  if (!args.artifacts) return;
  fs.mkdirSync(args.artifacts, { recursive: true });
  await page.screenshot({ path: path.join(args.artifacts, `${name}.png`), fullPage: true });
}

// Signs in by pasting the key file's text, or with `file` by choosing the file.
async function signInWith(party, { file = false } = {}) {
  await page.getByTestId('signin-open').click();
  assert.match(await page.getByTestId('signin-note').textContent(), /key stays in this page/);
  if (file) {
    await page.getByTestId('signin-file').setInputFiles(keys[party]);
  } else {
    await page.getByTestId('signin-key').fill(fs.readFileSync(keys[party], 'utf8'));
    await page.getByTestId('signin-submit').click();
  }
  await page.getByTestId('signin-party').waitFor();
  assert.equal(await page.getByTestId('signin-party').textContent(), party);
}

test('signed out, the Exchange page shows no queue and says how to get it', async () => {
  await page.goto(`${server.url}/#/exchange`);
  await page.getByTestId('review-note').waitFor();
  assert.match(await page.getByTestId('review-note').textContent(), /sign in/);
  assert.equal(await page.getByTestId('queue-form').count(), 0);
});

test('a malformed key is refused in the page with the parser\'s message', async () => {
  await page.getByTestId('signin-open').click();
  const text = fs.readFileSync(keys.unama, 'utf8');
  await page.getByTestId('signin-key').fill(text.replace('PRIVATE+KEY+', 'PRIVATE+KEY+x'));
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signin-error').waitFor();
  assert.match(await page.getByTestId('signin-error').textContent(), /does not match/);
  await page.getByTestId('signin-cancel').click();
});

test('a mediator signed in by pasting its key file sees the queue the CLI reports', async () => {
  let keySent = false;
  const seed = fs.readFileSync(keys.unama, 'utf8').trim().split('+').slice(4).join('+');
  page.on('request', (r) => { if ((r.postData() ?? '').includes(seed)) keySent = true; });
  await signInWith('unama');
  // The token is kept for the tab only; the key nowhere.
  const stored = await page.evaluate(() => [JSON.stringify(sessionStorage), localStorage.length]);
  assert.equal(JSON.parse(JSON.parse(stored[0])['jirga.session']).party, 'unama');
  assert.equal(stored[1], 0);
  assert.ok(!stored[0].includes(seed));

  await page.getByTestId('queue-list').selectOption('taliban-5000');
  await page.getByTestId('queue-against').selectOption('gov-register');
  await page.getByTestId('queue-show').click();
  await page.getByTestId('reconcile-counts').waitFor();
  const counts = page.getByTestId('reconcile-counts');
  const c = expected.counts;
  assert.equal(Number(await counts.getAttribute('data-matched')), c.matched_auto + c.matched_resolved);
  assert.equal(Number(await counts.getAttribute('data-review')), c.review);
  assert.equal(Number(await counts.getAttribute('data-unmatched-list')), c.unmatched_list);
  assert.equal(Number(await counts.getAttribute('data-unmatched-against')), c.unmatched_against);
  assert.deepEqual(
    await page.getByTestId('matched-pair').evaluateAll((els) =>
      els.map((e) => [e.dataset.a, e.dataset.b, e.dataset.score])),
    expected.matched.map((m) => [m.a.entry, m.b.entry, String(m.score ?? '')]));
  assert.deepEqual(
    await page.getByTestId('review-item').evaluateAll((els) =>
      els.map((e) => [e.dataset.a, e.dataset.candidates])),
    expected.review.map((q) => [q.a.entry, q.candidates.map((x) => `${x.entry}:${x.score}`).join(' ')]));
  // Names are shown, with the reason and the way to resolve.
  const table = await page.getByTestId('review-table').textContent();
  for (const q of expected.review) {
    assert.ok(table.includes(q.a.name) && table.includes(q.reason), q.a.entry);
  }
  assert.match(await page.getByTestId('resolve-note').textContent(), /jirga exchange resolve/);
  assert.ok(!keySent, 'the private key text was sent in a request');
  await screenshot('review-queue');
});

test('a reload keeps the session (sessionStorage); sign out hides the queue and forgets it', async () => {
  await page.reload();
  await page.getByTestId('signin-party').waitFor();
  assert.equal(await page.getByTestId('signin-party').textContent(), 'unama');
  await page.getByTestId('queue-form').waitFor();
  await page.getByTestId('signout').click();
  await page.getByTestId('signin-open').waitFor();
  assert.equal(await page.getByTestId('reconcile-counts').count(), 0);
  assert.equal(await page.getByTestId('queue-form').count(), 0);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});

test('a party entitled to one list only (key file chosen) sees the server\'s 403 message', async () => {
  await signInWith('iea', { file: true });
  await page.getByTestId('queue-list').selectOption('taliban-5000');
  await page.getByTestId('queue-against').selectOption('gov-register');
  await page.getByTestId('queue-show').click();
  await page.getByTestId('queue-error').waitFor();
  const message = await page.getByTestId('queue-error').textContent();
  assert.match(message, /\/v1\/exchange\/reconcile.*: party "iea" may not read every entry of list "gov-register"/);
  assert.doesNotMatch(await page.locator('main').textContent(), /Nabi|Ghani/);
  await screenshot('refused');
  await page.getByTestId('signout').click();
  // Chromium logs every refused fetch as "Failed to load resource"; that one is expected.
  const errors = browser.errors.filter((e) => !/Failed to load resource: .* 403 \(Forbidden\)/.test(e));
  assert.deepEqual(errors, []);
  assert.ok(browser.errors.length <= 1, JSON.stringify(browser.errors));
});
