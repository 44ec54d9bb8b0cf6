// End-to-end test of the dashboard's sign-in (header control, lib/signin.js) and the Exchange
// page's review queue in Debian's Chromium against a real `jirga serve`, on a store filled
// through the real CLI: two lists, a mediator, a verifier, and a party entitled to only one list.
// The key is pasted as the text `jirga key generate` wrote; the expected queue is what
// `jirga exchange reconcile --format json` answers on the same store. A verifier then decides a
// pair in the page: the signed verification is read back with the CLI and the queue the page
// shows afterwards is the CLI's.
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

import { launchBrowser, runJirga, saveScreenshot, startServer, testArgs } from './harness.mjs';

const args = testArgs('signin.test.mjs');
const JIRGA = args.jirga;
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
  for (const [id, role] of [['gov', 'belligerent'], ['iea', 'belligerent'], ['unama', 'mediator'],
    ['icrc', 'verifier']]) {
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

const screenshot = (name) => saveScreenshot(page, args.artifacts, name);

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

const logSize = () => Number(jirga(['log', 'checkpoint', '--store', store]).split('\n')[1]);
const reconcile = () => JSON.parse(jirga(['exchange', 'reconcile', '--store', store, '--list',
  'taliban-5000', '--against', 'gov-register', '--format', 'json']));

async function showQueue() {
  await page.getByTestId('queue-list').selectOption('taliban-5000');
  await page.getByTestId('queue-against').selectOption('gov-register');
  await page.getByTestId('queue-show').click();
  await page.getByTestId('reconcile-counts').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="queue-loading"]')?.textContent === '');
}

test('a decision signed with another key, or by a party that may not verify, appends nothing', async () => {
  await signInWith('unama');
  await showQueue();
  const before = logSize();
  const item = page.getByTestId('review-item').first();
  await item.getByTestId('decide-same').first().click();
  await page.getByTestId('decide-form').waitFor();
  // Signed in as unama, deciding with gov's key: refused in the page.
  await page.getByTestId('decide-key').fill(fs.readFileSync(keys.gov, 'utf8'));
  await page.getByTestId('decide-submit').click();
  await page.getByTestId('decide-error').waitFor();
  assert.match(await page.getByTestId('decide-error').textContent(), /key "gov".*signed in with "unama"/);
  assert.equal(await page.getByTestId('decide-key').inputValue(), '', 'the key text stayed in the page');
  // With its own key: the record is signed, but a mediator may not submit verifications; the
  // server's refusal is shown as it is.
  await page.getByTestId('decide-key').fill(fs.readFileSync(keys.unama, 'utf8'));
  await page.getByTestId('decide-submit').click();
  await page.waitForFunction(() => /\/v1\/records: /.test(
    document.querySelector('[data-testid="decide-error"]')?.textContent ?? ''));
  assert.match(await page.getByTestId('decide-error').textContent(), /\/v1\/records: .*unama.*verification/);
  assert.equal(logSize(), before);
  await page.getByTestId('decide-cancel').click();
  assert.equal(await page.getByTestId('decide-form').count(), 0);
  await page.getByTestId('signout').click();
});

test('a verifier decides a pair in the page: a signed verification the CLI reads back, and the queue moves', async () => {
  let keySent = false;
  const seed = fs.readFileSync(keys.icrc, 'utf8').trim().split('+').slice(4).join('+');
  page.on('request', (r) => { if ((r.postData() ?? '').includes(seed)) keySent = true; });
  await signInWith('icrc', { file: true });
  await showQueue();
  const first = expected.review[0];
  const cand = first.candidates[0];
  const before = logSize();
  const row = page.locator(`[data-testid="review-item"][data-a="${first.a.entry}"]`);
  await row.locator(`[data-testid="decide-same"][data-b="${cand.entry}"]`).click();
  assert.match(await page.getByTestId('decide-summary').textContent(),
    new RegExp(`${first.a.name}.*${cand.name}.*the same person`, 's'));
  await page.getByTestId('decide-notes').fill('interviewed at Pul-e-Charkhi');
  await page.getByTestId('decide-file').setInputFiles(keys.icrc);
  await page.getByTestId('decide-result').waitFor();
  const index = Number(await page.getByTestId('decide-result').getAttribute('data-index'));
  assert.equal(index, before);
  assert.equal(logSize(), before + 1);

  // The record, read back with the CLI: the verification `jirga exchange resolve` would write.
  const rec = JSON.parse(jirga(['record', 'show', '--store', store, '--index', String(index)]));
  const raw = JSON.parse(jirga(['record', 'show', '--store', store, '--index', String(index), '--raw']));
  assert.equal(raw.kind, 'verification');
  assert.equal(raw.party, 'icrc');
  assert.deepEqual(raw.body, { prisoner: first.a.prisoner, notes: 'interviewed at Pul-e-Charkhi',
    match: { prisoner: cand.prisoner, same_person: true } });
  assert.ok(Math.abs(Date.parse(raw.time) - Date.now()) < 10 * 60 * 1000, raw.time);
  assert.equal(await page.getByTestId('decide-result').getAttribute('data-leaf-hash'), rec.leaf_hash);
  jirga(['log', 'verify', '--store', store]);

  // The queue the page shows now is the CLI's: the pair is matched (resolved), out of review.
  const after = reconcile();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="reconcile-counts"]')
    ?.dataset.review) === n, after.counts.review);
  assert.ok(after.matched.some((m) => m.a.entry === first.a.entry && m.b.entry === cand.entry &&
    m.source === 'resolved'), JSON.stringify(after.matched));
  assert.deepEqual(
    await page.getByTestId('matched-pair').evaluateAll((els) =>
      els.map((e) => [e.dataset.a, e.dataset.b, e.dataset.source])),
    after.matched.map((m) => [m.a.entry, m.b.entry, m.source]));
  assert.deepEqual(
    await page.getByTestId('review-item').evaluateAll((els) => els.map((e) => e.dataset.a)),
    after.review.map((q) => q.a.entry));
  // The counts above the queue moved too: the resolved pair is matched on both lists.
  await page.waitForFunction(() => document.querySelector(
    '[data-list="taliban-5000"] [data-figure="matched"]')?.dataset.value === '1');
  assert.ok(!keySent, 'the private key text was sent in a request');
  await screenshot('decided');
  await page.getByTestId('signout').click();
  const errors = browser.errors.filter((e) => !/Failed to load resource: .* 40[13] \((Forbidden|Unauthorized)\)/.test(e));
  assert.deepEqual(errors, []);
});

test('a token the server no longer knows (as after a restart) signs the page out and says why', async () => {
  await signInWith('unama');
  // The server forgets tokens when it restarts; a token it never issued is answered the same.
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('jirga.session'));
    sessionStorage.setItem('jirga.session', JSON.stringify({ ...s, token: 'forgotten-by-the-server' }));
  });
  await page.reload();
  await page.getByTestId('signin-party').waitFor();
  await page.getByTestId('queue-show').click();
  await page.getByTestId('signin-ended').waitFor();
  assert.match(await page.getByTestId('signin-ended').textContent(), /session ended.*Sign in again/);
  assert.equal(await page.getByTestId('queue-form').count(), 0);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  assert.doesNotMatch(await page.locator('main').textContent(), /Nabi|Ghani/);
  // Signing in again works and clears the notice.
  await signInWith('unama');
  assert.equal(await page.getByTestId('signin-ended').count(), 0);
  await page.getByTestId('signout').click();
});
